// LocalPartitionOwnership: every partition is assigned on join and revoked on leave.
#include "cluster/local/local_partition_ownership.h"

namespace pacificsoft::cluster {

void LocalPartitionOwnership::join(std::string_view queue, std::uint32_t partitions,
                                   PartitionListener& listener) {
  std::lock_guard lock(mutex_);
  joined_[std::string(queue)] = Joined{partitions, &listener};
  for (std::uint32_t partition = 0; partition < partitions; ++partition) {
    listener.on_assigned(partition);
  }
}

void LocalPartitionOwnership::leave(std::string_view queue) {
  std::lock_guard lock(mutex_);
  auto found = joined_.find(queue);
  if (found == joined_.end()) return;
  for (std::uint32_t partition = 0; partition < found->second.partitions; ++partition) {
    found->second.listener->on_revoked(partition);
  }
  joined_.erase(found);
}

}  // namespace pacificsoft::cluster
