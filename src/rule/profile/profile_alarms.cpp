#include "rule/profile/profile_alarms.h"

#include <algorithm>
#include <array>

namespace pacificsoft::rule::profile {
namespace {

// The reference's AlarmSeverity order: the first met create rule in it wins.
constexpr std::array<std::string_view, 5> kSeverities = {"CRITICAL", "MAJOR", "MINOR", "WARNING",
                                                         "INDETERMINATE"};

Result<AlarmRule> parse_rule(const bj::object& json) {
  const auto* condition = json::get_object(json, "condition");
  if (condition == nullptr) return invalid_argument("alarm rule needs a condition");
  auto parsed = AlarmCondition::parse(*condition);
  if (!parsed) return parsed.status();
  return AlarmRule{std::move(*parsed),
                   std::string(json::get_string(json, "alarmDetails").value_or(""))};
}

Result<ProfileAlarm> parse_alarm(const bj::object& json) {
  ProfileAlarm alarm;
  alarm.id = std::string(json::get_string(json, "id").value_or(""));
  alarm.alarm_type = std::string(json::get_string(json, "alarmType").value_or(""));
  if (alarm.alarm_type.empty()) return invalid_argument("device profile alarm needs an alarmType");
  auto failed = [&alarm](const Status& status) {
    return invalid_argument("alarm '" + alarm.alarm_type + "': " + status.message());
  };
  const auto* create = json::get_object(json, "createRules");
  if (create == nullptr || create->empty()) return failed(invalid_argument("no createRules"));
  for (std::string_view severity : kSeverities) {
    const auto* rule = create->if_contains(severity);
    if (rule == nullptr || !rule->is_object()) continue;
    auto parsed = parse_rule(rule->as_object());
    if (!parsed) return failed(parsed.status());
    alarm.create.emplace_back(std::string(severity), std::move(*parsed));
  }
  if (const auto* clear = json::get_object(json, "clearRule")) {
    auto parsed = parse_rule(*clear);
    if (!parsed) return failed(parsed.status());
    alarm.clear = std::move(*parsed);
  }
  auto add_keys = [&alarm](const AlarmRule& rule) {
    for (auto& key : rule.condition.keys()) alarm.keys.push_back(std::move(key));
  };
  for (const auto& [severity, rule] : alarm.create) add_keys(rule);
  if (alarm.clear) add_keys(*alarm.clear);
  std::sort(alarm.keys.begin(), alarm.keys.end());
  alarm.keys.erase(std::unique(alarm.keys.begin(), alarm.keys.end()), alarm.keys.end());
  return alarm;
}

// alarmDetails with each "${key}" of the rule's keys replaced by the key's current value.
std::string details_of(const AlarmRule& rule, const DataSnapshot& data) {
  std::string details = rule.details;
  for (const AlarmKey& key : rule.condition.keys()) {
    const model::KvValue* value = data.find(key.type, key.key);
    const std::string pattern = "${" + key.key + "}";
    const std::string text = value ? model::value_to_string(*value) : "";
    for (auto at = details.find(pattern); at != std::string::npos;
         at = details.find(pattern, at + text.size())) {
      details.replace(at, pattern.size(), text);
    }
  }
  return details;
}

}  // namespace

Result<std::vector<ProfileAlarm>> parse_profile_alarms(const bj::object& profile_data) {
  std::vector<ProfileAlarm> alarms;
  const auto* list = profile_data.if_contains("alarms");
  if (list == nullptr || list->is_null()) return alarms;
  if (!list->is_array()) return invalid_argument("profileData.alarms must be a list");
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) return invalid_argument("device profile alarm must be an object");
    auto alarm = parse_alarm(item.as_object());
    if (!alarm) return alarm.status();
    alarms.push_back(std::move(*alarm));
  }
  return alarms;
}

bool AlarmProgress::RuleProgress::update(const AlarmCondition& condition, bool holds,
                                         std::int64_t ts, const DynamicValues& dynamic) {
  if (!holds) {
    first_ts = 0;
    events = 0;
    return false;
  }
  if (events++ == 0) first_ts = ts;
  switch (condition.spec()) {
    case SpecType::kSimple:
      return true;
    case SpecType::kDuration:
      return ts - first_ts >= condition.threshold(dynamic);
    case SpecType::kRepeating:
      return events >= condition.threshold(dynamic);
  }
  return false;
}

AlarmProgress::AlarmProgress(std::shared_ptr<const ProfileAlarm> alarm)
    : alarm_(std::move(alarm)), create_(alarm_->create.size()) {}

AlarmDecision AlarmProgress::on_event(const DataSnapshot& data, const DynamicValues& dynamic,
                                      std::int64_t ts) {
  // Every rule sees every event, so each one's run of met events stays whole.
  std::optional<std::size_t> raised;
  for (std::size_t i = 0; i < create_.size(); ++i) {
    const AlarmCondition& condition = alarm_->create[i].second.condition;
    const bool met = create_[i].update(condition, condition.holds(data, dynamic), ts, dynamic);
    if (met && !raised) raised = i;
  }
  bool clear = false;
  if (alarm_->clear) {
    const AlarmCondition& condition = alarm_->clear->condition;
    clear = clear_.update(condition, condition.holds(data, dynamic), ts, dynamic);
  }
  if (raised) {
    const auto& [severity, rule] = alarm_->create[*raised];
    return {AlarmDecision::Kind::kRaise, severity, details_of(rule, data)};
  }
  if (clear) return {AlarmDecision::Kind::kClear, {}, details_of(*alarm_->clear, data)};
  return {};
}

}  // namespace pacificsoft::rule::profile
