// The reference platform's paging: a PageLink in, {"data", "totalPages", "totalElements",
// "hasNext"} out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/json.h"
#include "storage/entity_record.h"

namespace pacificsoft::entities {

struct PageLink {
  int page_size = 10;  // > 0
  int page = 0;        // 0-based
  std::string text_search;
  storage::SortField sort = storage::SortField::kCreatedTime;
  bool descending = false;
};

struct EntityPage {
  std::vector<boost::json::value> data;
  std::int64_t total_elements = 0;
  PageLink link;

  boost::json::object to_json() const;
};

}  // namespace pacificsoft::entities
