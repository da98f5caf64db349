// Merging per-thread counters.
#include "load_stats.h"

namespace pacificsoft::tools::mqtt_load {

void LoadStats::merge(const LoadStats& other) {
  sent += other.sent;
  acked += other.acked;
  acked_measured += other.acked_measured;
  sent_measured += other.sent_measured;
  refused += other.refused;
  skipped += other.skipped;
  latency_us.insert(latency_us.end(), other.latency_us.begin(), other.latency_us.end());
}

}  // namespace pacificsoft::tools::mqtt_load
