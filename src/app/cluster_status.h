// GET /api/cluster/nodes answered: from ZooKeeper in a cluster (the registered nodes and the
// lock znodes of the queue's partitions), else this process alone with every partition.
#pragma once

#include <string>

#include "api/rest/rest_context.h"
#include "cluster/zookeeper/zookeeper_cluster.h"

namespace pacificsoft::app {

class ProcessClusterStatus final : public api::ClusterStatus {
 public:
  // `cluster` is null standalone; it outlives this.
  ProcessClusterStatus(api::ClusterNodeView self, std::string queue, std::uint32_t partitions,
                       cluster::zookeeper::ZookeeperCluster* cluster)
      : self_(std::move(self)),
        queue_(std::move(queue)),
        partitions_(partitions),
        cluster_(cluster) {}

  Result<std::vector<api::ClusterNodeView>> nodes() override;

 private:
  const api::ClusterNodeView self_;
  const std::string queue_;
  const std::uint32_t partitions_;
  cluster::zookeeper::ZookeeperCluster* const cluster_;
};

}  // namespace pacificsoft::app
