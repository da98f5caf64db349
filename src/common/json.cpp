// Boost.JSON helpers.
#include "common/json.h"

#include <charconv>
#include <cmath>

namespace pacificsoft::json {

Result<bj::value> parse(std::string_view text) {
  boost::system::error_code error;
  bj::value value = bj::parse(text, error);
  if (error) return invalid_argument("Invalid JSON: " + error.message());
  return value;
}

Result<bj::object> parse_object(std::string_view text) {
  auto value = parse(text);
  if (!value) return value.status();
  if (!value->is_object()) return invalid_argument("Invalid JSON: an object is expected");
  return std::move(value->as_object());
}

std::string format_double(double value) {
  if (!std::isfinite(value)) return "null";
  // The fewest of 15 to 17 significant digits that read back as the same double, as printf's
  // %.*g prints them. std::to_chars does that without printf's locale and buffering, which
  // with strtod were about 5 % of the MQTT threads' CPU at 25 k msg/s (each message's values
  // are printed into its JSON).
  char buffer[32];
  std::to_chars_result printed{buffer, std::errc{}};
  for (int precision = 15; precision <= 17; ++precision) {
    printed =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, precision);
    double read_back = 0;
    std::from_chars(buffer, printed.ptr, read_back);
    if (read_back == value) break;
  }
  std::string text(buffer, printed.ptr);
  // Whole doubles keep a fraction ("21.0"), so their type stays visible as the reference's.
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

namespace {

void append(const bj::value& value, std::string& out) {
  switch (value.kind()) {
    case bj::kind::null:
      out += "null";
      return;
    case bj::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      return;
    case bj::kind::int64:
      out += std::to_string(value.get_int64());
      return;
    case bj::kind::uint64:
      out += std::to_string(value.get_uint64());
      return;
    case bj::kind::double_:
      out += format_double(value.get_double());
      return;
    case bj::kind::string:
      out += bj::serialize(value.get_string());
      return;
    case bj::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append(item, out);
      }
      out.push_back(']');
      return;
    }
    case bj::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        out += bj::serialize(key);
        out.push_back(':');
        append(item, out);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::string serialize(const bj::value& value) {
  std::string out;
  append(value, out);
  return out;
}

std::optional<std::string_view> get_string(const bj::object& object, std::string_view key) {
  const auto* field = object.if_contains(key);
  if (field == nullptr || !field->is_string()) return std::nullopt;
  return std::string_view(field->get_string());
}

std::optional<bool> get_bool(const bj::object& object, std::string_view key) {
  const auto* field = object.if_contains(key);
  if (field == nullptr || !field->is_bool()) return std::nullopt;
  return field->get_bool();
}

std::optional<std::int64_t> get_int(const bj::object& object, std::string_view key) {
  const auto* field = object.if_contains(key);
  if (field == nullptr) return std::nullopt;
  if (field->is_int64()) return field->get_int64();
  if (field->is_uint64() && field->get_uint64() <= INT64_MAX) {
    return static_cast<std::int64_t>(field->get_uint64());
  }
  return std::nullopt;
}

const bj::object* get_object(const bj::object& object, std::string_view key) {
  const auto* field = object.if_contains(key);
  return field == nullptr ? nullptr : field->if_object();
}

}  // namespace pacificsoft::json
