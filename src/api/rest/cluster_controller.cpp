// GET /api/cluster/nodes (system administrator): every node, its readiness and the partitions it
// consumes. Ours; the reference has no such call.
#include "api/rest/controllers.h"

namespace pacificsoft::api {

namespace {

bj::object node_json(const ClusterNodeView& node) {
  bj::array types;
  for (const auto& type : node.service_types) types.emplace_back(type);
  bj::object partitions;
  for (const auto& [queue, owned] : node.partitions) {
    bj::array numbers;
    for (std::uint32_t partition : owned) numbers.emplace_back(partition);
    partitions[queue] = std::move(numbers);
  }
  return {{"id", node.id},
          {"serviceTypes", std::move(types)},
          {"grpcAddress", node.grpc_address},
          {"ready", node.ready},
          {"partitions", std::move(partitions)}};
}

}  // namespace

void register_cluster_routes(net::Router& router, RestServices& services) {
  router.add(net::Method::kGet, "/api/cluster/nodes",
             authenticated(
                 services,
                 [&services](const RestRequest&) -> Result<net::HttpResponse> {
                   auto nodes = services.cluster.nodes();
                   if (!nodes) return nodes.status();
                   bj::array listed;
                   for (const auto& node : *nodes) listed.emplace_back(node_json(node));
                   return net::HttpResponse::json(200, json::serialize(listed));
                 },
                 Allowed::kSysAdmin));
}

}  // namespace pacificsoft::api
