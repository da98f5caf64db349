// Relations between entities (the reference's EntityRelation): save, delete, find by one end,
// and the multi-level query of POST /api/relations. A caller must be able to read both ends
// (and write the `from` end to change a relation).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/security_user.h"
#include "entities/entity_service.h"

namespace pacificsoft::entities {

// The record kind that stores entities of a type; nullopt for types without records yet.
std::optional<storage::RecordKind> record_kind_of(model::EntityType type);

struct RelationSearch {
  model::EntityId root;
  bool outgoing = true;  // direction FROM: root is `from`
  int max_level = 1;
  bool fetch_last_level_only = false;
  std::optional<std::string> type_group;
  // Kept when any filter matches (or when there are none).
  struct Filter {
    std::string relation_type;                    // empty: any type
    std::vector<model::EntityType> entity_types;  // empty: any type
  };
  std::vector<Filter> filters;
};

// Thread-safe; holds no state of its own.
class RelationService {
 public:
  explicit RelationService(EntityService& entities) : entities_(entities) {}

  Status save(const auth::SecurityUser& user, const bj::object& body);
  Status remove(const auth::SecurityUser& user, const storage::RelationRecord& relation);
  Status remove_all(const auth::SecurityUser& user, const model::EntityId& entity);
  // One relation by its key; NotFound when absent.
  Result<bj::object> get(const auth::SecurityUser& user, const storage::RelationRecord& key);
  // Relations of one entity; `with_names` adds fromName and toName (the /info endpoints).
  Result<bj::array> find(const auth::SecurityUser& user, const storage::RelationQuery& query,
                         bool with_names);
  Result<bj::array> search(const auth::SecurityUser& user, const RelationSearch& search,
                           bool with_names);

 private:
  Result<storage::EntityRecord> check_readable(const auth::SecurityUser& user,
                                               const model::EntityId& entity);
  Result<bj::object> relation_json(const auth::SecurityUser& user,
                                   const storage::RelationRecord& relation, bool with_names);

  EntityService& entities_;
};

// Parses {"from", "to", "type", "typeGroup", "additionalInfo"}.
Result<storage::RelationRecord> parse_relation(const bj::object& body);

}  // namespace pacificsoft::entities
