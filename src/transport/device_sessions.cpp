#include "transport/device_sessions.h"

namespace pacificsoft::transport {

void LocalDeviceSessions::claim(const Uuid& device,
                                const std::shared_ptr<TakeOverTarget>& session) {
  std::shared_ptr<TakeOverTarget> previous;
  {
    std::lock_guard lock(mutex_);
    auto& current = sessions_[device];
    previous = current.lock();
    current = session;
  }
  // Outside the lock: the older session may release itself on this thread.
  if (previous && previous != session) previous->taken_over();
}

void LocalDeviceSessions::release(const Uuid& device, const TakeOverTarget* session) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(device);
  if (found == sessions_.end()) return;
  auto current = found->second.lock();
  if (!current || current.get() == session) sessions_.erase(found);
}

}  // namespace pacificsoft::transport
