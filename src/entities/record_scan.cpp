// Paged scan over the entity store.
#include "entities/record_scan.h"

namespace pacificsoft::entities {

Status scan_records(storage::EntityStore& store, storage::RecordQuery query,
                    const std::function<Status(const storage::EntityRecord&)>& visit) {
  constexpr int kScanPageSize = 500;
  query.page_size = kScanPageSize;
  query.sort = storage::SortField::kId;
  std::vector<storage::EntityRecord> records;
  for (query.page = 0;; ++query.page) {
    auto page = store.list(query);
    if (!page) return page.status();
    for (auto& record : page->records) records.push_back(std::move(record));
    if (static_cast<std::int64_t>((query.page + 1)) * kScanPageSize >= page->total_elements) break;
  }
  for (const auto& record : records) PS_RETURN_IF_ERROR(visit(record));
  return Status::ok();
}

}  // namespace pacificsoft::entities
