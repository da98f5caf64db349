#include "queue/message_queue.h"

namespace pacificsoft::queue {

std::uint32_t partition_of(const Uuid& originator, std::uint32_t partitions) {
  // FNV-1a over the uuid bytes: stable across processes and builds (std::hash is not).
  std::uint64_t hash = 1469598103934665603ULL;
  for (std::uint8_t byte : originator.bytes()) {
    hash ^= byte;
    hash *= 1099511628211ULL;
  }
  return static_cast<std::uint32_t>(hash % (partitions == 0 ? 1 : partitions));
}

}  // namespace pacificsoft::queue
