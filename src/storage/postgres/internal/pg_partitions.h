// The monthly range partitions of ts_kv: which month a point falls in, creating a month's
// partition when a batch first needs it (or ahead of time), dropping months past the retention.
// Format: docs/formats/timeseries_store_postgres.md.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "common/status.h"

namespace pacificsoft::storage::postgres {

class PgConnection;

// Months are numbered from 1970-01 (month 0) up to 9999-12; points outside [1970, 10000) go to
// the two fixed partitions ts_kv_before_1970 and ts_kv_from_10000.
inline constexpr std::int64_t kFirstMonth = 0;
inline constexpr std::int64_t kEndMonth = std::int64_t{10000 - 1970} * 12;

// The month of a ts, or -1 when outside the monthly range.
std::int64_t month_of(std::int64_t ts);
// The first ms of a month (month kEndMonth: the end of the monthly range).
std::int64_t month_start(std::int64_t month);
// "ts_kv_2024_03".
std::string partition_name(std::int64_t month);

// Which months have a partition, as far as this process knows. Writer thread only.
class PgPartitions {
 public:
  // Inside the caller's transaction: creates the month's partition unless it exists. The new
  // partition counts as known once the transaction committed (end_transaction(true)).
  Status ensure(PgConnection& conn, std::int64_t month);
  void end_transaction(bool committed);
  // After an insert found no partition (another node dropped it): forget what is known.
  void forget() { known_.clear(); }

  // Inside the caller's transaction: drops every monthly partition that ends at or before
  // `cutoff_ts` (whole months past the retention: no row-by-row DELETE).
  Status drop_ending_before(PgConnection& conn, std::int64_t cutoff_ts);

 private:
  std::set<std::int64_t> known_;
  std::set<std::int64_t> pending_;
};

}  // namespace pacificsoft::storage::postgres
