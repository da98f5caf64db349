// The device profile node (profile.TbDeviceProfileNode): evaluates the originator device's
// profile alarm rules on each message and raises, updates or clears the alarms they describe.
// The message itself always leaves by Success; each alarm change leaves as its own ALARM message
// by "Alarm Created", "Alarm Updated", "Alarm Severity Updated" or "Alarm Cleared".
//
// A device's state (the latest values its rules read, DURATION/REPEATING progress) lives in
// memory; it is loaded from storage on the device's first message and when its profile changes
// (profiles are re-read every few seconds). Progress of DURATION and REPEATING rules restarts
// with the server (the reference keeps it only with persistAlarmRulesState).
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "common/log.h"
#include "model/telemetry_json.h"
#include "rule/nodes/core_nodes.h"
#include "rule/profile/device_data.h"
#include "rule/profile/profile_alarms.h"

namespace pacificsoft::rule {
namespace {

using profile::AlarmDecision;
using profile::AlarmKey;
using profile::AlarmProgress;
using profile::KeyType;
using SteadyTime = std::chrono::steady_clock::time_point;

// How long a device's profile and a profile's rules are trusted before they are read again.
constexpr auto kRecheck = std::chrono::seconds(5);

struct ProfileRules {
  std::string profile_data;  // the text they were parsed from
  std::vector<std::shared_ptr<const profile::ProfileAlarm>> alarms;
  std::vector<AlarmKey> keys;     // what all of them read
  bool reads_attributes = false;  // whether one reads an ATTRIBUTE key
};

struct DeviceState {
  std::mutex mutex;
  Uuid profile_id;
  SteadyTime checked;
  std::shared_ptr<const ProfileRules> rules;  // what `progress` follows
  profile::DataSnapshot data;
  std::vector<AlarmProgress> progress;
  std::vector<bool> maybe_active;  // per alarm: false once known cleared
};

// The keys a message sets and their values, oldest first (the newest of a key wins).
using MessageValues = std::vector<std::pair<AlarmKey, model::KvValue>>;
MessageValues message_values(const model::Msg& msg) {
  MessageValues values;
  if (msg.type == model::msg_type::kPostTelemetry) {
    auto points = model::parse_telemetry(msg.data, msg.ts, model::NullValues::kSkip);
    if (!points) return values;
    std::stable_sort(points->begin(), points->end(),
                     [](const model::TsKv& a, const model::TsKv& b) { return a.ts < b.ts; });
    for (auto& point : *points) {
      values.emplace_back(AlarmKey{KeyType::kTimeseries, std::move(point.key)},
                          std::move(point.value));
    }
  } else if (msg.type == model::msg_type::kPostAttributes || msg.type == "ATTRIBUTES_UPDATED") {
    auto attributes = model::parse_attributes(msg.data, model::NullValues::kSkip);
    if (!attributes) return values;
    for (auto& [key, value] : *attributes) {
      values.emplace_back(AlarmKey{KeyType::kAttribute, std::move(key)}, std::move(value));
    }
  }
  return values;
}

bool touches(const MessageValues& changed, const std::vector<AlarmKey>& keys) {
  return std::any_of(changed.begin(), changed.end(), [&keys](const auto& value) {
    return std::binary_search(keys.begin(), keys.end(), value.first);
  });
}

// The alarm change as the message that leaves for it.
std::optional<std::pair<std::string, model::Msg>> alarm_msg(const model::Msg& source,
                                                            const entities::AlarmOutcome& outcome) {
  using entities::AlarmChange;
  std::string relation;
  std::string flag;
  switch (outcome.change) {
    case AlarmChange::kNone:
      return std::nullopt;
    case AlarmChange::kCreated:
      relation = "Alarm Created";
      flag = "isNewAlarm";
      break;
    case AlarmChange::kUpdated:
      relation = outcome.previous_severity != json::get_string(outcome.alarm, "severity")
                     ? "Alarm Severity Updated"
                     : "Alarm Updated";
      flag = "isExistingAlarm";
      break;
    case AlarmChange::kCleared:
      relation = "Alarm Cleared";
      flag = "isClearedAlarm";
      break;
  }
  model::Msg msg = source;
  msg.id = Uuid::random();
  msg.type = "ALARM";
  msg.data = json::serialize(outcome.alarm);
  msg.metadata.emplace_back(std::move(flag), "true");
  return std::make_pair(std::move(relation), std::move(msg));
}

class DeviceProfileNode final : public RuleNode {
 public:
  explicit DeviceProfileNode(NodeServices& services) : services_(services), data_(services) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    if (msg.originator.type != model::EntityType::kDevice) {
      done(NodeResult::on(kSuccess, std::move(msg)));
      return;
    }
    // The device's state is read and advanced under its lock; the chain goes on after it is
    // released, so the next nodes never run under it.
    auto state = device_state(msg.originator.id);
    NodeResult result = evaluate_under_lock(std::move(msg), *state);
    done(std::move(result));
  }

  void forget(const std::function<bool(const Uuid& originator)>& moved) override {
    std::lock_guard lock(mutex_);
    std::erase_if(devices_, [&moved](const auto& entry) { return moved(entry.first); });
  }

 private:
  NodeResult evaluate_under_lock(model::Msg msg, DeviceState& state) {
    std::lock_guard lock(state.mutex);
    Status status = refresh(msg, state);
    if (!status) {
      return status.code() == ErrorCode::kUnavailable
                 ? NodeResult::retry(std::move(msg), status)
                 : NodeResult::failure(std::move(msg), status.message());
    }
    NodeResult result = NodeResult::on(kSuccess, msg);
    if (state.rules && !state.rules->alarms.empty()) {
      status = evaluate(msg, state, result.also);
      if (!status) return NodeResult::retry(std::move(msg), status);
    }
    return result;
  }

  std::shared_ptr<DeviceState> device_state(const Uuid& device) {
    std::lock_guard lock(mutex_);
    auto& state = devices_[device];
    if (!state) state = std::make_shared<DeviceState>();
    return state;
  }

  // Makes the state follow the device's current profile rules; on a change its data is
  // loaded afresh and its progress restarts.
  Status refresh(const model::Msg& msg, DeviceState& state) {
    const SteadyTime now = std::chrono::steady_clock::now();
    if (!state.rules || now - state.checked >= kRecheck) {
      auto profile_id = device_profile_id(msg.originator.id);
      if (!profile_id) return profile_id.status();
      state.profile_id = *profile_id;
      state.checked = now;
    }
    auto rules = profile_rules(state.profile_id);
    if (!rules) return rules.status();
    if (*rules == state.rules) return Status::ok();
    state.data = {};
    PS_RETURN_IF_ERROR(data_.load(msg, (*rules)->keys, state.data, false));
    state.rules = *rules;
    state.progress.clear();
    for (const auto& alarm : (*rules)->alarms) state.progress.emplace_back(alarm);
    state.maybe_active.assign((*rules)->alarms.size(), true);
    return Status::ok();
  }

  Result<Uuid> device_profile_id(const Uuid& device) {
    auto record = services_.entities.find_record(storage::RecordKind::kDevice, device);
    if (!record) return record.status();
    if (!record->has_value()) return Uuid{};
    auto body = json::parse_object((*record)->body);
    const auto* profile = body ? json::get_object(*body, "deviceProfileId") : nullptr;
    auto id = profile ? Uuid::parse(json::get_string(*profile, "id").value_or("")) : std::nullopt;
    return id.value_or(Uuid{});
  }

  // The profile's parsed rules, shared by its devices until the profile's data changes.
  Result<std::shared_ptr<const ProfileRules>> profile_rules(const Uuid& profile_id) {
    std::lock_guard lock(mutex_);
    auto& cached = profiles_[profile_id];
    const SteadyTime now = std::chrono::steady_clock::now();
    if (cached.first && now - cached.second < kRecheck) return cached.first;
    std::string profile_data;
    if (!profile_id.is_null()) {
      auto record = services_.entities.find_record(storage::RecordKind::kDeviceProfile, profile_id);
      if (!record) return record.status();
      auto body = json::parse_object(record->has_value() ? (*record)->body : "{}");
      const auto* data = body ? json::get_object(*body, "profileData") : nullptr;
      if (data != nullptr) profile_data = json::serialize(*data);
    }
    cached.second = now;
    if (cached.first && cached.first->profile_data == profile_data) return cached.first;
    auto rules = std::make_shared<ProfileRules>();
    rules->profile_data = std::move(profile_data);
    auto data = json::parse_object(rules->profile_data.empty() ? "{}" : rules->profile_data);
    auto alarms = data ? profile::parse_profile_alarms(*data)
                       : Result<std::vector<profile::ProfileAlarm>>(data.status());
    if (!alarms) {
      spdlog::warn("device profile {}: alarm rules ignored: {}", profile_id.to_string(),
                   alarms.status().message());
    } else {
      for (auto& alarm : *alarms) {
        rules->keys.insert(rules->keys.end(), alarm.keys.begin(), alarm.keys.end());
        rules->alarms.push_back(std::make_shared<const profile::ProfileAlarm>(std::move(alarm)));
      }
      rules->reads_attributes =
          std::any_of(rules->keys.begin(), rules->keys.end(),
                      [](const AlarmKey& key) { return key.type == KeyType::kAttribute; });
    }
    cached.first = std::move(rules);
    return cached.first;
  }

  Status evaluate(const model::Msg& msg, DeviceState& state,
                  std::vector<std::pair<std::string, model::Msg>>& alarms) {
    MessageValues changed = message_values(msg);
    if (changed.empty()) return Status::ok();
    if (state.rules->reads_attributes) {
      // Server and shared attributes change through REST, not through this node: read them
      // again; the message's own values are laid over them below.
      PS_RETURN_IF_ERROR(data_.load(msg, state.rules->keys, state.data, true));
    }
    for (const auto& [key, value] : changed) state.data.set(key.type, key.key, value);
    const profile::DynamicValues dynamic = data_.dynamic_values(msg);
    for (std::size_t i = 0; i < state.progress.size(); ++i) {
      AlarmProgress& progress = state.progress[i];
      if (!touches(changed, progress.alarm().keys)) continue;
      const AlarmDecision decision = progress.on_event(state.data, dynamic, msg.ts);
      auto outcome = apply(msg, progress.alarm(), decision, state.maybe_active[i]);
      if (!outcome) return outcome.status();
      if (auto leaving = alarm_msg(msg, *outcome)) alarms.push_back(std::move(*leaving));
    }
    return Status::ok();
  }

  Result<entities::AlarmOutcome> apply(const model::Msg& msg, const profile::ProfileAlarm& alarm,
                                       const AlarmDecision& decision,
                                       std::vector<bool>::reference maybe_active) {
    const std::int64_t now = services_.clock.now_ms();
    if (decision.kind == AlarmDecision::Kind::kRaise) {
      // Without alarmDetails an active alarm keeps its details, as in the reference.
      std::optional<bj::object> details;
      if (!decision.details.empty()) details = bj::object{{"data", decision.details}};
      maybe_active = true;
      return services_.alarms.raise(
          {msg.tenant_id, msg.originator, alarm.alarm_type, decision.severity, details, now});
    }
    if (decision.kind == AlarmDecision::Kind::kClear && maybe_active) {
      auto outcome =
          services_.alarms.clear_active(msg.tenant_id, msg.originator, alarm.alarm_type, now);
      if (outcome) maybe_active = false;
      return outcome;
    }
    return entities::AlarmOutcome{};
  }

  NodeServices& services_;
  profile::DeviceData data_;
  std::mutex mutex_;  // guards the two maps
  std::unordered_map<Uuid, std::shared_ptr<DeviceState>> devices_;
  std::unordered_map<Uuid, std::pair<std::shared_ptr<const ProfileRules>, SteadyTime>> profiles_;
};

}  // namespace

void register_profile_nodes(NodeRegistry& registry) {
  registry.add(
      node_type("profile.TbDeviceProfileNode"), [](const bj::object&, NodeServices& services) {
        return Result<std::unique_ptr<RuleNode>>(std::make_unique<DeviceProfileNode>(services));
      });
}

}  // namespace pacificsoft::rule
