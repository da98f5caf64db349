// bcrypt password hashes ("$2b$..."), through libxcrypt.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace pacificsoft::auth {

class PasswordHasher {
 public:
  // cost: the bcrypt work factor, 4..31 (each step doubles the time).
  explicit PasswordHasher(int cost) : cost_(cost) {}

  Result<std::string> hash(std::string_view password) const;
  // Constant-time comparison of the recomputed hash; false for a malformed stored hash.
  bool verify(std::string_view password, std::string_view stored_hash) const;

 private:
  int cost_;
};

}  // namespace pacificsoft::auth
