// FNV-1a over the node id and the partition's bytes, then SplitMix64's finaliser: FNV alone
// gives ids that differ in one trailing character weights too close to rank fairly.
#include "cluster/rendezvous.h"

namespace pacificsoft::cluster {

namespace {

std::uint64_t mix(std::uint64_t value) {
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  value ^= value >> 31;
  return value;
}

}  // namespace

std::uint64_t rendezvous_weight(std::string_view node, std::uint32_t partition) {
  std::uint64_t hash = 1469598103934665603ULL;
  const auto add = [&hash](std::uint8_t byte) {
    hash ^= byte;
    hash *= 1099511628211ULL;
  };
  for (char c : node) add(static_cast<std::uint8_t>(c));
  for (int shift = 0; shift < 32; shift += 8) add(static_cast<std::uint8_t>(partition >> shift));
  return mix(hash);
}

std::string owner_of(std::uint32_t partition, std::span<const std::string> nodes) {
  const std::string* best = nullptr;
  std::uint64_t best_weight = 0;
  for (const auto& node : nodes) {
    const std::uint64_t weight = rendezvous_weight(node, partition);
    // Equal weights (practically never) go to the smaller id, so every node agrees.
    if (best == nullptr || weight > best_weight || (weight == best_weight && node < *best)) {
      best = &node;
      best_weight = weight;
    }
  }
  return best != nullptr ? *best : std::string();
}

std::vector<std::uint32_t> partitions_of(std::string_view node, std::uint32_t partitions,
                                         std::span<const std::string> nodes) {
  std::vector<std::uint32_t> owned;
  for (std::uint32_t partition = 0; partition < partitions; ++partition) {
    if (owner_of(partition, nodes) == node) owned.push_back(partition);
  }
  return owned;
}

}  // namespace pacificsoft::cluster
