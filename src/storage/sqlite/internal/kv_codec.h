// How a typed value is kept in the telemetry tables: a `type` column (the DataType number) and
// a `v` column in SQLite's matching storage class. Format: docs/formats/timeseries_store.md.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/status.h"
#include "model/kv.h"

namespace pacificsoft::storage::sqlite {

class Statement;

// The reference's key column size.
inline constexpr std::size_t kMaxKeyBytes = 255;

Status check_key(std::string_view key);
// Strings and JSON at most max_bytes long.
Status check_value(const model::KvValue& value, std::size_t max_bytes);

// Binds the type number to `index` and the value to `index + 1`.
void bind_value(Statement& stmt, int index, const model::KvValue& value);
// Reads the type from `column` and the value from `column + 1`.
Result<model::KvValue> read_value(const Statement& stmt, int column);

}  // namespace pacificsoft::storage::sqlite
