// Device state as the reference keeps it: the SERVER_SCOPE attributes active, lastConnectTime,
// lastDisconnectTime, lastActivityTime and inactivityAlarmTime. Connects, disconnects and
// state changes are written at once; plain activity is noted in memory and written by flush()
// in one batch (the reference reports activity every few seconds too), so a device message
// costs no extra write. A device's own SERVER_SCOPE attribute inactivityTimeout (ms) overrides
// the default time-out.
//
// The state is kept per partition of the devices (the rule engine's: the process that runs a
// device's messages keeps its state). When a partition is assigned its devices' states are read
// back from storage, so devices that were active and never return still become inactive; when
// it is revoked the activity noted is written and the states dropped, for the next owner.
// Reports of devices of partitions not owned are not kept here (in a cluster the transports
// send them to the owner).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "cluster/partition_ownership.h"
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

// The partition a device's state belongs to.
using PartitionOf = std::function<std::uint32_t(const Uuid& device)>;

// Thread-safe.
class DeviceActivity final : public cluster::PartitionListener {
 public:
  // `devices` is read at each assignment; both outlive it.
  DeviceActivity(TelemetryService& telemetry, storage::EntityStore& devices,
                 DeviceActivityOptions options, PartitionOf partition_of,
                 ActivityChange on_change = nullptr);
  ~DeviceActivity() override;
  DeviceActivity(const DeviceActivity&) = delete;
  DeviceActivity& operator=(const DeviceActivity&) = delete;

  // Reads the states and inactivityTimeouts of the partition's devices back, then keeps them.
  void on_assigned(std::uint32_t partition) override;
  // Writes the activity noted for the partition's devices and drops their states.
  void on_revoked(std::uint32_t partition) override;

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
  Status restore(std::uint32_t partition);
  Status restore_device(const Uuid& device);
  bool owns_locked(const Uuid& device) const;  // under mutex_
  // The device's state, made if it is new; nullptr when its partition is not owned. Under mutex_.
  State* state_of_owned_locked(const Uuid& device);
  void attributes_saved(const model::EntityId& entity, model::AttributeScope scope,
                        const std::vector<model::AttributeKv>& attributes);

  TelemetryService& telemetry_;
  storage::EntityStore& devices_store_;
  const DeviceActivityOptions options_;
  const PartitionOf partition_of_;
  const ActivityChange on_change_;
  std::mutex mutex_;
  std::unordered_set<std::uint32_t> owned_;  // guarded by mutex_
  std::unordered_map<Uuid, State> devices_;  // of owned partitions only; guarded by mutex_
};

}  // namespace pacificsoft::telemetry
