// Entity store backends by name ("sqlite", later "postgres"). app/ registers each backend
// explicitly and opens the one the configuration names.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "storage/entity_store.h"

namespace pacificsoft::storage {

struct StorageOptions {
  std::string data_dir;  // where embedded backends keep their files
};

using EntityStoreFactory =
    std::function<Result<std::unique_ptr<EntityStore>>(const StorageOptions& options)>;

// Filled once at start-up, then read-only.
class EntityStoreRegistry {
 public:
  void add(const std::string& name, EntityStoreFactory factory) {
    factories_[name] = std::move(factory);
  }
  bool contains(const std::string& name) const { return factories_.count(name) != 0; }

  // The names, comma-separated, for error messages.
  std::string names() const {
    std::string joined;
    for (const auto& [name, factory] : factories_) joined += (joined.empty() ? "" : ", ") + name;
    return joined;
  }

  Result<std::unique_ptr<EntityStore>> open(const std::string& name,
                                            const StorageOptions& options) const {
    auto it = factories_.find(name);
    if (it == factories_.end()) return invalid_argument("unknown entity store '" + name + "'");
    return it->second(options);
  }

 private:
  std::map<std::string, EntityStoreFactory> factories_;
};

}  // namespace pacificsoft::storage
