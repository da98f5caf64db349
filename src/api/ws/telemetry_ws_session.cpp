// Command parsing, subscriptions and update frames of the telemetry WebSocket API.
#include "api/ws/telemetry_ws_session.h"

#include <limits>

#include "common/log.h"
#include "common/text.h"
#include "entities/relation_service.h"

namespace pacificsoft::api {
namespace {

namespace bj = boost::json;

// The reference's SubscriptionErrorCode.
constexpr int kInternalError = 1;
constexpr int kBadRequest = 2;
constexpr int kUnauthorized = 3;
// Close code for a policy violation (missing or bad credentials).
constexpr int kPolicyViolation = 1008;
constexpr std::int64_t kDefaultHistoryLimit = 100;

// {"key": [[ts, "value"], ...]} and {"key": latest ts}.
bj::object update_frame(std::int64_t cmd_id, const std::vector<model::TsKv>& points) {
  bj::object data;
  bj::object latest;
  for (const auto& point : points) {
    auto& list = data[point.key];
    if (!list.is_array()) list = bj::array();
    list.as_array().push_back(bj::array{point.ts, model::value_to_string(point.value)});
    auto& newest = latest[point.key];
    if (!newest.is_int64() || newest.get_int64() < point.ts) newest = point.ts;
  }
  return {{"subscriptionId", cmd_id},
          {"errorCode", 0},
          {"errorMsg", nullptr},
          {"data", std::move(data)},
          {"latestValues", std::move(latest)}};
}

std::vector<model::TsKv> only_keys(const std::vector<model::TsKv>& points,
                                   const std::vector<std::string>& keys) {
  if (keys.empty()) return points;
  std::vector<model::TsKv> kept;
  for (const auto& point : points) {
    if (std::find(keys.begin(), keys.end(), point.key) != keys.end()) kept.push_back(point);
  }
  return kept;
}

std::vector<model::TsKv> as_points(const std::vector<model::AttributeKv>& attributes,
                                   const std::vector<std::string>& keys) {
  std::vector<model::TsKv> points;
  for (const auto& attribute : attributes) {
    if (keys.empty() || std::find(keys.begin(), keys.end(), attribute.key) != keys.end()) {
      points.push_back({attribute.key, attribute.last_update_ts, attribute.value});
    }
  }
  return points;
}

}  // namespace

struct TelemetryWsSession::Command {
  enum class Type { kTimeseries, kAttributes, kHistory };
  Type type = Type::kTimeseries;
  std::int64_t cmd_id = 0;
  bj::object fields;

  std::string text(std::string_view name) const {
    return std::string(json::get_string(fields, name).value_or(""));
  }
  std::int64_t number(std::string_view name, std::int64_t fallback) const {
    return json::get_int(fields, name).value_or(fallback);
  }
  std::vector<std::string> keys() const { return split_names(text("keys")); }
};

TelemetryWsSession::TelemetryWsSession(WsServices& services, Send send, Close close)
    : services_(services), send_(std::move(send)), close_(std::move(close)) {}

TelemetryWsSession::~TelemetryWsSession() { on_close(); }

bool TelemetryWsSession::authenticate(const std::string& token) {
  auto user = services_.auth.authenticate(token);
  if (!user) {
    close_(kPolicyViolation, user.status().message());
    return false;
  }
  std::lock_guard lock(mutex_);
  user_ = std::move(*user);
  return true;
}

bool TelemetryWsSession::authenticate_from(const bj::object& frame) {
  const auto* auth = json::get_object(frame, "authCmd");
  auto token = auth ? json::get_string(*auth, "token") : std::nullopt;
  if (!token) {
    close_(kPolicyViolation, "Auth cmd is missing");
    return false;
  }
  return authenticate(std::string(*token));
}

void TelemetryWsSession::on_message(std::string_view text) {
  auto frame = json::parse_object(text);
  if (!frame) {
    send_error(0, kBadRequest, "Failed to parse the payload");
    return;
  }
  bool authenticated = false;
  {
    std::lock_guard lock(mutex_);
    authenticated = user_.has_value();
  }
  if (!authenticated && !authenticate_from(*frame)) return;

  std::vector<Command> commands;
  auto collect = [&](std::string_view array_name, Command::Type type) {
    const auto* list = frame->if_contains(array_name);
    if (list == nullptr || !list->is_array()) return;
    for (const auto& item : list->get_array()) {
      if (const auto* object = item.if_object()) {
        commands.push_back({type, json::get_int(*object, "cmdId").value_or(0), *object});
      }
    }
  };
  collect("tsSubCmds", Command::Type::kTimeseries);
  collect("attrSubCmds", Command::Type::kAttributes);
  collect("historyCmds", Command::Type::kHistory);
  if (const auto* list = frame->if_contains("cmds"); list != nullptr && list->is_array()) {
    for (const auto& item : list->get_array()) {
      const auto* object = item.if_object();
      if (object == nullptr) continue;
      auto type = json::get_string(*object, "type").value_or("");
      std::int64_t cmd_id = json::get_int(*object, "cmdId").value_or(0);
      if (type == "TIMESERIES") {
        commands.push_back({Command::Type::kTimeseries, cmd_id, *object});
      } else if (type == "ATTRIBUTES") {
        commands.push_back({Command::Type::kAttributes, cmd_id, *object});
      } else if (type == "TIMESERIES_HISTORY") {
        commands.push_back({Command::Type::kHistory, cmd_id, *object});
      } else {
        send_error(cmd_id, kBadRequest, "Unsupported command type: " + std::string(type));
      }
    }
  }
  for (const auto& command : commands) handle(command);
}

void TelemetryWsSession::handle(const Command& command) {
  if (json::get_bool(command.fields, "unsubscribe").value_or(false)) {
    unsubscribe(command.cmd_id);
    return;
  }
  auto entity = readable_entity(command);
  if (!entity) {
    int code = entity.status().code() == ErrorCode::kPermissionDenied ? kUnauthorized : kBadRequest;
    send_error(command.cmd_id, code, entity.status().message());
    return;
  }
  switch (command.type) {
    case Command::Type::kTimeseries:
      subscribe_timeseries(command, *entity);
      break;
    case Command::Type::kAttributes:
      subscribe_attributes(command, *entity);
      break;
    case Command::Type::kHistory:
      send_history(command, *entity);
      break;
  }
}

Result<model::EntityId> TelemetryWsSession::readable_entity(const Command& command) {
  auto type = model::parse_entity_type(command.text("entityType"));
  auto id = Uuid::parse(command.text("entityId"));
  if (!type || !id) return invalid_argument("Invalid entityType or entityId");
  auto kind = entities::record_kind_of(*type);
  if (!kind) return invalid_argument("Entity type without telemetry");
  auth::SecurityUser user;
  {
    std::lock_guard lock(mutex_);
    user = *user_;
  }
  auto record = services_.entities.get_record(user, *kind, *id);
  if (!record) return record.status();
  return model::EntityId{*type, *id};
}

void TelemetryWsSession::subscribe_timeseries(const Command& command,
                                              const model::EntityId& entity) {
  unsubscribe(command.cmd_id);  // a reused cmdId replaces its subscription
  auto keys = command.keys();
  std::weak_ptr<TelemetryWsSession> weak = weak_from_this();
  std::int64_t cmd_id = command.cmd_id;
  auto id = services_.telemetry.subscribe_timeseries(
      entity, [weak, cmd_id, keys](const std::vector<model::TsKv>& points) {
        auto self = weak.lock();
        if (!self) return;
        auto wanted = only_keys(points, keys);
        if (!wanted.empty()) self->send_update(cmd_id, wanted);
      });
  {
    std::lock_guard lock(mutex_);
    subscriptions_[cmd_id] = id;
  }
  std::int64_t window = command.number("timeWindow", 0);
  if (window > 0 && !keys.empty()) {
    Command history = command;
    std::int64_t now = services_.telemetry.clock().now_ms();
    std::int64_t start = command.number("startTs", now - window);
    std::int64_t end = 0;
    if (__builtin_add_overflow(start, window, &end)) end = std::numeric_limits<std::int64_t>::max();
    history.fields["startTs"] = start;
    history.fields["endTs"] = end;
    send_history(history, entity);
    return;
  }
  auto latest = services_.telemetry.latest_timeseries(entity, keys);
  if (!latest) {
    send_error(cmd_id, kInternalError, latest.status().message());
    return;
  }
  send_update(cmd_id, *latest);
}

void TelemetryWsSession::subscribe_attributes(const Command& command,
                                              const model::EntityId& entity) {
  unsubscribe(command.cmd_id);
  auto keys = command.keys();
  std::optional<model::AttributeScope> scope;
  if (std::string name = command.text("scope"); !name.empty()) {
    scope = model::parse_attribute_scope(name);
    if (!scope) {
      send_error(command.cmd_id, kBadRequest, "Invalid scope: " + name);
      return;
    }
  }
  std::weak_ptr<TelemetryWsSession> weak = weak_from_this();
  std::int64_t cmd_id = command.cmd_id;
  auto id = services_.telemetry.subscribe_attributes(
      entity, [weak, cmd_id, keys, scope](model::AttributeScope changed,
                                          const std::vector<model::AttributeKv>& updated,
                                          const std::vector<std::string>&) {
        auto self = weak.lock();
        if (!self || (scope && *scope != changed)) return;
        auto points = as_points(updated, keys);
        if (!points.empty()) self->send_update(cmd_id, points);
      });
  {
    std::lock_guard lock(mutex_);
    subscriptions_[cmd_id] = id;
  }
  std::vector<model::TsKv> current;
  for (auto each : {model::AttributeScope::kClient, model::AttributeScope::kShared,
                    model::AttributeScope::kServer}) {
    if (scope && *scope != each) continue;
    auto found = services_.telemetry.find_attributes(entity, each, keys);
    if (!found) {
      send_error(cmd_id, kInternalError, found.status().message());
      return;
    }
    auto points = as_points(*found, {});
    current.insert(current.end(), points.begin(), points.end());
  }
  send_update(cmd_id, current);
}

void TelemetryWsSession::send_history(const Command& command, const model::EntityId& entity) {
  auto aggregation = storage::parse_aggregation(command.text("agg"));
  if (!aggregation) {
    send_error(command.cmd_id, kBadRequest, "Invalid aggregation");
    return;
  }
  // Bounded as the REST API bounds its history reads.
  auto keys = telemetry::history_keys(command.keys());
  if (!keys) {
    send_error(command.cmd_id, kBadRequest, keys.status().message());
    return;
  }
  std::int64_t limit = command.number("limit", kDefaultHistoryLimit);
  if (limit < 1) limit = kDefaultHistoryLimit;  // the reference reads 0 as its default
  storage::TsQuery query;
  query.start_ts = command.number("startTs", 0);
  query.end_ts = command.number("endTs", services_.telemetry.clock().now_ms());
  query.interval_ms = command.number("interval", 0);
  query.limit = static_cast<int>(std::min(limit, telemetry::kMaxHistoryLimit));
  query.aggregation = *aggregation;
  if (Status valid = services_.telemetry.check_query(query); !valid) {
    send_error(command.cmd_id, kBadRequest, valid.message());
    return;
  }
  std::vector<model::TsKv> points;
  for (const auto& key : *keys) {
    query.key = key;
    auto found = services_.telemetry.query_timeseries(entity, query);
    if (!found) {
      send_error(command.cmd_id, kInternalError, found.status().message());
      return;
    }
    points.insert(points.end(), found->begin(), found->end());
  }
  send_update(command.cmd_id, points);
}

void TelemetryWsSession::unsubscribe(std::int64_t cmd_id) {
  std::optional<telemetry::SubscriptionId> id;
  {
    std::lock_guard lock(mutex_);
    auto found = subscriptions_.find(cmd_id);
    if (found == subscriptions_.end()) return;
    id = found->second;
    subscriptions_.erase(found);
  }
  services_.telemetry.unsubscribe(*id);
}

void TelemetryWsSession::on_close() {
  std::map<std::int64_t, telemetry::SubscriptionId> ended;
  {
    std::lock_guard lock(mutex_);
    ended.swap(subscriptions_);
  }
  for (const auto& [cmd_id, id] : ended) services_.telemetry.unsubscribe(id);
}

void TelemetryWsSession::send_update(std::int64_t cmd_id, const std::vector<model::TsKv>& points) {
  send_(json::serialize(update_frame(cmd_id, points)));
}

void TelemetryWsSession::send_error(std::int64_t cmd_id, int code, const std::string& message) {
  bj::object frame{{"subscriptionId", cmd_id},
                   {"errorCode", code},
                   {"errorMsg", message},
                   {"data", bj::object()}};
  send_(json::serialize(frame));
}

}  // namespace pacificsoft::api
