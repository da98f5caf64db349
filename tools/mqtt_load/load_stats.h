// What the simulated devices count. One LoadStats per event-loop thread, touched only by that
// thread while it runs and merged by main() after the threads are joined; Progress is shared.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

namespace pacificsoft::tools::mqtt_load {

using Clock = std::chrono::steady_clock;

struct LoadStats {
  std::uint64_t sent = 0;                 // PUBLISH packets written
  std::uint64_t acked = 0;                // successful PUBACKs, whole run
  std::uint64_t acked_measured = 0;       // successful PUBACKs inside the measured window
  std::uint64_t sent_measured = 0;        // PUBLISHes written inside the measured window
  std::uint64_t refused = 0;              // PUBACKs with a failure reason code
  std::uint64_t skipped = 0;              // rate mode: ticks with a full window
  std::vector<std::uint32_t> latency_us;  // PUBLISH written to PUBACK read, measured window

  void merge(const LoadStats& other);
};

// Counters main() polls while the loops run.
struct Progress {
  std::atomic<int> connected{0};
  std::atomic<int> failed{0};      // refused CONNACK or no connection
  std::atomic<int> closed{0};      // lost after CONNACK
  std::atomic<int> connecting{0};  // CONNECT sent, CONNACK not yet read
  std::atomic<std::int64_t> in_flight{0};
};

// The measured window, fixed before publishing starts and read-only afterwards.
struct Schedule {
  Clock::time_point measure_start;
  Clock::time_point measure_end;  // no new PUBLISH after this
  bool measuring(Clock::time_point now) const { return now >= measure_start && now < measure_end; }
};

}  // namespace pacificsoft::tools::mqtt_load
