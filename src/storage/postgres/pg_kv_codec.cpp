// Typed values to and from (type, long_v, dbl_v, str_v); strings and JSON as bytea, so every
// byte (NUL, invalid UTF-8) is kept as SQLite keeps it.
#include "storage/postgres/internal/pg_kv_codec.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>
#include <unordered_map>

#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres {
namespace {

constexpr char kHex[] = "0123456789abcdef";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea's text output, "\x6869", back to bytes.
Result<std::string> decode_bytea(std::string_view text) {
  if (!text.starts_with("\\x") || text.size() % 2 != 0) {
    return internal_error("telemetry value not in bytea hex form");
  }
  std::string bytes;
  bytes.reserve(text.size() / 2 - 1);
  for (std::size_t i = 2; i < text.size(); i += 2) {
    int high = hex_digit(text[i]);
    int low = hex_digit(text[i + 1]);
    if (high < 0 || low < 0) return internal_error("telemetry value not in bytea hex form");
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

Result<double> parse_double(const std::string& text) {
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return internal_error("telemetry row with an unreadable double '" + text + "'");
  }
  return value;
}

}  // namespace

void ArrayLiteral::add(std::int64_t value) {
  separate();
  text_ += std::to_string(value);
}

void ArrayLiteral::add(std::optional<std::int64_t> value) {
  if (value) return add(*value);
  separate();
  text_ += "NULL";
}

void ArrayLiteral::add(std::optional<double> value) {
  separate();
  if (!value || std::isnan(*value)) {
    text_ += "NULL";  // NaN as NULL, as SQLite keeps it: aggregates skip it alike
  } else if (std::isinf(*value)) {
    text_ += *value > 0 ? "Infinity" : "-Infinity";
  } else {
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), *value);
    text_.append(buffer, end);
  }
}

void ArrayLiteral::add_bytes(std::optional<std::string_view> bytes) {
  separate();
  if (!bytes) {
    text_ += "NULL";
    return;
  }
  text_ += "\"\\\\x";  // the element "\\x...": an escaped backslash inside array quotes
  text_.reserve(text_.size() + bytes->size() * 2 + 1);
  for (char c : *bytes) {
    auto byte = static_cast<unsigned char>(c);
    text_.push_back(kHex[byte >> 4]);
    text_.push_back(kHex[byte & 15]);
  }
  text_.push_back('"');
}

void ArrayLiteral::add_text(std::string_view text) {
  separate();
  text_.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') text_.push_back('\\');
    text_.push_back(c);
  }
  text_.push_back('"');
}

void ValueColumns::add(const model::KvValue& value) {
  type.add(static_cast<std::int64_t>(model::data_type(value)));
  std::optional<std::int64_t> long_value;
  std::optional<double> double_value;
  std::optional<std::string_view> bytes;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          long_value = v ? 1 : 0;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          long_value = v;
        } else if constexpr (std::is_same_v<T, double>) {
          double_value = v;
        } else if constexpr (std::is_same_v<T, model::JsonText>) {
          bytes = v.text;
        } else {
          bytes = v;
        }
      },
      value);
  long_v.add(long_value);
  dbl_v.add(double_value);
  str_v.add_bytes(bytes);
}

Result<model::KvValue> read_value(const PgResult& result, int row, int first) {
  std::int64_t type = result.integer(row, first);
  switch (type) {
    case static_cast<int>(model::DataType::kBoolean):
      return model::KvValue(result.integer(row, first + 1) != 0);
    case static_cast<int>(model::DataType::kLong):
      return model::KvValue(result.integer(row, first + 1));
    case static_cast<int>(model::DataType::kDouble): {
      if (result.is_null(row, first + 2)) {
        return model::KvValue(std::numeric_limits<double>::quiet_NaN());
      }
      auto value = parse_double(result.text(row, first + 2));
      if (!value) return value.status();
      return model::KvValue(*value);
    }
    case static_cast<int>(model::DataType::kString):
    case static_cast<int>(model::DataType::kJson): {
      auto bytes = decode_bytea(result.text(row, first + 3));
      if (!bytes) return bytes.status();
      if (type == static_cast<int>(model::DataType::kString)) return model::KvValue(*bytes);
      return model::KvValue(model::JsonText{std::move(*bytes)});
    }
    default:
      return internal_error("telemetry row with unknown value type " + std::to_string(type));
  }
}

std::string key_id_array(const KnownKeys& keys) {
  ArrayLiteral ids;
  for (const auto& [id, key] : keys) ids.add(id);
  return ids.text();
}

Status for_each_row_in_key_order(
    const PgResult& result, int id_column, const KnownKeys& keys,
    const std::function<Status(int row, const std::string& key)>& visit) {
  std::unordered_map<std::int64_t, int> row_of;
  for (int row = 0; row < result.rows(); ++row) row_of[result.integer(row, id_column)] = row;
  for (const auto& [id, key] : keys) {
    auto found = row_of.find(id);
    if (found != row_of.end()) PS_RETURN_IF_ERROR(visit(found->second, key));
  }
  return Status::ok();
}

}  // namespace pacificsoft::storage::postgres
