// Writes the newest points of a write transaction (storage/newest_points.h) to ts_kv_latest,
// once per entity and key, just before the COMMIT. Writer thread only.
#pragma once

#include "common/status.h"
#include "storage/newest_points.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;

// Upserts what is kept (rows only move to newer-or-equal points), then forgets it.
Status flush_latest(NewestPoints& newest, SqliteDb& db);

}  // namespace pacificsoft::storage::sqlite
