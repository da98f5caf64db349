#include "transport/device_limits.h"

#include <algorithm>
#include <charconv>

#include "common/text.h"

namespace pacificsoft::transport {
namespace {

std::optional<std::int64_t> positive(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

// Refills by elapsed time (the bucket fills to capacity over its period) and takes a token.
template <class Bucket, class Band>
bool take_token(Bucket& bucket, const Band& band, std::int64_t now_ms) {
  const double rate = static_cast<double>(band.capacity) / static_cast<double>(band.period_ms);
  const auto elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - bucket.refilled_ms));
  bucket.tokens = std::min(static_cast<double>(band.capacity), bucket.tokens + elapsed * rate);
  bucket.refilled_ms = now_ms;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace

Result<RateLimit> RateLimit::parse(std::string_view text) {
  RateLimit limit;
  limit.text = std::string(text);
  for (const std::string& band : split_names(text)) {
    auto colon = band.find(':');
    auto capacity = colon == std::string::npos ? std::nullopt : positive(band.substr(0, colon));
    auto seconds = colon == std::string::npos ? std::nullopt : positive(band.substr(colon + 1));
    if (!capacity || !seconds) {
      return invalid_argument("rate limit '" + std::string(text) +
                              "' is not a list of capacity:seconds pairs");
    }
    limit.bands.push_back({*capacity, *seconds * 1000});
  }
  return limit;
}

LocalDeviceLimits::LocalDeviceLimits(DeviceLimitOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

LocalDeviceLimits::Shard& LocalDeviceLimits::shard_of(const Uuid& id) {
  return shards_[std::hash<Uuid>()(id) % kShards];
}

bool LocalDeviceLimits::take(std::unordered_map<Uuid, Buckets>& table, const Uuid& id,
                             const RateLimit& limit, std::int64_t now_ms) {
  auto [found, created] = table.try_emplace(id);
  Buckets& buckets = found->second;
  if (created) {  // a new device or tenant starts with full buckets
    for (const auto& band : limit.bands) {
      buckets.push_back({static_cast<double>(band.capacity), now_ms});
    }
  }
  bool allowed = true;
  for (std::size_t i = 0; i < limit.bands.size(); ++i) {
    allowed = take_token(buckets[i], limit.bands[i], now_ms) && allowed;
  }
  return allowed;
}

bool LocalDeviceLimits::allow_message(const Uuid& device, const Uuid& tenant) {
  const std::int64_t now = clock_.now_ms();
  if (!options_.device_messages.bands.empty()) {
    Shard& shard = shard_of(device);
    std::lock_guard lock(shard.mutex);
    if (!take(shard.devices, device, options_.device_messages, now)) return false;
  }
  if (!options_.tenant_messages.bands.empty()) {
    Shard& shard = shard_of(tenant);
    std::lock_guard lock(shard.mutex);
    if (!take(shard.tenants, tenant, options_.tenant_messages, now)) return false;
  }
  return true;
}

bool LocalDeviceLimits::open_connection(const Uuid& tenant) {
  Shard& shard = shard_of(tenant);
  std::lock_guard lock(shard.mutex);
  std::int64_t& count = shard.connections[tenant];
  if (options_.tenant_connections > 0 && count >= options_.tenant_connections) return false;
  ++count;
  return true;
}

void LocalDeviceLimits::close_connection(const Uuid& tenant) {
  Shard& shard = shard_of(tenant);
  std::lock_guard lock(shard.mutex);
  auto found = shard.connections.find(tenant);
  if (found == shard.connections.end()) return;
  if (--found->second <= 0) shard.connections.erase(found);
}

}  // namespace pacificsoft::transport
