// How a typed value is kept in the PostgreSQL telemetry tables: a `type` column (the DataType
// number) and one of long_v, dbl_v, str_v; and the array literals that carry a whole batch of
// rows in one statement (INSERT ... SELECT FROM unnest($1::bigint[], ...)).
// Format: docs/formats/timeseries_store_postgres.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "model/kv.h"

namespace pacificsoft::storage::postgres {

class PgResult;

// The text form of a PostgreSQL array of one column, built element by element.
class ArrayLiteral {
 public:
  void add(std::int64_t value);
  void add(std::optional<std::int64_t> value);
  void add(std::optional<double> value);
  // bytea in hex form; nullopt is NULL.
  void add_bytes(std::optional<std::string_view> bytes);
  // A text element, quoted: an empty text or one reading NULL stays that text.
  void add_text(std::string_view text);
  // The literal, "{...}".
  std::string text() const { return text_ + "}"; }

 private:
  void separate() { text_ += text_.size() == 1 ? "" : ","; }
  std::string text_ = "{";
};

// The value columns (type, long_v, dbl_v, str_v) of one row, as arrays.
class ValueColumns {
 public:
  void add(const model::KvValue& value);
  ArrayLiteral type;
  ArrayLiteral long_v;
  ArrayLiteral dbl_v;
  ArrayLiteral str_v;
};

// The value whose type, long_v, dbl_v and str_v are columns first .. first + 3 of `row`.
Result<model::KvValue> read_value(const PgResult& result, int row, int first);

// Keys as (dictionary id, name), in the order a caller asked for them.
using KnownKeys = std::vector<std::pair<std::int64_t, std::string>>;
// The ids as an int[] literal, for "key_id = ANY($n::int[])".
std::string key_id_array(const KnownKeys& keys);
// Calls `visit(row, key)` for the rows of `result` in the order of `keys`, matching each row's
// key id (column `id_column`) to its name; ids without a row are skipped.
Status for_each_row_in_key_order(
    const PgResult& result, int id_column, const KnownKeys& keys,
    const std::function<Status(int row, const std::string& key)>& visit);

}  // namespace pacificsoft::storage::postgres
