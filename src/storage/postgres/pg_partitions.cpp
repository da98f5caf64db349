// Month arithmetic on the proleptic Gregorian calendar (UTC), and partition DDL under an
// advisory lock so nodes creating the same month take turns.
#include "storage/postgres/internal/pg_partitions.h"

#include <cstdio>

#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
// Serialises partition DDL across nodes: the bytes of "pspartit".
constexpr const char* kLockPartitions = "SELECT pg_advisory_xact_lock(8102949393399490932)";

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, std::int64_t month, std::int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Year and month (1-12) of a day since 1970-01-01 (civil_from_days).
std::pair<std::int64_t, std::int64_t> civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month};
}

}  // namespace

std::int64_t month_of(std::int64_t ts) {
  if (ts < 0 || ts >= month_start(kEndMonth)) return -1;
  auto [year, month] = civil_from_days(ts / kMsPerDay);
  return (year - 1970) * 12 + (month - 1);
}

std::int64_t month_start(std::int64_t month) {
  return days_from_civil(1970 + month / 12, month % 12 + 1, 1) * kMsPerDay;
}

std::string partition_name(std::int64_t month) {
  char name[32];
  std::snprintf(name, sizeof(name), "ts_kv_%04d_%02d", static_cast<int>(1970 + month / 12),
                static_cast<int>(month % 12 + 1));
  return name;
}

Status PgPartitions::ensure(PgConnection& conn, std::int64_t month) {
  if (known_.contains(month) || pending_.contains(month)) return Status::ok();
  std::string name = partition_name(month);
  PgParams params;
  auto exists = conn.exec("SELECT to_regclass(" + params.add(name) + ") IS NOT NULL", params);
  if (!exists) return exists.status();
  if (exists->text(0, 0) != "t") {
    PS_RETURN_IF_ERROR(conn.exec_script(kLockPartitions));
    // Names and bounds are computed here, never taken from input.
    std::string sql = "CREATE TABLE IF NOT EXISTS " + name +
                      " PARTITION OF ts_kv FOR VALUES FROM (" + std::to_string(month_start(month)) +
                      ") TO (" + std::to_string(month_start(month + 1)) + ")";
    PS_RETURN_IF_ERROR(conn.exec_script(sql.c_str()));
  }
  pending_.insert(month);
  return Status::ok();
}

void PgPartitions::end_transaction(bool committed) {
  if (committed) known_.merge(pending_);
  pending_.clear();
}

Status PgPartitions::drop_ending_before(PgConnection& conn, std::int64_t cutoff_ts) {
  PS_RETURN_IF_ERROR(conn.exec_script(kLockPartitions));
  auto children = conn.exec(
      "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
      "WHERE i.inhparent = 'ts_kv'::regclass ORDER BY 1",
      PgParams());
  if (!children) return children.status();
  for (int row = 0; row < children->rows(); ++row) {
    std::string name = children->text(row, 0);
    int year = 0;
    int month = 0;
    char rest = 0;
    if (std::sscanf(name.c_str(), "ts_kv_%4d_%2d%c", &year, &month, &rest) != 2) continue;
    std::int64_t number = (year - 1970) * 12 + (month - 1);
    if (number < kFirstMonth || number >= kEndMonth || partition_name(number) != name) continue;
    if (month_start(number + 1) > cutoff_ts) continue;
    PS_RETURN_IF_ERROR(conn.exec_script(("DROP TABLE IF EXISTS " + name).c_str()));
    known_.erase(number);  // harmless if the transaction rolls back: ensure() looks again
  }
  return Status::ok();
}

}  // namespace pacificsoft::storage::postgres
