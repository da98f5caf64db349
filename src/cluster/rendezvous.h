// Which node owns a partition, by rendezvous (highest-random-weight) hashing: for each partition
// the node with the highest weight(node id, partition) owns it. Every node computes the same
// answer from the same set of node ids, and a change of the set moves only what it must: a
// joining node takes about P/N partitions from the others, a leaving node's go to the rest, and
// nobody else's move (CLUSTER.md). The weight is stable across processes and builds.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pacificsoft::cluster {

std::uint64_t rendezvous_weight(std::string_view node, std::uint32_t partition);

// The owner of `partition` among `nodes` (ids, in any order); empty when there are none.
std::string owner_of(std::uint32_t partition, std::span<const std::string> nodes);

// The partitions of `partitions` in all that `node` owns among `nodes`, ascending.
std::vector<std::uint32_t> partitions_of(std::string_view node, std::uint32_t partitions,
                                         std::span<const std::string> nodes);

}  // namespace pacificsoft::cluster
