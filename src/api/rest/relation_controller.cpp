// Relations: save, delete, read one, find by one end, and the multi-level query.
#include "api/rest/controllers.h"

namespace pacificsoft::api {
namespace {

using net::Method;

Status bad_param(std::string message) { return {ErrorCode::kBadRequestParams, std::move(message)}; }

// The relation named by fromId/fromType/relationType/relationTypeGroup/toId/toType.
Result<storage::RelationRecord> relation_key(const RestRequest& request) {
  auto from = entity_id_param(request.http, "fromType", "fromId");
  if (!from) return from.status();
  auto to = entity_id_param(request.http, "toType", "toId");
  if (!to) return to.status();
  auto type = request.query("relationType");
  if (!type) return bad_param("Required request parameter 'relationType' is not present");
  return storage::RelationRecord{*from, *to, *type,
                                 request.query("relationTypeGroup").value_or("COMMON"), "null"};
}

// One end (fromId/fromType or toId/toType) with optional type and group.
Result<storage::RelationQuery> end_query(const RestRequest& request) {
  storage::RelationQuery query;
  bool outgoing = request.http.query_param("fromId").has_value();
  auto entity = outgoing ? entity_id_param(request.http, "fromType", "fromId")
                         : entity_id_param(request.http, "toType", "toId");
  if (!entity) return entity.status();
  query.entity = *entity;
  query.outgoing = outgoing;
  query.type = request.query("relationType");
  query.type_group = request.query("relationTypeGroup");
  return query;
}

Result<entities::RelationSearch> parse_search(const bj::object& body) {
  const auto* parameters = json::get_object(body, "parameters");
  if (parameters == nullptr) return bad_param("Relation query 'parameters' should be specified");
  entities::RelationSearch search;
  auto root_type = model::parse_entity_type(json::get_string(*parameters, "rootType").value_or(""));
  auto root_id = Uuid::parse(json::get_string(*parameters, "rootId").value_or(""));
  if (!root_type || !root_id) return bad_param("Invalid rootId or rootType");
  search.root = {*root_type, *root_id};
  auto direction = json::get_string(*parameters, "direction").value_or("FROM");
  if (direction != "FROM" && direction != "TO") return bad_param("Invalid direction");
  search.outgoing = direction == "FROM";
  search.max_level = static_cast<int>(json::get_int(*parameters, "maxLevel").value_or(1));
  search.fetch_last_level_only = json::get_bool(*parameters, "fetchLastLevelOnly").value_or(false);
  if (auto group = json::get_string(*parameters, "relationTypeGroup")) {
    search.type_group = std::string(*group);
  }
  const auto* filters = body.if_contains("filters");
  if (filters == nullptr || !filters->is_array()) return search;
  for (const auto& item : filters->as_array()) {
    if (!item.is_object()) return bad_param("Invalid relation filter");
    entities::RelationSearch::Filter filter;
    filter.relation_type = json::get_string(item.as_object(), "relationType").value_or("");
    if (const auto* types = item.as_object().if_contains("entityTypes");
        types != nullptr && types->is_array()) {
      for (const auto& type : types->as_array()) {
        auto parsed = type.is_string() ? model::parse_entity_type(type.get_string()) : std::nullopt;
        if (!parsed) return bad_param("Invalid entity type in relation filter");
        filter.entity_types.push_back(*parsed);
      }
    }
    search.filters.push_back(std::move(filter));
  }
  return search;
}

Result<net::HttpResponse> array_response(const Result<bj::array>& items) {
  if (!items) return items.status();
  return json_response(*items);
}

}  // namespace

void register_relation_routes(net::Router& router, RestServices& services) {
  router.add(Method::kPost, "/api/relation",
             authenticated(services, [&services](const RestRequest& request) {
               auto body = request.json_body();
               if (!body) return Result<net::HttpResponse>(body.status());
               return status_response(services.relations.save(request.user, *body));
             }));
  router.add(Method::kDelete, "/api/relation",
             authenticated(services, [&services](const RestRequest& request) {
               auto key = relation_key(request);
               if (!key) return Result<net::HttpResponse>(key.status());
               return status_response(services.relations.remove(request.user, *key));
             }));
  router.add(Method::kGet, "/api/relation",
             authenticated(services, [&services](const RestRequest& request) {
               auto key = relation_key(request);
               if (!key) return Result<net::HttpResponse>(key.status());
               return object_response(services.relations.get(request.user, *key));
             }));
  router.add(Method::kDelete, "/api/relations",
             authenticated(services, [&services](const RestRequest& request) {
               auto entity = entity_id_param(request.http, "entityType", "entityId");
               if (!entity) return Result<net::HttpResponse>(entity.status());
               return status_response(services.relations.remove_all(request.user, *entity));
             }));
  for (bool with_names : {false, true}) {
    std::string path = with_names ? "/api/relations/info" : "/api/relations";
    router.add(Method::kGet, path,
               authenticated(services, [&services, with_names](const RestRequest& request) {
                 auto query = end_query(request);
                 if (!query) return Result<net::HttpResponse>(query.status());
                 return array_response(services.relations.find(request.user, *query, with_names));
               }));
    router.add(
        Method::kPost, path,
        authenticated(services, [&services, with_names](const RestRequest& request) {
          auto body = request.json_body();
          if (!body) return Result<net::HttpResponse>(body.status());
          auto search = parse_search(*body);
          if (!search) return Result<net::HttpResponse>(search.status());
          return array_response(services.relations.search(request.user, *search, with_names));
        }));
  }
}

}  // namespace pacificsoft::api
