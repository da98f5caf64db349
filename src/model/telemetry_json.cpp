// Telemetry and attribute payload parsing.
#include "model/telemetry_json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace pacificsoft::model {
namespace {

namespace bj = boost::json;

constexpr std::size_t kMaxKeyLength = 255;

// A string that is entirely a number becomes that number (the reference's type cast).
std::optional<KvValue> number_in_string(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::int64_t integer = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), integer);
  if (error == std::errc() && end == text.data() + text.size()) return KvValue(integer);
  double real = 0;
  auto [real_end, real_error] = std::from_chars(text.data(), text.data() + text.size(), real);
  if (real_error == std::errc() && real_end == text.data() + text.size() && std::isfinite(real)) {
    return KvValue(real);
  }
  return std::nullopt;
}

// One JSON value typed as the reference does; nullopt for null.
std::optional<KvValue> typed_value(const bj::value& value) {
  switch (value.kind()) {
    case bj::kind::null:
      return std::nullopt;
    case bj::kind::bool_:
      return KvValue(value.get_bool());
    case bj::kind::int64:
      return KvValue(value.get_int64());
    case bj::kind::uint64: {
      // Beyond int64 the reference keeps the digits as a string.
      if (value.get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) {
        return KvValue(std::to_string(value.get_uint64()));
      }
      return KvValue(static_cast<std::int64_t>(value.get_uint64()));
    }
    case bj::kind::double_:
      return KvValue(value.get_double());
    case bj::kind::string: {
      std::string_view text = value.get_string();
      if (auto number = number_in_string(text)) return number;
      return KvValue(std::string(text));
    }
    case bj::kind::object:
    case bj::kind::array:
      return KvValue(JsonText{json::serialize(value)});
  }
  return std::nullopt;
}

Status add_values(const bj::object& values, std::int64_t ts, NullValues nulls,
                  std::vector<TsKv>& out) {
  for (const auto& [key, value] : values) {
    if (key.empty() || key.size() > kMaxKeyLength) {
      return invalid_argument("Invalid telemetry key '" + std::string(key) + "'");
    }
    auto typed = typed_value(value);
    if (!typed) {
      if (nulls == NullValues::kReject) {
        return invalid_argument("Null value of key '" + std::string(key) + "'");
      }
      continue;
    }
    out.push_back({std::string(key), ts, std::move(*typed)});
  }
  return Status::ok();
}

Status add_entry(const bj::value& entry, std::int64_t server_ts, NullValues nulls,
                 std::vector<TsKv>& out) {
  const auto* object = entry.if_object();
  if (object == nullptr)
    return invalid_argument("Telemetry must be a JSON object or array of objects");
  const auto* ts = object->if_contains("ts");
  const auto* values = object->if_contains("values");
  if (ts == nullptr || values == nullptr) return add_values(*object, server_ts, nulls, out);
  auto ts_value = json::get_int(*object, "ts");
  if (!ts_value || *ts_value < 0)
    return invalid_argument("Telemetry 'ts' must be a non-negative integer");
  if (!values->is_object()) return invalid_argument("Telemetry 'values' must be a JSON object");
  return add_values(values->get_object(), *ts_value, nulls, out);
}

Result<std::vector<TsKv>> telemetry_from_json(const bj::value& payload, std::int64_t server_ts,
                                              NullValues nulls) {
  std::vector<TsKv> out;
  if (const auto* array = payload.if_array()) {
    for (const auto& entry : *array) PS_RETURN_IF_ERROR(add_entry(entry, server_ts, nulls, out));
  } else {
    PS_RETURN_IF_ERROR(add_entry(payload, server_ts, nulls, out));
  }
  if (out.empty()) return invalid_argument("Telemetry has no values");
  return out;
}

Result<KeyValues> attributes_from_json(const bj::value& payload, NullValues nulls) {
  const auto* object = payload.if_object();
  if (object == nullptr) return invalid_argument("Attributes must be a JSON object");
  std::vector<TsKv> entries;
  PS_RETURN_IF_ERROR(add_values(*object, 0, nulls, entries));
  if (entries.empty()) return invalid_argument("Attributes have no values");
  KeyValues out;
  out.reserve(entries.size());
  for (auto& entry : entries) out.emplace_back(std::move(entry.key), std::move(entry.value));
  return out;
}

}  // namespace

Result<std::vector<TsKv>> parse_telemetry(std::string_view payload, std::int64_t server_ts,
                                          NullValues nulls) {
  auto parsed = json::parse(payload);
  if (!parsed) return parsed.status();
  return telemetry_from_json(*parsed, server_ts, nulls);
}

Result<KeyValues> parse_attributes(std::string_view payload, NullValues nulls) {
  auto parsed = json::parse(payload);
  if (!parsed) return parsed.status();
  return attributes_from_json(*parsed, nulls);
}

}  // namespace pacificsoft::model
