// Pieces of query text the SQL backends (SQLite, PostgreSQL) build alike, so both keep the same
// entity-store semantics (docs/formats/entity_store*.md).
#pragma once

#include <string>
#include <string_view>

#include "common/text.h"
#include "storage/entity_record.h"

namespace pacificsoft::storage {

// LIKE pattern (ESCAPE '\') matching `text` anywhere, ASCII case-folded, with LIKE's wildcards
// taken literally.
inline std::string contains_pattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : lower_ascii(text)) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

// The column a sort field orders by.
inline std::string_view sort_column(SortField field) {
  switch (field) {
    case SortField::kCreatedTime:
      return "created_time";
    case SortField::kName:
      return "name_lower";
    case SortField::kType:
      return "type";
    case SortField::kLabel:
      return "label";
    case SortField::kId:
      return "id";
  }
  return "created_time";
}

}  // namespace pacificsoft::storage
