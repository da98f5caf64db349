// Random alphanumeric tokens.
#include "auth/random_token.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <string_view>
#include <vector>

namespace pacificsoft::auth {

std::string random_token(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  // 248 = 4 * 62: bytes at or above it are dropped so every character is equally likely.
  constexpr unsigned kUnbiasedLimit = 248;
  std::string token;
  token.reserve(length);
  std::vector<unsigned char> bytes(length * 2 + 16);
  while (token.size() < length) {
    // A failing CSPRNG is an environment failure no caller can handle: crash loudly.
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) std::abort();
    for (unsigned char byte : bytes) {
      if (byte >= kUnbiasedLimit) continue;
      token.push_back(kAlphabet[byte % kAlphabet.size()]);
      if (token.size() == length) break;
    }
  }
  return token;
}

}  // namespace pacificsoft::auth
