#include "telemetry/device_activity.h"

#include <charconv>
#include <latch>
#include <vector>

#include "common/log.h"

namespace pacificsoft::telemetry {

namespace {

constexpr std::string_view kInactivityTimeout = "inactivityTimeout";

// A number of ms from an attribute value (the reference accepts a long; a numeric text too).
std::int64_t millis(const model::KvValue& value) {
  if (const auto* l = std::get_if<std::int64_t>(&value)) return *l;
  if (const auto* d = std::get_if<double>(&value)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&value)) {
    std::int64_t parsed = 0;
    auto [end, error] = std::from_chars(s->data(), s->data() + s->size(), parsed);
    if (error == std::errc() && end == s->data() + s->size()) return parsed;
  }
  return 0;
}

}  // namespace

DeviceActivity::DeviceActivity(TelemetryService& telemetry, storage::EntityStore& devices,
                               DeviceActivityOptions options, PartitionOf partition_of,
                               ActivityChange on_change)
    : telemetry_(telemetry),
      devices_store_(devices),
      options_(options),
      partition_of_(std::move(partition_of)),
      on_change_(std::move(on_change)) {
  telemetry_.on_attributes_saved([this](const model::EntityId& entity, model::AttributeScope scope,
                                        const std::vector<model::AttributeKv>& attributes) {
    attributes_saved(entity, scope, attributes);
  });
}

DeviceActivity::~DeviceActivity() { telemetry_.on_attributes_saved(nullptr); }

// Owned first, so reports from now on are kept; a state they made wins over the one read back.
void DeviceActivity::on_assigned(std::uint32_t partition) {
  {
    std::lock_guard lock(mutex_);
    owned_.insert(partition);
  }
  if (Status restored = restore(partition); !restored) {
    spdlog::error(
        "device states of partition {} not read back ({}): devices active before are marked "
        "inactive only once they report again",
        partition, restored.to_string());
  }
}

// The writes are waited for: the next owner reads them back once this returns.
void DeviceActivity::on_revoked(std::uint32_t partition) {
  std::vector<std::pair<Uuid, std::int64_t>> noted;
  {
    std::lock_guard lock(mutex_);
    owned_.erase(partition);
    std::erase_if(devices_, [&](const auto& entry) {
      const auto& [device, state] = entry;
      if (partition_of_(device) != partition) return false;
      if (state.last_activity > state.written_activity)
        noted.emplace_back(device, state.last_activity);
      return true;
    });
  }
  std::latch written(static_cast<std::ptrdiff_t>(noted.size()));
  for (const auto& [device, last_activity] : noted) {
    telemetry_.save_attributes({model::EntityType::kDevice, device}, model::AttributeScope::kServer,
                               {{"lastActivityTime", last_activity}},
                               [&written, device = device](const Status& status) {
                                 if (!status) {
                                   spdlog::warn("device {}: activity not saved: {}",
                                                device.to_string(), status.to_string());
                                 }
                                 written.count_down();
                               });
  }
  written.wait();
}

Status DeviceActivity::restore(std::uint32_t partition) {
  storage::RecordQuery query;
  query.kind = storage::RecordKind::kDevice;
  query.page_size = 1000;
  for (;; ++query.page) {
    auto page = devices_store_.list(query);
    if (!page) return page.status();
    for (const auto& record : page->records) {
      if (partition_of_(record.id) == partition) PS_RETURN_IF_ERROR(restore_device(record.id));
    }
    if (page->records.size() < static_cast<std::size_t>(query.page_size)) return Status::ok();
  }
}

bool DeviceActivity::owns_locked(const Uuid& device) const {
  return owned_.contains(partition_of_(device));
}

// Only owned partitions' devices have a state, so a device with one is owned: the hash of its
// partition is left to devices first seen (a message of a known device costs no more than
// before partitions).
DeviceActivity::State* DeviceActivity::state_of_owned_locked(const Uuid& device) {
  if (auto found = devices_.find(device); found != devices_.end()) return &found->second;
  if (!owns_locked(device)) return nullptr;
  return &devices_[device];
}

Status DeviceActivity::restore_device(const Uuid& device) {
  auto values = telemetry_.find_attributes(
      {model::EntityType::kDevice, device}, model::AttributeScope::kServer,
      {"active", "lastActivityTime", std::string(kInactivityTimeout)});
  if (!values) return values.status();
  State state;
  for (const auto& kv : *values) {
    if (kv.key == "active") state.active = std::get_if<bool>(&kv.value) && std::get<bool>(kv.value);
    if (kv.key == "lastActivityTime")
      state.last_activity = state.written_activity = millis(kv.value);
    if (kv.key == kInactivityTimeout) state.timeout_ms = millis(kv.value);
  }
  if (!state.active && state.timeout_ms == 0) return Status::ok();  // the default is enough
  std::lock_guard lock(mutex_);
  if (owns_locked(device)) devices_.try_emplace(device, state);  // revoked meanwhile: not ours
  return Status::ok();
}

void DeviceActivity::attributes_saved(const model::EntityId& entity, model::AttributeScope scope,
                                      const std::vector<model::AttributeKv>& attributes) {
  if (entity.type != model::EntityType::kDevice || scope != model::AttributeScope::kServer) return;
  for (const auto& kv : attributes) {
    if (kv.key != kInactivityTimeout) continue;
    std::lock_guard lock(mutex_);
    if (State* state = state_of_owned_locked(entity.id)) state->timeout_ms = millis(kv.value);
  }
}

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
    State* found = state_of_owned_locked(device);
    if (found == nullptr) return;
    State& state = *found;
    became_active = !state.active;
    state.active = true;
    state.last_activity = state.written_activity = now;
  }
  save(device, {{"active", true}, {"lastConnectTime", now}, {"lastActivityTime", now}});
  if (became_active && on_change_) on_change_(device, true);
}

void DeviceActivity::disconnected(const Uuid& device) {
  {
    std::lock_guard lock(mutex_);
    if (!owns_locked(device)) return;
  }
  save(device, {{"lastDisconnectTime", telemetry_.clock().now_ms()}});
}

void DeviceActivity::active(const Uuid& device) {
  const std::int64_t now = telemetry_.clock().now_ms();
  bool became_active = false;
  {
    std::lock_guard lock(mutex_);
    State* found = state_of_owned_locked(device);
    if (found == nullptr) return;
    State& state = *found;
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
  const std::int64_t default_timeout = options_.inactivity_timeout.count();
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
      const std::int64_t timeout = state.timeout_ms > 0 ? state.timeout_ms : default_timeout;
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
