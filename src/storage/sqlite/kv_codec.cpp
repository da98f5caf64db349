// Typed values to and from the (type, v) column pair.
#include "storage/sqlite/internal/kv_codec.h"

#include <limits>
#include <string>
#include <type_traits>

#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {

void bind_value(Statement& stmt, int index, const model::KvValue& value) {
  stmt.bind(index, static_cast<std::int64_t>(model::data_type(value)));
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          stmt.bind(index + 1, static_cast<std::int64_t>(v ? 1 : 0));
        } else if constexpr (std::is_same_v<T, model::JsonText>) {
          stmt.bind(index + 1, std::string_view(v.text));
        } else if constexpr (std::is_same_v<T, std::string>) {
          stmt.bind(index + 1, std::string_view(v));
        } else {
          stmt.bind(index + 1, v);  // int64 or double
        }
      },
      value);
}

Result<model::KvValue> read_value(const Statement& stmt, int column) {
  std::int64_t type = stmt.column_int(column);
  switch (type) {
    case static_cast<int>(model::DataType::kBoolean):
      return model::KvValue(stmt.column_int(column + 1) != 0);
    case static_cast<int>(model::DataType::kLong):
      return model::KvValue(stmt.column_int(column + 1));
    case static_cast<int>(model::DataType::kDouble):
      // SQLite stores a NaN as NULL.
      return model::KvValue(stmt.column_is_null(column + 1)
                                ? std::numeric_limits<double>::quiet_NaN()
                                : stmt.column_double(column + 1));
    case static_cast<int>(model::DataType::kString):
      return model::KvValue(stmt.column_text(column + 1));
    case static_cast<int>(model::DataType::kJson):
      return model::KvValue(model::JsonText{stmt.column_text(column + 1)});
    default:
      return internal_error("telemetry row with unknown value type " + std::to_string(type));
  }
}

}  // namespace pacificsoft::storage::sqlite
