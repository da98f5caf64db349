// json::parse: Boost.JSON's parser with every floating-point number read again from its text.
// Boost.JSON 1.81 builds a double from at most 19 significant digits times a power of ten, which
// is off in the last place for many inputs ("0.09545533885166413" read as ...411); libstdc++'s
// std::from_chars rounds correctly. Integers were exact already and are left to Boost.
#include <boost/json/basic_parser_impl.hpp>
#include <charconv>

#include "common/json.h"

namespace pacificsoft::json {
namespace {

using boost::json::error_code;
using boost::json::string_view;

// basic_parser's handler: Boost's own (detail::handler) building a value with a value_stack,
// except for doubles.
class PreciseHandler {
 public:
  // Names basic_parser asks a handler for.
  // NOLINTBEGIN(readability-identifier-naming)
  static constexpr std::size_t max_object_size = bj::object::max_size();
  static constexpr std::size_t max_array_size = bj::array::max_size();
  static constexpr std::size_t max_key_size = bj::string::max_size();
  static constexpr std::size_t max_string_size = bj::string::max_size();
  // NOLINTEND(readability-identifier-naming)

  PreciseHandler(unsigned char* buffer, std::size_t size) : stack_({}, buffer, size) {}

  bj::value release() { return stack_.release(); }

  bool on_document_begin(error_code& /*ec*/) {
    stack_.reset();
    return true;
  }
  bool on_document_end(error_code& /*ec*/) { return true; }
  bool on_object_begin(error_code& /*ec*/) { return true; }
  bool on_object_end(std::size_t n, error_code& /*ec*/) {
    stack_.push_object(n);
    return true;
  }
  bool on_array_begin(error_code& /*ec*/) { return true; }
  bool on_array_end(std::size_t n, error_code& /*ec*/) {
    stack_.push_array(n);
    return true;
  }
  bool on_key_part(string_view s, std::size_t /*n*/, error_code& /*ec*/) {
    stack_.push_chars(s);
    return true;
  }
  bool on_key(string_view s, std::size_t /*n*/, error_code& /*ec*/) {
    stack_.push_key(s);
    return true;
  }
  bool on_string_part(string_view s, std::size_t /*n*/, error_code& /*ec*/) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(string_view s, std::size_t /*n*/, error_code& /*ec*/) {
    stack_.push_string(s);
    return true;
  }
  bool on_number_part(string_view s, error_code& /*ec*/) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, string_view /*s*/, error_code& /*ec*/) {
    number_.clear();
    stack_.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, string_view /*s*/, error_code& /*ec*/) {
    number_.clear();
    stack_.push_uint64(u);
    return true;
  }
  bool on_double(double approximate, string_view s, error_code& /*ec*/) {
    stack_.push_double(read_double(approximate, s));
    return true;
  }
  bool on_bool(bool b, error_code& /*ec*/) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(error_code& /*ec*/) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(string_view /*s*/, error_code& /*ec*/) { return true; }
  bool on_comment(string_view /*s*/, error_code& /*ec*/) { return true; }

 private:
  // The number's text is its parts so far (when it spans writes) and s. Out of a double's range
  // (1e400), Boost's value stands: infinity, printed as null.
  double read_double(double approximate, string_view s) {
    std::string_view text(s.data(), s.size());
    if (!number_.empty()) text = number_.append(text);
    double value = approximate;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) value = approximate;
    number_.clear();
    return value;
  }

  bj::value_stack stack_;
  std::string number_;
};

}  // namespace

Result<bj::value> parse(std::string_view text) {
  // As boost::json::parse: the value stack starts in a buffer on the stack.
  unsigned char buffer[BOOST_JSON_STACK_BUFFER_SIZE];
  bj::basic_parser<PreciseHandler> parser(bj::parse_options{}, buffer, sizeof buffer);
  error_code error;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), error);
  if (!error && used < text.size()) error = bj::error::extra_data;
  if (error) return invalid_argument("Invalid JSON: " + error.message());
  return parser.handler().release();
}

}  // namespace pacificsoft::json
