#include "app/cluster_status.h"

namespace pacificsoft::app {

Result<std::vector<api::ClusterNodeView>> ProcessClusterStatus::nodes() {
  if (cluster_ == nullptr) {
    api::ClusterNodeView self = self_;
    auto& owned = self.partitions[queue_];
    for (std::uint32_t partition = 0; partition < partitions_; ++partition) {
      owned.push_back(partition);
    }
    return std::vector<api::ClusterNodeView>{std::move(self)};
  }
  auto owners = cluster_->owners(queue_);
  if (!owners) return owners.status();
  std::vector<api::ClusterNodeView> nodes;
  for (const auto& node : cluster_->nodes()) {
    api::ClusterNodeView view{node.id, node.service_types, node.grpc_address, node.ready, {}};
    auto& owned = view.partitions[queue_];
    for (const auto& [partition, owner] : *owners) {
      if (owner == node.id) owned.push_back(partition);
    }
    nodes.push_back(std::move(view));
  }
  return nodes;
}

}  // namespace pacificsoft::app
