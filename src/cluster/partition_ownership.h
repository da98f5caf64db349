// Which partitions of a queue this process consumes, and the moves of that set. Standalone
// (cluster/local) a process owns every partition; in a cluster each partition has one owner among
// the ready nodes, and it moves only after its old owner let it go (CLUSTER.md: fencing).
#pragma once

#include <cstdint>
#include <string_view>

namespace pacificsoft::cluster {

// Told of the partitions of one queue this process gains and loses, one call at a time.
class PartitionListener {
 public:
  virtual ~PartitionListener() = default;
  // Start consuming the partition, from what was committed in it.
  virtual void on_assigned(std::uint32_t partition) = 0;
  // Stop consuming it. Returns once its in-flight messages finished, or were abandoned
  // uncommitted (the next owner gets them again): nothing of this partition is consumed here
  // afterwards, so the ownership may hand it on.
  virtual void on_revoked(std::uint32_t partition) = 0;
};

// Thread-safe.
class PartitionOwnership {
 public:
  virtual ~PartitionOwnership() = default;
  // Tells `listener` of the partitions of `queue` (of `partitions` in all) this process owns
  // now, then of every change, until leave(queue). One listener per queue; it outlives the join.
  virtual void join(std::string_view queue, std::uint32_t partitions,
                    PartitionListener& listener) = 0;
  // Revokes every partition of `queue` still held (on_revoked for each, before returning) and
  // tells its listener nothing more.
  virtual void leave(std::string_view queue) = 0;
};

}  // namespace pacificsoft::cluster
