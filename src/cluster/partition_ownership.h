// Which partitions of a queue this process consumes, and the moves of that set. Standalone
// (cluster/local) a process owns every partition; in a cluster each partition has one owner among
// the ready nodes, and it moves only after its old owner let it go (CLUSTER.md: fencing).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

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

// Several listeners of one queue as one: assignments reach them in the given order, revocations
// in the reverse, so a listener that others need (state they read) gets a partition before them
// and lets it go after them.
class PartitionListeners final : public PartitionListener {
 public:
  PartitionListeners(std::initializer_list<PartitionListener*> listeners) : listeners_(listeners) {}

  void on_assigned(std::uint32_t partition) override {
    for (auto* listener : listeners_) listener->on_assigned(partition);
  }
  void on_revoked(std::uint32_t partition) override {
    for (auto it = listeners_.rbegin(); it != listeners_.rend(); ++it) (*it)->on_revoked(partition);
  }

 private:
  const std::vector<PartitionListener*> listeners_;
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
