// Small text helpers shared by parsers and services.
#pragma once

#include <string>
#include <string_view>

namespace pacificsoft {

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
inline std::string lower_ascii(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lowered;
}

}  // namespace pacificsoft
