// Boost.JSON helpers.
#include "common/json.h"

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
