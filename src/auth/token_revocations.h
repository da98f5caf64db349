// Tokens that were valid when issued but must no longer be accepted: the sessions ended by a
// logout, and every token of a user issued before its password changed.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/uuid.h"

namespace pacificsoft::auth {

// Thread-safe. Holds what it is told; AuthService persists password changes and reloads them.
class TokenRevocations {
 public:
  // Ends a session until `until_ms` (when its last token would have expired anyway).
  void end_session(const std::string& session_id, std::int64_t until_ms, std::int64_t now_ms);
  bool is_session_ended(const std::string& session_id) const;

  // Tokens of the user issued before `ms` are refused.
  void set_valid_from(const Uuid& user_id, std::int64_t ms);
  // nullopt when this user's time is not known yet (the caller loads and sets it).
  std::optional<std::int64_t> valid_from(const Uuid& user_id) const;

 private:
  void forget_expired(std::int64_t now_ms);  // requires mutex_

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> ended_sessions_;  // guarded by mutex_
  std::size_t sweep_at_ = 1024;                                   // guarded by mutex_
  std::unordered_map<Uuid, std::int64_t> valid_from_;             // guarded by mutex_
};

}  // namespace pacificsoft::auth
