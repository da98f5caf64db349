// Topic names, topic filters and matching (section 4.7 of both specifications).
#include <string_view>

#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::mqtt {
namespace {

// Walks the '/'-separated levels of a topic or filter; "a//" has the levels "a", "" and "".
class Levels {
 public:
  explicit Levels(std::string_view text) : rest_(text) {}

  bool has_next() const { return has_next_; }

  std::string_view next() {
    const std::size_t slash = rest_.find('/');
    if (slash == std::string_view::npos) {
      has_next_ = false;
      return rest_;
    }
    std::string_view level = rest_.substr(0, slash);
    rest_.remove_prefix(slash + 1);
    return level;
  }

 private:
  std::string_view rest_;
  bool has_next_ = true;
};

bool is_wildcard(char c) { return c == '+' || c == '#'; }

}  // namespace

bool is_valid_topic_name(std::string_view topic) {
  constexpr std::size_t kMaxLength = 65'535;  // a two-byte length in front (1.5.4)
  return !topic.empty() && topic.size() <= kMaxLength &&
         topic.find_first_of("+#") == std::string_view::npos;
}

bool is_valid_topic_filter(std::string_view filter) {
  if (filter.empty()) return false;
  Levels levels(filter);
  while (levels.has_next()) {
    const std::string_view level = levels.next();
    if (level == "#") return !levels.has_next();
    if (level != "+" && level.find_first_of("+#") != std::string_view::npos) return false;
  }
  return true;
}

bool topic_matches(std::string_view filter, std::string_view topic) {
  // Topics such as "$SYS/..." are the server's own; a leading wildcard must not reach them.
  if (topic.starts_with('$') && !filter.empty() && is_wildcard(filter.front())) return false;
  Levels filter_levels(filter);
  Levels topic_levels(topic);
  while (filter_levels.has_next()) {
    const std::string_view wanted = filter_levels.next();
    if (wanted == "#") return true;  // the rest, and the parent level itself ("a/#" matches "a")
    if (!topic_levels.has_next()) return false;
    const std::string_view level = topic_levels.next();
    if (wanted != "+" && wanted != level) return false;
  }
  return !topic_levels.has_next();
}

}  // namespace pacificsoft::transport::mqtt
