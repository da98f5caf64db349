// Page JSON.
#include "entities/page.h"

namespace pacificsoft::entities {

boost::json::object EntityPage::to_json() const {
  std::int64_t size = link.page_size > 0 ? link.page_size : 1;
  std::int64_t total_pages = (total_elements + size - 1) / size;
  boost::json::array items(data.begin(), data.end());
  return {{"data", std::move(items)},
          {"totalPages", total_pages},
          {"totalElements", total_elements},
          {"hasNext", (link.page + 1) * size < total_elements}};
}

}  // namespace pacificsoft::entities
