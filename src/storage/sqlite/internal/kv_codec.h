// How a typed value is kept in the telemetry tables: a `type` column (the DataType number) and
// a `v` column in SQLite's matching storage class. Format: docs/formats/timeseries_store.md.
#pragma once

#include "common/status.h"
#include "model/kv.h"

namespace pacificsoft::storage::sqlite {

class Statement;

// Binds the type number to `index` and the value to `index + 1`.
void bind_value(Statement& stmt, int index, const model::KvValue& value);
// Reads the type from `column` and the value from `column + 1`.
Result<model::KvValue> read_value(const Statement& stmt, int column);

}  // namespace pacificsoft::storage::sqlite
