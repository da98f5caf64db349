// ChangeNotifyingStore: each write is noted, and the notes of a transaction are told once it
// committed; a rolled-back transaction tells nothing.
#include "entities/entity_changes.h"

namespace pacificsoft::entities {
namespace {

using storage::EntityRecord;
using storage::EntityStore;
using storage::RecordKind;

EntityChange saved(const EntityRecord& record) {
  return {EntityChange::Type::kSaved, record.kind, record.id, record.tenant_id, record.parent_id};
}

EntityChange removed(RecordKind kind, const Uuid& id) {
  return {EntityChange::Type::kRemoved, kind, id, {}, {}};
}

EntityChange tenant_removed(const Uuid& tenant_id) {
  return {EntityChange::Type::kTenantRemoved, RecordKind::kTenant, tenant_id, tenant_id, {}};
}

// The store a transaction's work writes through: the backend's transactional handle, noting
// what it writes. Reads and relations pass straight through.
class NotingStore final : public EntityStore {
 public:
  NotingStore(EntityStore& inner, std::vector<EntityChange>& notes)
      : inner_(inner), notes_(notes) {}

  Status insert(const EntityRecord& record) override {
    return noted(inner_.insert(record), saved(record));
  }
  Status update(const EntityRecord& record) override {
    return noted(inner_.update(record), saved(record));
  }
  Result<std::optional<EntityRecord>> get(RecordKind kind, const Uuid& id) override {
    return inner_.get(kind, id);
  }
  Result<std::optional<EntityRecord>> find_by_unique_key(RecordKind kind,
                                                         std::string_view key) override {
    return inner_.find_by_unique_key(kind, key);
  }
  Result<std::optional<EntityRecord>> find_by_unique_key2(RecordKind kind,
                                                          std::string_view key) override {
    return inner_.find_by_unique_key2(kind, key);
  }
  Result<storage::RecordPage> list(const storage::RecordQuery& query) override {
    return inner_.list(query);
  }
  Status remove(RecordKind kind, const Uuid& id) override {
    return noted(inner_.remove(kind, id), removed(kind, id));
  }
  Status remove_tenant_records(const Uuid& tenant_id) override {
    return noted(inner_.remove_tenant_records(tenant_id), tenant_removed(tenant_id));
  }
  Status save_relation(const storage::RelationRecord& relation) override {
    return inner_.save_relation(relation);
  }
  Status delete_relation(const storage::RelationRecord& relation) override {
    return inner_.delete_relation(relation);
  }
  Status delete_relations_of(const model::EntityId& entity) override {
    return inner_.delete_relations_of(entity);
  }
  Result<std::vector<storage::RelationRecord>> find_relations(
      const storage::RelationQuery& query) override {
    return inner_.find_relations(query);
  }
  // Already inside the backend's transaction.
  Status transaction(const std::function<Status(EntityStore& store)>& work) override {
    return work(*this);
  }

 private:
  Status noted(Status status, EntityChange change) {
    if (status) notes_.push_back(change);
    return status;
  }

  EntityStore& inner_;
  std::vector<EntityChange>& notes_;
};

}  // namespace

ChangeNotifyingStore::ChangeNotifyingStore(std::unique_ptr<EntityStore> inner)
    : inner_(std::move(inner)) {}

void ChangeNotifyingStore::add_listener(EntityChangeListener listener) {
  listeners_.push_back(std::move(listener));
}

void ChangeNotifyingStore::notify(const std::vector<EntityChange>& changes) const {
  if (changes.empty()) return;
  for (const auto& listener : listeners_) listener(changes);
}

Status ChangeNotifyingStore::told(Status status, const EntityChange& change) const {
  if (status) notify({change});
  return status;
}

Status ChangeNotifyingStore::insert(const EntityRecord& record) {
  return told(inner_->insert(record), saved(record));
}

Status ChangeNotifyingStore::update(const EntityRecord& record) {
  return told(inner_->update(record), saved(record));
}

Result<std::optional<EntityRecord>> ChangeNotifyingStore::get(RecordKind kind, const Uuid& id) {
  return inner_->get(kind, id);
}

Result<std::optional<EntityRecord>> ChangeNotifyingStore::find_by_unique_key(RecordKind kind,
                                                                             std::string_view key) {
  return inner_->find_by_unique_key(kind, key);
}

Result<std::optional<EntityRecord>> ChangeNotifyingStore::find_by_unique_key2(
    RecordKind kind, std::string_view key) {
  return inner_->find_by_unique_key2(kind, key);
}

Result<storage::RecordPage> ChangeNotifyingStore::list(const storage::RecordQuery& query) {
  return inner_->list(query);
}

Status ChangeNotifyingStore::remove(RecordKind kind, const Uuid& id) {
  return told(inner_->remove(kind, id), removed(kind, id));
}

Status ChangeNotifyingStore::remove_tenant_records(const Uuid& tenant_id) {
  return told(inner_->remove_tenant_records(tenant_id), tenant_removed(tenant_id));
}

Status ChangeNotifyingStore::save_relation(const storage::RelationRecord& relation) {
  return inner_->save_relation(relation);
}

Status ChangeNotifyingStore::delete_relation(const storage::RelationRecord& relation) {
  return inner_->delete_relation(relation);
}

Status ChangeNotifyingStore::delete_relations_of(const model::EntityId& entity) {
  return inner_->delete_relations_of(entity);
}

Result<std::vector<storage::RelationRecord>> ChangeNotifyingStore::find_relations(
    const storage::RelationQuery& query) {
  return inner_->find_relations(query);
}

Status ChangeNotifyingStore::transaction(const std::function<Status(EntityStore& store)>& work) {
  std::vector<EntityChange> notes;
  Status status = inner_->transaction([&](EntityStore& store) {
    NotingStore noting(store, notes);
    return work(noting);
  });
  if (status) notify(notes);
  return status;
}

}  // namespace pacificsoft::entities
