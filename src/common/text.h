// Small text helpers shared by parsers and services.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pacificsoft {

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
inline std::string lower_ascii(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lowered;
}

// "a, b,,c" → {"a", "b", "c"}: comma-separated names with blanks trimmed and empties dropped.
inline std::vector<std::string> split_names(std::string_view text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view name = text.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) names.emplace_back(name);
    start = comma + 1;
  }
  return names;
}

}  // namespace pacificsoft
