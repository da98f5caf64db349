// Device state as the reference keeps it: the SERVER_SCOPE attributes active, lastConnectTime,
// lastDisconnectTime, lastActivityTime and inactivityAlarmTime. Connects, disconnects and
// state changes are written at once; plain activity is noted in memory and written by flush()
// in one batch (the reference reports activity every few seconds too), so a device message
// costs no extra write. A device's own SERVER_SCOPE attribute inactivityTimeout (ms) overrides
// the default time-out. After a restart restore() reads the states back, so devices that were
// active and never return still become inactive.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "storage/entity_store.h"
#include "telemetry/telemetry_service.h"

namespace pacificsoft::telemetry {

struct DeviceActivityOptions {
  // A device without activity for this long becomes inactive (state.defaultInactivityTimeout).
  std::chrono::milliseconds inactivity_timeout{600000};
};

// Told when a device becomes active again after being inactive (true) or inactive (false), so
// the rule engine gets the reference's ACTIVITY_EVENT / INACTIVITY_EVENT. Runs on the caller's
// thread (a transport's or the periodic flush's): keep it short.
using ActivityChange = std::function<void(const Uuid& device, bool active)>;

// Thread-safe.
class DeviceActivity {
 public:
  DeviceActivity(TelemetryService& telemetry, DeviceActivityOptions options,
                 ActivityChange on_change = nullptr);
  ~DeviceActivity();
  DeviceActivity(const DeviceActivity&) = delete;
  DeviceActivity& operator=(const DeviceActivity&) = delete;

  // Reads every device's state and inactivityTimeout back from storage; call before the
  // transports start. Follows inactivityTimeout saves from then on.
  Status restore(storage::EntityStore& devices);

  void connected(const Uuid& device);
  void disconnected(const Uuid& device);
  void active(const Uuid& device);
  // Writes the activity noted since the last call and marks devices idle past the time-out
  // inactive. Called periodically.
  void flush();

 private:
  struct State {
    std::int64_t last_activity = 0;
    std::int64_t written_activity = 0;
    bool active = false;
    std::int64_t timeout_ms = 0;  // the device's own inactivityTimeout; 0: the default
  };
  void save(const Uuid& device, const model::KeyValues& values);
  Status restore_device(const Uuid& device);
  void attributes_saved(const model::EntityId& entity, model::AttributeScope scope,
                        const std::vector<model::AttributeKv>& attributes);

  TelemetryService& telemetry_;
  DeviceActivityOptions options_;
  ActivityChange on_change_;
  std::mutex mutex_;
  std::unordered_map<Uuid, State> devices_;  // guarded by mutex_
};

}  // namespace pacificsoft::telemetry
