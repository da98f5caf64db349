// Standalone partition ownership: the only process owns every partition of every queue.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "cluster/partition_ownership.h"

namespace pacificsoft::cluster {

// Thread-safe.
class LocalPartitionOwnership final : public PartitionOwnership {
 public:
  void join(std::string_view queue, std::uint32_t partitions, PartitionListener& listener) override;
  void leave(std::string_view queue) override;

 private:
  struct Joined {
    std::uint32_t partitions = 0;
    PartitionListener* listener = nullptr;
  };

  std::mutex mutex_;  // held while a listener is told, so its calls come one at a time
  std::map<std::string, Joined, std::less<>> joined_;  // by queue; guarded by mutex_
};

}  // namespace pacificsoft::cluster
