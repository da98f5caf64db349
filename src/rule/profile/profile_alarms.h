// A device profile's alarm rules (profileData.alarms, the reference's DeviceProfileAlarm: an
// alarm type, create rules per severity, an optional clear rule) and a device's progress
// through them: which severity to raise, or whether to clear, after each event.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rule/profile/alarm_condition.h"

namespace pacificsoft::rule::profile {

struct AlarmRule {
  AlarmCondition condition;
  std::string details;  // alarmDetails, with ${key} replaced by the key's value
};

struct ProfileAlarm {
  std::string id;
  std::string alarm_type;
  std::vector<std::pair<std::string, AlarmRule>> create;  // by severity, highest first
  std::optional<AlarmRule> clear;
  std::vector<AlarmKey> keys;  // what its rules read, sorted, no repeats
};

// InvalidArgument naming the alarm and what is wrong. Schedules other than ANY_TIME are taken
// as ANY_TIME (not supported yet).
Result<std::vector<ProfileAlarm>> parse_profile_alarms(const bj::object& profile_data);

struct AlarmDecision {
  enum class Kind { kNone, kRaise, kClear } kind = Kind::kNone;
  std::string severity;
  std::string details;
};

// One device's progress through one profile alarm: DURATION and REPEATING conditions count
// consecutive events in which they held.
class AlarmProgress {
 public:
  explicit AlarmProgress(std::shared_ptr<const ProfileAlarm> alarm);

  // After an event at `ts` that changed one of the alarm's keys: the highest severity whose
  // rule is met (raise), else clear when the clear rule is met.
  AlarmDecision on_event(const DataSnapshot& data, const DynamicValues& dynamic, std::int64_t ts);

  const ProfileAlarm& alarm() const { return *alarm_; }

 private:
  struct RuleProgress {
    std::int64_t first_ts = 0;  // of the current run of events that met the condition
    std::int64_t events = 0;
    bool update(const AlarmCondition& condition, bool holds, std::int64_t ts,
                const DynamicValues& dynamic);
  };

  std::shared_ptr<const ProfileAlarm> alarm_;
  std::vector<RuleProgress> create_;
  RuleProgress clear_;
};

}  // namespace pacificsoft::rule::profile
