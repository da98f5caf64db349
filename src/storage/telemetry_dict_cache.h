// The in-memory side of a telemetry backend's key and entity dictionaries (key text and
// (entity type, uuid) to small integer ids): ids known to be committed, shared by every thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "model/entity_type.h"

namespace pacificsoft::storage {

// Lets the maps be searched by string_view without building a std::string.
struct KeyTextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view key) const noexcept {
    return std::hash<std::string_view>()(key);
  }
};
using KeyIdMap = std::unordered_map<std::string, std::int64_t, KeyTextHash, std::equal_to<>>;

struct EntityIdHash {
  std::size_t operator()(const model::EntityId& id) const noexcept {
    return std::hash<Uuid>()(id.id) * 31 + static_cast<std::size_t>(id.type);
  }
};
using EntityIdMap = std::unordered_map<model::EntityId, std::int64_t, EntityIdHash>;

// Thread-safe. Holds only ids of committed rows; absent ones are never cached.
class DictCache {
 public:
  std::optional<std::int64_t> key(std::string_view key) {
    std::lock_guard lock(mutex_);
    auto found = keys_.find(key);
    return found == keys_.end() ? std::nullopt : std::optional(found->second);
  }
  std::optional<std::int64_t> entity(const model::EntityId& entity) {
    std::lock_guard lock(mutex_);
    auto found = entities_.find(entity);
    return found == entities_.end() ? std::nullopt : std::optional(found->second);
  }
  void add_key(std::string_view key, std::int64_t id) {
    std::lock_guard lock(mutex_);
    keys_.emplace(std::string(key), id);
  }
  void add_entity(const model::EntityId& entity, std::int64_t id) {
    std::lock_guard lock(mutex_);
    entities_.emplace(entity, id);
  }
  // Publishes the ids a transaction inserted, once it committed; empties the arguments.
  void merge(KeyIdMap& keys, EntityIdMap& entities) {
    if (keys.empty() && entities.empty()) return;
    std::lock_guard lock(mutex_);
    keys_.merge(keys);
    entities_.merge(entities);
    keys.clear();
    entities.clear();
  }

 private:
  std::mutex mutex_;
  KeyIdMap keys_;         // guarded by mutex_
  EntityIdMap entities_;  // guarded by mutex_
};

// Calls `visit` with the id of each distinct key of `keys` that `find` knows (keys never stored
// are skipped), in order, until one returns an error.
inline Status for_each_known_key(
    const std::vector<std::string>& keys,
    const std::function<Result<std::optional<std::int64_t>>(const std::string& key)>& find,
    const std::function<Status(std::int64_t key_id, const std::string& key)>& visit) {
  for (auto key = keys.begin(); key != keys.end(); ++key) {
    if (std::find(keys.begin(), key, *key) != key) continue;  // a key named twice
    auto key_id = find(*key);
    if (!key_id) return key_id.status();
    if (*key_id) PS_RETURN_IF_ERROR(visit(**key_id, *key));
  }
  return Status::ok();
}

}  // namespace pacificsoft::storage
