// Storage backends by name ("sqlite", "postgres"). app/ registers each backend explicitly
// and opens the one the configuration names.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "storage/entity_store.h"
#include "storage/telemetry_rules.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage {

struct StorageOptions {
  std::string data_dir;        // where embedded backends keep their files
  std::string postgres_url;    // libpq URI of the database the postgres backends use
  int postgres_pool_size = 4;  // connections each postgres backend keeps open at most
  // Whole monthly time-series partitions older than this are dropped; 0 keeps them.
  std::int64_t postgres_ts_retention_days = 0;
  TelemetryWriteOptions telemetry_write;  // the time-series writer's limits, every backend
};

// The stores of time series and attributes, which a backend may implement over one database.
struct TelemetryStores {
  std::unique_ptr<TimeseriesStore> timeseries;
  std::unique_ptr<AttributeStore> attributes;
};

// Filled once at start-up, then read-only.
template <typename Stores>
class BackendRegistry {
 public:
  using Factory = std::function<Result<Stores>(const StorageOptions& options)>;

  void add(const std::string& name, Factory factory) { factories_[name] = std::move(factory); }

  Result<Stores> open(const std::string& name, const StorageOptions& options) const {
    auto it = factories_.find(name);
    if (it == factories_.end()) return invalid_argument("unknown storage backend '" + name + "'");
    return it->second(options);
  }

 private:
  std::map<std::string, Factory> factories_;
};

using EntityStoreRegistry = BackendRegistry<std::unique_ptr<EntityStore>>;
using TelemetryStoreRegistry = BackendRegistry<TelemetryStores>;

}  // namespace pacificsoft::storage
