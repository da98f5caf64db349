// Visits every record a query matches, page by page, so callers never load a whole tenant.
#pragma once

#include <functional>

#include "storage/entity_store.h"

namespace pacificsoft::entities {

// Calls `visit` for each matching record until it returns an error; the query's paging is
// ignored. Visits a snapshot: records `visit` changes may be seen again or skipped if it changes
// what the query matches, so callers that remove or reassign records collect ids first.
Status scan_records(storage::EntityStore& store, storage::RecordQuery query,
                    const std::function<Status(const storage::EntityRecord&)>& visit);

}  // namespace pacificsoft::entities
