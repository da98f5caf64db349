// Boost.JSON helpers.
#include "common/json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace pacificsoft::json {

Result<bj::object> parse_object(std::string_view text) {
  auto value = parse(text);
  if (!value) return value.status();
  if (!value->is_object()) return invalid_argument("Invalid JSON: an object is expected");
  return std::move(value->as_object());
}

std::string format_double(double value) {
  if (!std::isfinite(value)) return "null";
  // The shortest digits that read back as the same double, laid out as JavaScript's
  // Number.prototype.toString does (the web UI and most scripts write numbers that way, so their
  // documents read back as they were sent): positional from 1e-6 up to 1e21, "1.5e-7" and
  // "1e+21" beyond. Whole doubles keep a fraction ("21.0"), so their type stays visible.
  char buffer[32];
  const auto printed =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string_view scientific(buffer, static_cast<std::size_t>(printed.ptr - buffer));
  std::string text;
  if (scientific.front() == '-') {
    text.push_back('-');
    scientific.remove_prefix(1);
  }
  const std::size_t e = scientific.find('e');
  std::string digits(1, scientific.front());
  if (e > 1) digits.append(scientific.substr(2, e - 2));
  int exponent = 0;
  const char* exponent_text = scientific.data() + e + (scientific[e + 1] == '+' ? 2 : 1);
  std::from_chars(exponent_text, scientific.data() + scientific.size(), exponent);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // digits before the decimal point
  if (k <= n && n <= 21) {
    text += digits;
    text.append(static_cast<std::size_t>(n - k), '0');
    text += ".0";
  } else if (0 < n && n <= 21) {
    text.append(digits, 0, static_cast<std::size_t>(n));
    text.push_back('.');
    text.append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    text += "0.";
    text.append(static_cast<std::size_t>(-n), '0');
    text += digits;
  } else {
    text.push_back(digits.front());
    if (k > 1) text.append(".").append(digits, 1);
    text += n > 0 ? "e+" : "e-";
    text += std::to_string(std::abs(n - 1));
  }
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
