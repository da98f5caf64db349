// Boost.JSON helpers: parsing into Status-returning results and typed field reads that never
// throw, so handlers of untrusted input stay exception-free.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace pacificsoft::json {

namespace bj = boost::json;

// Parses text as JSON; InvalidArgument with the parser's reason on failure. Doubles are read
// correctly rounded (the nearest double to the text), so printing them with serialize() gives
// back the digits a client sent in their shortest form.
Result<bj::value> parse(std::string_view text);
// As parse(), but the document must be an object.
Result<bj::object> parse_object(std::string_view text);

// JSON text of a value. Doubles in their shortest round-trip form, laid out as JavaScript
// prints them ("21.5", "0.00001", "1e+21") but with a fraction when whole ("1.0"; Boost.JSON
// 1.81 would write "2.15E1"); non-finite doubles as null. Use it for everything clients or
// devices read.
std::string serialize(const bj::value& value);
// The text of one double in that form.
std::string format_double(double value);

// Field reads: nullopt when the field is absent, null, or of another JSON type.
std::optional<std::string_view> get_string(const bj::object& object, std::string_view key);
std::optional<bool> get_bool(const bj::object& object, std::string_view key);
std::optional<std::int64_t> get_int(const bj::object& object, std::string_view key);
const bj::object* get_object(const bj::object& object, std::string_view key);

}  // namespace pacificsoft::json
