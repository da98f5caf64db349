// The live sessions of devices, so a device has one at a time and a change of the device ends
// it. As the reference keeps them by default: a newer session of a device (a connection, or a
// gateway's session for it) ends the older one (MQTT v5: DISCONNECT "session taken over"); a
// deleted device, or one whose credentials changed, loses its session at once, so a revoked
// token stops working on an open connection too. Local here; in a cluster the session may live
// on another node, which the registry then tells.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/uuid.h"

namespace pacificsoft::transport {

enum class SessionEnd : std::uint8_t {
  kTakenOver,      // a newer session of the device claimed it
  kDeviceChanged,  // the device was deleted or its credentials changed
};

// A session as the registry sees it. Thread-safe.
class LiveSession {
 public:
  virtual ~LiveSession() = default;
  virtual const Uuid& tenant_id() const = 0;
  // Close the session (a gateway forgets the child). From any thread; may run more than once.
  virtual void end(SessionEnd why) = 0;
};

// Thread-safe. Sessions are held weakly: one that is gone needs no release.
class DeviceSessions {
 public:
  virtual ~DeviceSessions() = default;
  // Makes `session` the device's live one; the one it replaces, if still alive, ends.
  virtual void claim(const Uuid& device, const std::shared_ptr<LiveSession>& session) = 0;
  // The session closed; a newer one of the device stays.
  virtual void release(const Uuid& device, const LiveSession* session) = 0;
  // The device was deleted or its credentials changed: its session ends.
  virtual void end_device(const Uuid& device) = 0;
  // The tenant was deleted: the sessions of its devices end.
  virtual void end_tenant(const Uuid& tenant) = 0;
};

class LocalDeviceSessions final : public DeviceSessions {
 public:
  void claim(const Uuid& device, const std::shared_ptr<LiveSession>& session) override;
  void release(const Uuid& device, const LiveSession* session) override;
  void end_device(const Uuid& device) override;
  void end_tenant(const Uuid& tenant) override;

 private:
  std::mutex mutex_;
  std::unordered_map<Uuid, std::weak_ptr<LiveSession>> sessions_;  // guarded by mutex_
};

}  // namespace pacificsoft::transport
