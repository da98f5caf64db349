// Entity changes as they commit, for whoever caches what it read from the entity store (the rule
// engine's chains and roots; device authentication later). In a cluster this is what each node
// broadcasts to the others.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "common/uuid.h"
#include "storage/entity_store.h"

namespace pacificsoft::entities {

struct EntityChange {
  enum class Type : std::uint8_t {
    kSaved,          // inserted or updated: tenant_id and parent_id are the record's
    kRemoved,        // by kind and id only
    kTenantRemoved,  // every record of tenant_id (kind kTenant, id the tenant's)
  };
  Type type = Type::kSaved;
  storage::RecordKind kind = storage::RecordKind::kTenant;
  Uuid id;
  Uuid tenant_id;
  Uuid parent_id;  // the record this one belongs to (a chain's metadata: the chain)
};

// Told of the changes of one transaction (or one call outside any) after they committed and
// before the call that made them returns, on that call's thread: whoever reads after the call
// returned sees them.
using EntityChangeListener = std::function<void(const std::vector<EntityChange>& changes)>;

// An EntityStore that tells listeners what committed through it. Listeners are added at
// start-up, before the store is shared; afterwards every method is thread-safe.
class ChangeNotifyingStore final : public storage::EntityStore {
 public:
  explicit ChangeNotifyingStore(std::unique_ptr<storage::EntityStore> inner);

  void add_listener(EntityChangeListener listener);

  Status insert(const storage::EntityRecord& record) override;
  Status update(const storage::EntityRecord& record) override;
  Result<std::optional<storage::EntityRecord>> get(storage::RecordKind kind,
                                                   const Uuid& id) override;
  Result<std::optional<storage::EntityRecord>> find_by_unique_key(storage::RecordKind kind,
                                                                  std::string_view key) override;
  Result<std::optional<storage::EntityRecord>> find_by_unique_key2(storage::RecordKind kind,
                                                                   std::string_view key) override;
  Result<storage::RecordPage> list(const storage::RecordQuery& query) override;
  Status remove(storage::RecordKind kind, const Uuid& id) override;
  Status remove_tenant_records(const Uuid& tenant_id) override;
  Status save_relation(const storage::RelationRecord& relation) override;
  Status delete_relation(const storage::RelationRecord& relation) override;
  Status delete_relations_of(const model::EntityId& entity) override;
  Result<std::vector<storage::RelationRecord>> find_relations(
      const storage::RelationQuery& query) override;
  Status transaction(const std::function<Status(EntityStore& store)>& work) override;

 private:
  void notify(const std::vector<EntityChange>& changes) const;
  // Tells of change when status is ok (a call outside any transaction); answers status.
  Status told(Status status, const EntityChange& change) const;

  std::unique_ptr<storage::EntityStore> inner_;
  std::vector<EntityChangeListener> listeners_;
};

}  // namespace pacificsoft::entities
