// In-memory revocation lists.
#include "auth/token_revocations.h"

#include <algorithm>

namespace pacificsoft::auth {

void TokenRevocations::end_session(const std::string& session_id, std::int64_t until_ms,
                                   std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  forget_expired(now_ms);
  ended_sessions_[session_id] = until_ms;
}

bool TokenRevocations::is_session_ended(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  return ended_sessions_.count(session_id) != 0;
}

void TokenRevocations::set_valid_from(const Uuid& user_id, std::int64_t ms) {
  std::lock_guard lock(mutex_);
  valid_from_[user_id] = ms;
}

std::optional<std::int64_t> TokenRevocations::valid_from(const Uuid& user_id) const {
  std::lock_guard lock(mutex_);
  auto found = valid_from_.find(user_id);
  if (found == valid_from_.end()) return std::nullopt;
  return found->second;
}

void TokenRevocations::forget_expired(std::int64_t now_ms) {
  // Amortised: sweep only after the map doubled, so a logout stays O(1) on average.
  if (ended_sessions_.size() < sweep_at_) return;
  std::erase_if(ended_sessions_, [now_ms](const auto& entry) { return entry.second <= now_ms; });
  sweep_at_ = std::max<std::size_t>(1024, 2 * ended_sessions_.size());
}

}  // namespace pacificsoft::auth
