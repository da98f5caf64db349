// Typed key-value entries of time series and attributes: BOOLEAN, LONG, DOUBLE, STRING, JSON,
// as the reference stores them, with the two JSON forms its APIs answer (strings by default,
// native values with useStrictDataTypes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "common/json.h"

namespace pacificsoft::model {

enum class DataType : std::uint8_t { kBoolean = 0, kLong = 1, kDouble = 2, kString = 3, kJson = 4 };

// JSON text, kept apart from plain strings so the type survives storage.
struct JsonText {
  std::string text;
  bool operator==(const JsonText&) const = default;
};

using KvValue = std::variant<bool, std::int64_t, double, std::string, JsonText>;

DataType data_type(const KvValue& value);
// The value as the reference prints it in string form ("true", "42", "21.5", text, JSON text).
std::string value_to_string(const KvValue& value);
// The native JSON form (useStrictDataTypes=true; attribute values).
boost::json::value value_to_json(const KvValue& value);

struct TsKv {
  std::string key;
  std::int64_t ts = 0;  // ms since epoch
  KvValue value;
  bool operator==(const TsKv&) const = default;
};

enum class AttributeScope : std::uint8_t { kClient = 1, kServer = 2, kShared = 3 };

// "CLIENT_SCOPE", "SERVER_SCOPE", "SHARED_SCOPE".
std::string_view attribute_scope_name(AttributeScope scope);
std::optional<AttributeScope> parse_attribute_scope(std::string_view name);

struct AttributeKv {
  std::string key;
  KvValue value;
  std::int64_t last_update_ts = 0;
  bool operator==(const AttributeKv&) const = default;
};

}  // namespace pacificsoft::model
