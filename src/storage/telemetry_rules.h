// Rules every time-series and attribute backend applies alike: what input is refused, how TTL
// and aggregation buckets are computed. Formats: docs/formats/timeseries_store*.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"
#include "model/kv.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage {

// Limits of a backend's write path; every backend reads the same options.
struct TelemetryWriteOptions {
  // Points queued for the writer before save() blocks its caller (back-pressure).
  std::size_t max_queued_points = 200'000;
  // How long a blocked save() waits before done(Unavailable) is called on the caller's thread.
  std::chrono::milliseconds enqueue_timeout{1000};
  // Shortest time from one commit of the writer to the next. A commit rewrites every page it
  // touched, so under load fewer, larger batches write far less; after an idle spell the first
  // job still commits at once.
  std::chrono::milliseconds commit_interval{0};
  // Longest string or JSON value accepted (the reference's str_v column size).
  std::size_t max_value_bytes = 10'000'000;
};

// The reference's key column size.
inline constexpr std::size_t kMaxKeyBytes = 255;

inline Status check_key(std::string_view key) {
  if (key.size() > kMaxKeyBytes) {
    return invalid_argument("key longer than " + std::to_string(kMaxKeyBytes) + " bytes");
  }
  return Status::ok();
}

// Strings and JSON at most max_bytes long.
inline Status check_value(const model::KvValue& value, std::size_t max_bytes) {
  std::size_t size = 0;
  if (const auto* text = std::get_if<std::string>(&value)) size = text->size();
  if (const auto* json = std::get_if<model::JsonText>(&value)) size = json->text.size();
  if (size > max_bytes) {
    return invalid_argument("value of " + std::to_string(size) + " bytes is longer than " +
                            std::to_string(max_bytes));
  }
  return Status::ok();
}

// check_key and check_value over every item (TsKv or AttributeKv).
template <typename Items>
Status check_items(const Items& items, std::size_t max_value_bytes) {
  for (const auto& item : items) {
    PS_RETURN_IF_ERROR(check_key(item.key));
    PS_RETURN_IF_ERROR(check_value(item.value, max_value_bytes));
  }
  return Status::ok();
}

// The items' keys, in order (views into the items), when check_items passes.
template <typename Items>
Result<std::vector<std::string_view>> checked_keys(const Items& items,
                                                   std::size_t max_value_bytes) {
  PS_RETURN_IF_ERROR(check_items(items, max_value_bytes));
  std::vector<std::string_view> keys;
  keys.reserve(items.size());
  for (const auto& item : items) keys.push_back(item.key);
  return keys;
}

// ts + ttl, saturating: a far-future expiry is as good as none.
inline std::int64_t expiry_of(std::int64_t ts, std::int64_t ttl_s) {
  std::int64_t ttl_ms = 0;
  std::int64_t expiry = 0;
  if (__builtin_mul_overflow(ttl_s, 1000, &ttl_ms) || __builtin_add_overflow(ts, ttl_ms, &expiry)) {
    return std::numeric_limits<std::int64_t>::max();
  }
  return expiry;
}

// The persisted scope number; anything outside the enum is refused, never stored.
inline Result<std::int64_t> scope_number(model::AttributeScope scope) {
  auto number = static_cast<std::int64_t>(scope);
  if (number < static_cast<std::int64_t>(model::AttributeScope::kClient) ||
      number > static_cast<std::int64_t>(model::AttributeScope::kShared)) {
    return invalid_argument("unknown attribute scope " + std::to_string(number));
  }
  return number;
}
// The same for an optional scope (nullopt: every scope).
inline Result<std::optional<std::int64_t>> scope_number(
    std::optional<model::AttributeScope> scope) {
  if (!scope) return std::optional<std::int64_t>();
  auto number = scope_number(*scope);
  if (!number) return number.status();
  return std::optional<std::int64_t>(*number);
}

// The buckets of an aggregated query: bucket b covers [start + b*interval, min(start +
// (b+1)*interval, end)) and is answered at the middle of that span (the reference's rule).
class Buckets {
 public:
  // InvalidArgument for a non-positive interval or a range wider than 64 bits; no buckets when
  // end <= start.
  static Result<Buckets> of(const TsQuery& query) {
    if (query.interval_ms <= 0) return invalid_argument("aggregation interval must be positive");
    if (query.end_ts <= query.start_ts) return Buckets(query, 0);
    std::int64_t width = 0;
    if (__builtin_sub_overflow(query.end_ts, query.start_ts, &width)) {
      return invalid_argument("query time range too wide");
    }
    return Buckets(query, width / query.interval_ms + (width % query.interval_ms != 0 ? 1 : 0));
  }

  std::int64_t count() const { return count_; }
  std::int64_t begin(std::int64_t bucket) const { return start_ + bucket * interval_; }
  std::int64_t end(std::int64_t bucket) const {
    std::int64_t begin_ts = begin(bucket);
    return end_ - begin_ts > interval_ ? begin_ts + interval_ : end_;
  }
  // The ts a bucket is answered at.
  std::int64_t ts(std::int64_t bucket) const {
    std::int64_t begin_ts = begin(bucket);
    return begin_ts + (end(bucket) - begin_ts) / 2;
  }

 private:
  Buckets(const TsQuery& query, std::int64_t count)
      : start_(query.start_ts), end_(query.end_ts), interval_(query.interval_ms), count_(count) {}

  std::int64_t start_;
  std::int64_t end_;
  std::int64_t interval_;
  std::int64_t count_;
};

}  // namespace pacificsoft::storage
