// Relation operations and the breadth-first relation query.
#include "entities/relation_service.h"

#include <deque>
#include <set>

namespace pacificsoft::entities {
namespace {

using model::EntityType;
using storage::RecordKind;
using storage::RelationRecord;

constexpr int kMaxRelationLevel = 10;

bool matches(const RelationSearch& search, const RelationRecord& relation,
             const model::EntityId& other_end) {
  if (search.filters.empty()) return true;
  for (const auto& filter : search.filters) {
    bool type_ok = filter.relation_type.empty() || filter.relation_type == relation.type;
    bool entity_ok = filter.entity_types.empty();
    for (auto type : filter.entity_types) entity_ok = entity_ok || type == other_end.type;
    if (type_ok && entity_ok) return true;
  }
  return false;
}

}  // namespace

std::optional<RecordKind> record_kind_of(EntityType type) {
  switch (type) {
    case EntityType::kTenant:
      return RecordKind::kTenant;
    case EntityType::kCustomer:
      return RecordKind::kCustomer;
    case EntityType::kUser:
      return RecordKind::kUser;
    case EntityType::kDevice:
      return RecordKind::kDevice;
    case EntityType::kDeviceProfile:
      return RecordKind::kDeviceProfile;
    case EntityType::kAsset:
      return RecordKind::kAsset;
    case EntityType::kAssetProfile:
      return RecordKind::kAssetProfile;
    case EntityType::kDashboard:
      return RecordKind::kDashboard;
    case EntityType::kRuleChain:
      return RecordKind::kRuleChain;
    case EntityType::kAlarm:
      return RecordKind::kAlarm;
    default:
      return std::nullopt;
  }
}

Result<RelationRecord> parse_relation(const bj::object& body) {
  const auto* from = body.if_contains("from");
  const auto* to = body.if_contains("to");
  auto from_id = from ? model::parse_entity_id(*from) : std::nullopt;
  auto to_id = to ? model::parse_entity_id(*to) : std::nullopt;
  if (!from_id) return invalid_argument("Relation 'from' should be a valid entity id!");
  if (!to_id) return invalid_argument("Relation 'to' should be a valid entity id!");
  auto type = json::get_string(body, "type");
  if (!type || type->empty()) return invalid_argument("Relation type should be specified!");
  RelationRecord relation{*from_id, *to_id, std::string(*type),
                          std::string(json::get_string(body, "typeGroup").value_or("COMMON")),
                          "null"};
  if (const auto* info = body.if_contains("additionalInfo")) {
    relation.additional_info = json::serialize(*info);
  }
  return relation;
}

Result<storage::EntityRecord> RelationService::check_readable(const auth::SecurityUser& user,
                                                              const model::EntityId& entity) {
  auto kind = record_kind_of(entity.type);
  if (!kind) return invalid_argument("Unsupported entity type in relation");
  return entities_.get_record(user, *kind, entity.id);
}

Status RelationService::save(const auth::SecurityUser& user, const bj::object& body) {
  auto relation = parse_relation(body);
  if (!relation) return relation.status();
  auto from_kind = record_kind_of(relation->from.type);
  if (!from_kind) return invalid_argument("Unsupported entity type in relation");
  auto from = entities_.get_record_for_write(user, *from_kind, relation->from.id);
  if (!from) return from.status();
  auto to = check_readable(user, relation->to);
  if (!to) return to.status();
  return entities_.store().save_relation(*relation);
}

Status RelationService::remove(const auth::SecurityUser& user, const RelationRecord& relation) {
  auto from_kind = record_kind_of(relation.from.type);
  if (!from_kind) return invalid_argument("Unsupported entity type in relation");
  auto from = entities_.get_record_for_write(user, *from_kind, relation.from.id);
  if (!from) return from.status();
  return entities_.store().delete_relation(relation);
}

Status RelationService::remove_all(const auth::SecurityUser& user, const model::EntityId& entity) {
  auto kind = record_kind_of(entity.type);
  if (!kind) return invalid_argument("Unsupported entity type in relation");
  auto record = entities_.get_record_for_write(user, *kind, entity.id);
  if (!record) return record.status();
  return entities_.store().delete_relations_of(entity);
}

Result<bj::object> RelationService::get(const auth::SecurityUser& user, const RelationRecord& key) {
  auto from = check_readable(user, key.from);
  if (!from) return from.status();
  storage::RelationQuery query{key.from, true, key.type, key.type_group};
  auto relations = entities_.store().find_relations(query);
  if (!relations) return relations.status();
  for (const auto& relation : *relations) {
    if (relation.to == key.to) return relation_json(user, relation, false);
  }
  return not_found("Requested item wasn't found!");
}

Result<bj::array> RelationService::find(const auth::SecurityUser& user,
                                        const storage::RelationQuery& query, bool with_names) {
  auto entity = check_readable(user, query.entity);
  if (!entity) return entity.status();
  auto relations = entities_.store().find_relations(query);
  if (!relations) return relations.status();
  bj::array answer;
  for (const auto& relation : *relations) {
    auto item = relation_json(user, relation, with_names);
    if (item) answer.emplace_back(std::move(*item));
  }
  return answer;
}

Result<bj::array> RelationService::search(const auth::SecurityUser& user,
                                          const RelationSearch& search, bool with_names) {
  auto root = check_readable(user, search.root);
  if (!root) return root.status();
  int max_level = std::clamp(search.max_level, 1, kMaxRelationLevel);
  struct Step {
    model::EntityId entity;
    int level;
  };
  std::deque<Step> frontier{{search.root, 0}};
  std::set<std::pair<int, Uuid>> visited{{static_cast<int>(search.root.type), search.root.id}};
  bj::array answer;
  while (!frontier.empty()) {
    Step step = frontier.front();
    frontier.pop_front();
    storage::RelationQuery query{step.entity, search.outgoing, std::nullopt, search.type_group};
    auto relations = entities_.store().find_relations(query);
    if (!relations) return relations.status();
    for (const auto& relation : *relations) {
      const model::EntityId& next = search.outgoing ? relation.to : relation.from;
      int level = step.level + 1;
      bool last = level == max_level;
      if (matches(search, relation, next) && (!search.fetch_last_level_only || last)) {
        auto item = relation_json(user, relation, with_names);
        if (item) answer.emplace_back(std::move(*item));
      }
      if (!last && visited.insert({static_cast<int>(next.type), next.id}).second) {
        frontier.push_back({next, level});
      }
    }
  }
  return answer;
}

Result<bj::object> RelationService::relation_json(const auth::SecurityUser& user,
                                                  const RelationRecord& relation, bool with_names) {
  auto info = json::parse(relation.additional_info);
  bj::object body{{"from", model::entity_id_json(relation.from.type, relation.from.id)},
                  {"to", model::entity_id_json(relation.to.type, relation.to.id)},
                  {"type", relation.type},
                  {"typeGroup", relation.type_group},
                  {"additionalInfo", info ? std::move(*info) : bj::value(nullptr)}};
  if (with_names) {
    // Ends the caller may not read are left out of the answer entirely.
    auto from = check_readable(user, relation.from);
    auto to = check_readable(user, relation.to);
    if (!from || !to) return permission_denied();
    body["fromName"] = from->name;
    body["toName"] = to->name;
  }
  return body;
}

}  // namespace pacificsoft::entities
