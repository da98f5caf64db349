// Sessions are told to end outside the lock: one may release itself on the same thread.
#include "transport/device_sessions.h"

#include <vector>

namespace pacificsoft::transport {

void LocalDeviceSessions::claim(const Uuid& device, const std::shared_ptr<LiveSession>& session) {
  std::shared_ptr<LiveSession> previous;
  {
    std::lock_guard lock(mutex_);
    auto& current = sessions_[device];
    previous = current.lock();
    current = session;
  }
  if (previous && previous != session) previous->end(SessionEnd::kTakenOver);
}

void LocalDeviceSessions::release(const Uuid& device, const LiveSession* session) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(device);
  if (found == sessions_.end()) return;
  auto current = found->second.lock();
  if (!current || current.get() == session) sessions_.erase(found);
}

void LocalDeviceSessions::end_device(const Uuid& device) {
  std::shared_ptr<LiveSession> session;
  {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(device);
    if (found == sessions_.end()) return;
    session = found->second.lock();
    sessions_.erase(found);
  }
  if (session) session->end(SessionEnd::kDeviceChanged);
}

// A walk over every session: tenants are deleted rarely.
void LocalDeviceSessions::end_tenant(const Uuid& tenant) {
  std::vector<std::shared_ptr<LiveSession>> ending;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [&](const auto& entry) {
      auto session = entry.second.lock();
      if (!session) return true;
      if (session->tenant_id() != tenant) return false;
      ending.push_back(std::move(session));
      return true;
    });
  }
  for (const auto& session : ending) session->end(SessionEnd::kDeviceChanged);
}

}  // namespace pacificsoft::transport
