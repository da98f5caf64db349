// /api/plugins/telemetry: keys, latest values and history (raw or aggregated) of time series,
// attributes per scope, and saving and deleting both, with the reference's JSON shapes.
#include <charconv>

#include "api/rest/controllers.h"
#include "common/text.h"
#include "entities/relation_service.h"

namespace pacificsoft::api {
namespace {

using net::Method;
using storage::Aggregation;

constexpr std::string_view kPrefix = "/api/plugins/telemetry";

Status bad_param(std::string message) { return {ErrorCode::kBadRequestParams, std::move(message)}; }

std::string path(std::string_view tail) { return std::string(kPrefix) + std::string(tail); }

// The entity of {entityType}/{entityId} (or a device by {deviceId}), after the read check:
// whoever may read an entity may read and write its telemetry, as the reference allows
// customer users on their devices.
Result<model::EntityId> checked_entity(RestServices& services, const RestRequest& request) {
  model::EntityId entity{model::EntityType::kDevice, {}};
  std::string_view type_text = request.params.get("entityType");
  if (!type_text.empty()) {
    auto type = model::parse_entity_type(type_text);
    if (!type) return bad_param("Invalid entity type: " + std::string(type_text));
    entity.type = *type;
  }
  auto id = request.path_id(type_text.empty() ? "deviceId" : "entityId");
  if (!id) return id.status();
  entity.id = *id;
  auto kind = entities::record_kind_of(entity.type);
  if (!kind) return bad_param("Entity type without telemetry: " + std::string(type_text));
  auto record = services.entities.get_record(request.user, *kind, entity.id);
  if (!record) return record.status();
  return entity;
}

Result<model::AttributeScope> scope_param(const RestRequest& request, bool for_write) {
  auto scope = model::parse_attribute_scope(request.params.get("scope"));
  if (!scope) return bad_param("Invalid scope: " + std::string(request.params.get("scope")));
  if (for_write && *scope == model::AttributeScope::kClient) return bad_param("Invalid scope");
  return *scope;
}

Result<std::int64_t> int64_param(const RestRequest& request, std::string_view name,
                                 std::optional<std::int64_t> fallback) {
  auto text = request.query(name);
  if (!text || text->empty()) {
    if (fallback) return *fallback;
    return bad_param("Required request parameter '" + std::string(name) + "' is not present");
  }
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    return bad_param("Parameter '" + std::string(name) + "' must be a number");
  }
  return value;
}

bj::value point_value(const model::KvValue& value, bool strict) {
  return strict ? model::value_to_json(value) : bj::value(model::value_to_string(value));
}

// {"key": [{"ts": 1, "value": "v"}, ...], ...}
void add_points(bj::object& answer, const std::vector<model::TsKv>& points, bool strict) {
  for (const auto& point : points) {
    auto& list = answer[point.key];
    if (!list.is_array()) list = bj::array();
    list.as_array().push_back(
        bj::object{{"ts", point.ts}, {"value", point_value(point.value, strict)}});
  }
}

Result<storage::TsQuery> history_query(const RestRequest& request, const std::string& key) {
  storage::TsQuery query;
  query.key = key;
  auto start = int64_param(request, "startTs", std::nullopt);
  if (!start) return start.status();
  auto end = int64_param(request, "endTs", std::nullopt);
  if (!end) return end.status();
  auto interval = int64_param(request, "interval", 0);
  if (!interval) return interval.status();
  auto limit = int64_param(request, "limit", 100);
  if (!limit) return limit.status();
  auto aggregation = storage::parse_aggregation(request.query("agg").value_or("NONE"));
  if (!aggregation) return bad_param("Invalid aggregation type");
  auto order = request.query("orderBy").value_or("DESC");
  if (order != "ASC" && order != "DESC") {
    return bad_param("Only 'ASC' or 'DESC' orders are allowed");
  }
  if (*end < *start) return bad_param("endTs must not be before startTs");
  if (*limit < 1) return bad_param("limit must be positive");
  query.start_ts = *start;
  query.end_ts = *end;
  query.interval_ms = *interval;
  query.limit = static_cast<int>(std::min(*limit, telemetry::kMaxHistoryLimit));
  query.ascending = order == "ASC";
  query.aggregation = *aggregation;
  return query;
}

Result<net::HttpResponse> get_timeseries(RestServices& services, const RestRequest& request) {
  auto entity = checked_entity(services, request);
  if (!entity) return entity.status();
  auto keys = split_names(request.query("keys").value_or(""));
  bool strict = request.query("useStrictDataTypes") == std::optional<std::string>("true");
  bj::object answer;
  if (!request.query("startTs")) {
    auto latest = services.telemetry.latest_timeseries(*entity, keys);
    if (!latest) return latest.status();
    add_points(answer, *latest, strict);
    return json_response(answer);
  }
  if (keys.empty()) return bad_param("Required request parameter 'keys' is not present");
  auto distinct = telemetry::history_keys(keys);
  if (!distinct) return distinct.status();
  for (const auto& key : *distinct) {
    auto query = history_query(request, key);
    if (!query) return query.status();
    PS_RETURN_IF_ERROR(services.telemetry.check_query(*query));
    auto points = services.telemetry.query_timeseries(*entity, *query);
    if (!points) return points.status();
    add_points(answer, *points, strict);
  }
  return json_response(answer);
}

Result<net::HttpResponse> get_attributes(RestServices& services, const RestRequest& request,
                                         bool with_scope) {
  auto entity = checked_entity(services, request);
  if (!entity) return entity.status();
  std::vector<model::AttributeScope> scopes{model::AttributeScope::kClient,
                                            model::AttributeScope::kShared,
                                            model::AttributeScope::kServer};
  if (with_scope) {
    auto scope = scope_param(request, false);
    if (!scope) return scope.status();
    scopes = {*scope};
  }
  auto keys = split_names(request.query("keys").value_or(""));
  bj::array answer;
  for (auto scope : scopes) {
    auto found = services.telemetry.find_attributes(*entity, scope, keys);
    if (!found) return found.status();
    for (const auto& attribute : *found) {
      answer.push_back(bj::object{{"lastUpdateTs", attribute.last_update_ts},
                                  {"key", attribute.key},
                                  {"value", model::value_to_json(attribute.value)}});
    }
  }
  return json_response(answer);
}

Result<net::HttpResponse> get_keys(RestServices& services, const RestRequest& request,
                                   bool attributes, bool with_scope) {
  auto entity = checked_entity(services, request);
  if (!entity) return entity.status();
  Result<std::vector<std::string>> keys = std::vector<std::string>();
  if (!attributes) {
    keys = services.telemetry.timeseries_keys(*entity);
  } else {
    std::optional<model::AttributeScope> scope;
    if (with_scope) {
      auto parsed = scope_param(request, false);
      if (!parsed) return parsed.status();
      scope = *parsed;
    }
    keys = services.telemetry.attribute_keys(*entity, scope);
  }
  if (!keys) return keys.status();
  return json_response(bj::value_from(*keys));
}

Result<net::HttpResponse> save_timeseries(RestServices& services, const RestRequest& request) {
  auto entity = checked_entity(services, request);
  if (!entity) return entity.status();
  std::int64_t ttl_s = 0;
  if (!request.params.get("ttl").empty()) {
    std::string_view text = request.params.get("ttl");
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ttl_s);
    if (error != std::errc() || end != text.data() + text.size() || ttl_s < 0) {
      return bad_param("Invalid TTL: " + std::string(text));
    }
  }
  auto points = model::parse_telemetry(request.http.body, services.clock.now_ms(),
                                       model::NullValues::kReject);
  if (!points) return bad_param(points.status().message());
  return status_response(
      services.telemetry.save_timeseries_sync(*entity, std::move(*points), ttl_s));
}

// The reference reports attribute changes made through REST to the owning tenant's rule chain
// (the system administrator's have none).
void report_attributes(RestServices& services, const RestRequest& request,
                       const model::EntityId& entity, model::AttributeScope scope,
                       std::string_view type, const bj::object& data) {
  if (request.user.tenant_id.is_null()) return;
  model::Msg msg;
  msg.id = Uuid::random();
  msg.type = std::string(type);
  msg.originator = entity;
  msg.tenant_id = request.user.tenant_id;
  msg.customer_id = request.user.customer_id;
  msg.ts = services.clock.now_ms();
  msg.data = json::serialize(data);
  msg.metadata = {{"scope", std::string(model::attribute_scope_name(scope))},
                  {"userId", request.user.user_id.to_string()},
                  {"userName", request.user.email}};
  services.rule_engine.post(std::move(msg));
}

Result<net::HttpResponse> save_attributes(RestServices& services, const RestRequest& request) {
  auto entity = checked_entity(services, request);
  if (!entity) return entity.status();
  auto scope = scope_param(request, true);
  if (!scope) return scope.status();
  auto values = model::parse_attributes(request.http.body, model::NullValues::kReject);
  if (!values) return bad_param(values.status().message());
  Status saved = services.telemetry.save_attributes_sync(*entity, *scope, *values);
  if (saved) {
    bj::object data;
    for (const auto& [key, value] : *values) data[key] = model::value_to_json(value);
    report_attributes(services, request, *entity, *scope, "ATTRIBUTES_UPDATED", data);
  }
  return status_response(saved);
}

Result<net::HttpResponse> delete_attributes(RestServices& services, const RestRequest& request) {
  auto entity = checked_entity(services, request);
  if (!entity) return entity.status();
  auto scope = scope_param(request, false);
  if (!scope) return scope.status();
  auto keys = split_names(request.query("keys").value_or(""));
  if (keys.empty()) return bad_param("Required request parameter 'keys' is not present");
  Status deleted = services.telemetry.delete_attributes(*entity, *scope, keys);
  if (deleted) {
    bj::array names;
    for (const auto& key : keys) names.emplace_back(key);
    report_attributes(services, request, *entity, *scope, "ATTRIBUTES_DELETED",
                      {{"attributes", std::move(names)}});
  }
  return status_response(deleted);
}

Result<net::HttpResponse> delete_timeseries(RestServices& services, const RestRequest& request) {
  auto entity = checked_entity(services, request);
  if (!entity) return entity.status();
  storage::TsDelete remove;
  remove.keys = split_names(request.query("keys").value_or(""));
  if (remove.keys.empty()) return bad_param("Required request parameter 'keys' is not present");
  remove.delete_all = request.query("deleteAllDataForKeys") == std::optional<std::string>("true");
  remove.delete_latest = request.query("deleteLatest") != std::optional<std::string>("false");
  if (!remove.delete_all) {
    auto start = int64_param(request, "startTs", std::nullopt);
    if (!start) return start.status();
    auto end = int64_param(request, "endTs", std::nullopt);
    if (!end) return end.status();
    remove.start_ts = *start;
    remove.end_ts = *end;
  }
  return status_response(services.telemetry.delete_timeseries(*entity, remove));
}

}  // namespace

void register_telemetry_routes(net::Router& router, RestServices& services) {
  auto route =
      [&](Method method, std::string_view tail,
          std::function<Result<net::HttpResponse>(RestServices&, const RestRequest&)> run) {
        router.add(method, path(tail),
                   authenticated(
                       services,
                       [&services, run = std::move(run)](const RestRequest& request) {
                         return run(services, request);
                       },
                       Allowed::kAny));
      };
  route(Method::kGet, "/{entityType}/{entityId}/keys/timeseries",
        [](auto& s, const auto& r) { return get_keys(s, r, false, false); });
  route(Method::kGet, "/{entityType}/{entityId}/keys/attributes",
        [](auto& s, const auto& r) { return get_keys(s, r, true, false); });
  route(Method::kGet, "/{entityType}/{entityId}/keys/attributes/{scope}",
        [](auto& s, const auto& r) { return get_keys(s, r, true, true); });
  route(Method::kGet, "/{entityType}/{entityId}/values/timeseries", get_timeseries);
  route(Method::kGet, "/{entityType}/{entityId}/values/timeseries/history", get_timeseries);
  route(Method::kGet, "/{entityType}/{entityId}/values/attributes",
        [](auto& s, const auto& r) { return get_attributes(s, r, false); });
  route(Method::kGet, "/{entityType}/{entityId}/values/attributes/{scope}",
        [](auto& s, const auto& r) { return get_attributes(s, r, true); });
  route(Method::kPost, "/{entityType}/{entityId}/timeseries/{scope}", save_timeseries);
  route(Method::kPost, "/{entityType}/{entityId}/timeseries/{scope}/{ttl}", save_timeseries);
  route(Method::kPost, "/{entityType}/{entityId}/attributes/{scope}", save_attributes);
  route(Method::kPost, "/{entityType}/{entityId}/{scope}", save_attributes);
  route(Method::kPost, "/{deviceId}/{scope}", save_attributes);
  route(Method::kDelete, "/{entityType}/{entityId}/timeseries/delete", delete_timeseries);
  route(Method::kDelete, "/{entityType}/{entityId}/{scope}", delete_attributes);
  route(Method::kDelete, "/{deviceId}/{scope}", delete_attributes);
}

}  // namespace pacificsoft::api
