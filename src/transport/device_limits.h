// Per-device and per-tenant limits of the device transports: message rates as the reference
// writes them ("capacity:seconds" bands, e.g. "200:1,6000:60": at most 200 a second and 6000 a
// minute, each band a token bucket) and the number of connections a tenant may hold. A device
// over its limit is refused alone; other devices never wait for it.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "common/uuid.h"

namespace pacificsoft::transport {

struct RateLimit {
  struct Band {
    std::int64_t capacity = 0;
    std::int64_t period_ms = 0;
  };
  std::vector<Band> bands;  // empty: unlimited
  std::string text;         // as configured, for getSessionLimits

  // "" (no limit) or "capacity:seconds[,capacity:seconds...]"; InvalidArgument otherwise.
  static Result<RateLimit> parse(std::string_view text);
};

struct DeviceLimitOptions {
  RateLimit device_messages;
  RateLimit tenant_messages;
  std::int64_t tenant_connections = 0;  // 0: unlimited
};

// Thread-safe. The rates and connection counts devices are held to.
class DeviceLimits {
 public:
  virtual ~DeviceLimits() = default;
  // Takes one message from the device's and its tenant's buckets; false when either is empty.
  virtual bool allow_message(const Uuid& device, const Uuid& tenant) = 0;
  // Counts a new connection of the tenant; false (and not counted) at the limit.
  virtual bool open_connection(const Uuid& tenant) = 0;
  virtual void close_connection(const Uuid& tenant) = 0;
  virtual const DeviceLimitOptions& options() const = 0;
};

// Limits counted in this process (a cluster's nodes will share the tenants' counts). State is
// split over shards so devices rarely share a lock.
class LocalDeviceLimits final : public DeviceLimits {
 public:
  LocalDeviceLimits(DeviceLimitOptions options, const Clock& clock);

  bool allow_message(const Uuid& device, const Uuid& tenant) override;
  bool open_connection(const Uuid& tenant) override;
  void close_connection(const Uuid& tenant) override;
  const DeviceLimitOptions& options() const override { return options_; }

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t refilled_ms = 0;
  };
  using Buckets = std::vector<Bucket>;
  struct Shard {
    std::mutex mutex;
    std::unordered_map<Uuid, Buckets> devices;
    std::unordered_map<Uuid, Buckets> tenants;
    std::unordered_map<Uuid, std::int64_t> connections;
  };
  static constexpr std::size_t kShards = 16;

  Shard& shard_of(const Uuid& id);
  bool take(std::unordered_map<Uuid, Buckets>& table, const Uuid& id, const RateLimit& limit,
            std::int64_t now_ms);

  DeviceLimitOptions options_;
  const Clock& clock_;
  std::array<Shard, kShards> shards_;
};

}  // namespace pacificsoft::transport
