// bcrypt through crypt_r / crypt_gensalt_rn; the salt comes from the OS random source.
#include "auth/password_hasher.h"

#include <crypt.h>
#include <openssl/crypto.h>

#include <memory>

namespace pacificsoft::auth {
namespace {

// bcrypt reads at most 72 bytes; longer inputs are refused rather than silently truncated.
constexpr std::size_t kMaxPasswordBytes = 72;

}  // namespace

Result<std::string> PasswordHasher::hash(std::string_view password) const {
  if (password.size() > kMaxPasswordBytes || password.find('\0') != std::string_view::npos) {
    return invalid_argument("Password must be at most 72 bytes");
  }
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost_), nullptr, 0, salt, sizeof(salt)) ==
      nullptr) {
    return internal_error("bcrypt salt generation failed");
  }
  auto data = std::make_unique<crypt_data>();
  const char* result = crypt_r(std::string(password).c_str(), salt, data.get());
  if (result == nullptr || result[0] == '*') return internal_error("bcrypt hashing failed");
  return std::string(result);
}

bool PasswordHasher::verify(std::string_view password, std::string_view stored_hash) const {
  if (password.size() > kMaxPasswordBytes || stored_hash.empty()) return false;
  auto data = std::make_unique<crypt_data>();
  const char* result =
      crypt_r(std::string(password).c_str(), std::string(stored_hash).c_str(), data.get());
  if (result == nullptr || result[0] == '*') return false;
  std::string_view computed(result);
  return computed.size() == stored_hash.size() &&
         CRYPTO_memcmp(computed.data(), stored_hash.data(), computed.size()) == 0;
}

}  // namespace pacificsoft::auth
