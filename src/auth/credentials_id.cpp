#include "auth/credentials_id.h"

#include <openssl/evp.h>
#include <array>
#include <memory>

namespace pacificsoft::auth {

std::string sha3_256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha3_256(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), text.data(), text.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest.data(), &size) != 1) {
    return {};
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(std::size_t{size} * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return hex;
}

std::string mqtt_basic_credentials_id(std::string_view client_id, std::string_view user_name) {
  if (user_name.empty()) return sha3_256_hex(client_id);
  if (client_id.empty()) return std::string(user_name);
  std::string joined(client_id);
  joined += '|';
  joined += user_name;
  return sha3_256_hex(joined);
}

std::string certificate_credentials_id(std::string_view pem) {
  std::string body;
  std::size_t start = 0;
  while (start < pem.size()) {
    std::size_t end = pem.find('\n', start);
    if (end == std::string_view::npos) end = pem.size();
    std::string_view line = pem.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.starts_with("-----")) body += line;
    start = end + 1;
  }
  return sha3_256_hex(body);
}

}  // namespace pacificsoft::auth
