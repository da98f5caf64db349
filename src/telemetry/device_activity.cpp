#include "telemetry/device_activity.h"

#include <vector>

#include "common/log.h"

namespace pacificsoft::telemetry {

DeviceActivity::DeviceActivity(TelemetryService& telemetry, DeviceActivityOptions options,
                               ActivityChange on_change)
    : telemetry_(telemetry), options_(options), on_change_(std::move(on_change)) {}

void DeviceActivity::save(const Uuid& device, const model::KeyValues& values) {
  telemetry_.save_attributes({model::EntityType::kDevice, device}, model::AttributeScope::kServer,
                             values, [device](const Status& status) {
                               if (!status) {
                                 spdlog::warn("device {}: activity not saved: {}",
                                              device.to_string(), status.to_string());
                               }
                             });
}

void DeviceActivity::connected(const Uuid& device) {
  const std::int64_t now = telemetry_.clock().now_ms();
  bool became_active = false;
  {
    std::lock_guard lock(mutex_);
    State& state = devices_[device];
    became_active = !state.active;
    state.active = true;
    state.last_activity = state.written_activity = now;
  }
  save(device, {{"active", true}, {"lastConnectTime", now}, {"lastActivityTime", now}});
  if (became_active && on_change_) on_change_(device, true);
}

void DeviceActivity::disconnected(const Uuid& device) {
  save(device, {{"lastDisconnectTime", telemetry_.clock().now_ms()}});
}

void DeviceActivity::active(const Uuid& device) {
  const std::int64_t now = telemetry_.clock().now_ms();
  bool became_active = false;
  {
    std::lock_guard lock(mutex_);
    State& state = devices_[device];
    state.last_activity = now;
    became_active = !state.active;
    state.active = true;
    if (became_active) state.written_activity = now;
  }
  if (!became_active) return;
  save(device, {{"active", true}, {"lastActivityTime", now}});
  if (on_change_) on_change_(device, true);
}

void DeviceActivity::flush() {
  const std::int64_t now = telemetry_.clock().now_ms();
  const std::int64_t timeout = options_.inactivity_timeout.count();
  std::vector<std::pair<Uuid, model::KeyValues>> writes;
  std::vector<Uuid> went_inactive;
  {
    std::lock_guard lock(mutex_);
    for (auto& [device, state] : devices_) {
      model::KeyValues values;
      if (state.last_activity > state.written_activity) {
        values.emplace_back("lastActivityTime", state.last_activity);
        state.written_activity = state.last_activity;
      }
      if (state.active && now - state.last_activity >= timeout) {
        state.active = false;
        values.emplace_back("active", false);
        values.emplace_back("inactivityAlarmTime", now);
        went_inactive.push_back(device);
      }
      if (!values.empty()) writes.emplace_back(device, std::move(values));
    }
  }
  for (const auto& [device, values] : writes) save(device, values);
  if (!on_change_) return;
  for (const Uuid& device : went_inactive) on_change_(device, false);
}

}  // namespace pacificsoft::telemetry
