// One live session per device, as the reference keeps by default: a newer session of a device
// ends the older one (MQTT v5: DISCONNECT "session taken over"). Local here; in a cluster the
// older session may live on another node, which the registry then tells.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/uuid.h"

namespace pacificsoft::transport {

// A session as the registry sees it. Thread-safe.
class TakeOverTarget {
 public:
  virtual ~TakeOverTarget() = default;
  // A newer session of the device claimed it: close this one. From any thread.
  virtual void taken_over() = 0;
};

// Thread-safe.
class DeviceSessions {
 public:
  virtual ~DeviceSessions() = default;
  // Makes `session` the device's live one; the one it replaces, if still alive, is taken over.
  // Held weakly: a session that is gone needs no release.
  virtual void claim(const Uuid& device, const std::shared_ptr<TakeOverTarget>& session) = 0;
  // The session closed; a newer one of the device stays.
  virtual void release(const Uuid& device, const TakeOverTarget* session) = 0;
};

class LocalDeviceSessions final : public DeviceSessions {
 public:
  void claim(const Uuid& device, const std::shared_ptr<TakeOverTarget>& session) override;
  void release(const Uuid& device, const TakeOverTarget* session) override;

 private:
  std::mutex mutex_;
  std::unordered_map<Uuid, std::weak_ptr<TakeOverTarget>> sessions_;  // guarded by mutex_
};

}  // namespace pacificsoft::transport
