// Alarms (the reference's Alarm): one active alarm per originator and type — raising it again
// updates it — with severity, acknowledgement and clearing. Raised and cleared by rule nodes,
// read, acknowledged, cleared and deleted through REST. Records of kind kAlarm: parent_id = the
// originator, type = the alarm type, unique_key2 = "<originator>/<type>" while active, so finding
// the active alarm is one index probe and a second one cannot appear.
#pragma once

#include <optional>
#include <string>

#include "entities/entity_service.h"

namespace pacificsoft::entities {

// What a rule node asks for.
struct AlarmRaise {
  Uuid tenant_id;
  model::EntityId originator;
  std::string type;
  std::string severity;               // CRITICAL, MAJOR, MINOR, WARNING, INDETERMINATE
  std::optional<bj::object> details;  // none: an active alarm keeps its details
  std::int64_t ts = 0;
};

enum class AlarmChange { kCreated, kUpdated, kCleared, kNone };

struct AlarmOutcome {
  AlarmChange change = AlarmChange::kNone;
  bj::object alarm;               // the alarm's JSON after the change (empty when kNone)
  std::string previous_severity;  // kUpdated: the severity before
};

// ANY, ACTIVE, CLEARED, ACK, UNACK (the reference's searchStatus).
bool alarm_matches_status(const bj::object& alarm, std::string_view search_status);

// Thread-safe.
class AlarmService {
 public:
  explicit AlarmService(EntityService& entities) : entities_(entities) {}

  // For rule nodes (no user): create or update the active alarm of originator and type.
  Result<AlarmOutcome> raise(const AlarmRaise& raise);
  // Clears the active alarm of originator and type, if there is one.
  Result<AlarmOutcome> clear_active(const Uuid& tenant_id, const model::EntityId& originator,
                                    const std::string& type, std::int64_t ts);

  Result<bj::object> get(const auth::SecurityUser& user, const Uuid& id);
  Result<bj::object> acknowledge(const auth::SecurityUser& user, const Uuid& id);
  Result<bj::object> clear(const auth::SecurityUser& user, const Uuid& id);
  Status remove(const auth::SecurityUser& user, const Uuid& id);
  // The originator's alarms (or, without one, all the user may see), newest first.
  Result<EntityPage> list(const auth::SecurityUser& user,
                          const std::optional<model::EntityId>& originator,
                          std::string_view search_status, const PageLink& link);

 private:
  Result<storage::EntityRecord> visible(const auth::SecurityUser& user, const Uuid& id);
  Result<bj::object> change(const auth::SecurityUser& user, const Uuid& id, bool clear);

  EntityService& entities_;
};

}  // namespace pacificsoft::entities
