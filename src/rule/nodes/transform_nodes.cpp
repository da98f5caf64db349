// Transformations without scripts: change the originator, rename, delete and copy keys of the
// data or metadata. Key nodes match the reference's regular expressions against whole keys and
// pass a message whose data is not a JSON object on unchanged, as the reference does.
#include <algorithm>
#include <regex>

#include "common/log.h"
#include "rule/nodes/core_nodes.h"
#include "rule/nodes/entity_lookup.h"
#include "rule/nodes/node_support.h"

namespace pacificsoft::rule {
namespace {

using model::EntityType;

// transform.TbChangeOriginatorNode: the message continues with another originator.
class ChangeOriginatorNode final : public RuleNode {
 public:
  ChangeOriginatorNode(NodeServices& services, FindEntity find)
      : services_(services), find_(std::move(find)) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    auto originator = find_(services_, msg);
    if (!originator) {
      done(read_failed(std::move(msg), originator.status()));
      return;
    }
    msg.originator = *originator;
    done(NodeResult::on(kSuccess, std::move(msg)));
  }

 private:
  NodeServices& services_;
  FindEntity find_;
};

// The originator of the alarm that is the message's originator.
Result<model::EntityId> alarm_originator(NodeServices& services, const model::Msg& msg) {
  if (msg.originator.type != EntityType::kAlarm) {
    return invalid_argument("the message originator is not an alarm");
  }
  auto record = tenant_record(services, msg.tenant_id, msg.originator);
  if (!record) return record.status();
  auto alarm = json::parse_object(record->body);
  const auto* originator = alarm ? alarm->if_contains("originator") : nullptr;
  auto id = originator != nullptr ? model::parse_entity_id(*originator) : std::nullopt;
  if (!id) return internal_error("alarm " + msg.originator.id.to_string() + " has no originator");
  return *id;
}

Result<FindEntity> originator_source(const bj::object& configuration) {
  auto source = json::get_string(configuration, "originatorSource").value_or("CUSTOMER");
  if (source == "CUSTOMER") {
    return FindEntity([](NodeServices& services, const model::Msg& msg) {
      return customer_of(services, msg.tenant_id, msg.originator);
    });
  }
  if (source == "TENANT") {
    return FindEntity([](NodeServices&, const model::Msg& msg) {
      return Result<model::EntityId>(model::EntityId{EntityType::kTenant, msg.tenant_id});
    });
  }
  if (source == "ALARM_ORIGINATOR") return FindEntity(alarm_originator);
  if (source == "RELATED") {
    auto search = parse_relations_query(configuration);
    if (!search) return search.status();
    return FindEntity([search = std::move(*search)](NodeServices& services, const model::Msg& msg) {
      return first_related(services, msg.tenant_id, search, msg.originator);
    });
  }
  if (source != "ENTITY")
    return invalid_argument("unknown originatorSource " + std::string(source));
  auto type = model::parse_entity_type(json::get_string(configuration, "entityType").value_or(""));
  if (!type || !named_lookup_supported(*type)) {
    return invalid_argument("entityType must be DEVICE, ASSET, CUSTOMER or USER");
  }
  auto pattern = json::get_string(configuration, "entityNamePattern");
  if (!pattern || pattern->empty()) return invalid_argument("entityNamePattern is required");
  return FindEntity([type = *type, pattern = std::string(*pattern)](NodeServices& services,
                                                                    const model::Msg& msg) {
    return entity_by_name(services, msg.tenant_id, type, process_pattern(pattern, msg));
  });
}

// Key patterns are configuration, and std::regex is fragile with hostile ones: it compiles by
// recursive descent (a stack frame per nested group, so 50 000 "(" overflow the stack), writes a
// counted repeat {n} out as n copies, and its default matcher backtracks (exponential time on
// "(a*)*b") and recurses once per key character. Patterns are bounded here and matched by
// libstdc++'s breadth-first matcher, whose time and depth grow only with the key length times
// the (bounded) size of the pattern.
constexpr std::size_t kMaxPatternBytes = 1024;
constexpr std::size_t kMaxPatternDepth = 16;  // nested groups
// The pattern's length with every counted repeat written out.
constexpr std::uint64_t kMaxPatternSize = 1024;
// Longer keys are no match: the reference's key dictionary holds keys of up to 255 characters.
constexpr std::size_t kMaxMatchedKeyBytes = 255;
#if defined(__GLIBCXX__)
constexpr auto kBreadthFirst = std::regex_constants::__polynomial;
#else
#error "key patterns rely on libstdc++'s polynomial std::regex matcher"
#endif

// How many copies std::regex makes for the counted repeat ({n}, {n,} or {n,m}) at pattern[at],
// capped past kMaxPatternSize; `at` is then at its "}". Nullopt when there is none.
std::optional<std::uint64_t> counted_repeat(std::string_view pattern, std::size_t& at) {
  std::size_t i = at + 1;
  auto number = [&]() -> std::optional<std::uint64_t> {
    if (i >= pattern.size() || pattern[i] < '0' || pattern[i] > '9') return std::nullopt;
    std::uint64_t value = 0;
    for (; i < pattern.size() && pattern[i] >= '0' && pattern[i] <= '9'; ++i) {
      value =
          std::min(value * 10 + static_cast<std::uint64_t>(pattern[i] - '0'), kMaxPatternSize + 1);
    }
    return value;
  };
  auto low = number();
  if (!low) return std::nullopt;
  std::uint64_t copies = *low;
  if (i < pattern.size() && pattern[i] == ',') {
    ++i;
    auto high = number();
    copies = high ? std::max(*low, *high) : *low + 1;  // {n,}: n copies and a loop
  }
  if (i >= pattern.size() || pattern[i] != '}') return std::nullopt;
  at = i;
  return copies;
}

// Refuses patterns past the limits above. A rough reading of the ECMAScript grammar (an escape
// or a bracket expression is one atom) that never undercounts; std::regex refuses what is not a
// pattern.
Status check_key_pattern(std::string_view pattern) {
  auto refuse = [&](std::string_view why) {
    return invalid_argument("key pattern '" + std::string(pattern.substr(0, 64)) +
                            (pattern.size() > 64 ? "..." : "") + "' " + std::string(why));
  };
  if (pattern.size() > kMaxPatternBytes) {
    return refuse("is longer than " + std::to_string(kMaxPatternBytes) + " bytes");
  }
  std::vector<std::uint64_t> groups{0};  // the written-out size of each open group, outermost first
  std::uint64_t last = 0;                // the written-out size of what a repeat would repeat
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    std::optional<std::uint64_t> copies;
    if (c == '{') copies = counted_repeat(pattern, i);  // moves `i` to the repeat's "}"
    if (c == '(') {
      if (groups.size() > kMaxPatternDepth) {
        return refuse("nests groups deeper than " + std::to_string(kMaxPatternDepth));
      }
      groups.push_back(0);
      last = 0;
      continue;
    }
    if (c == ')' && groups.size() > 1) {
      last = std::max<std::uint64_t>(groups.back(), 1);
      groups.pop_back();
      groups.back() += last;
    } else if (c == '|') {
      last = 0;
    } else if (copies) {
      groups.back() += last * *copies;
      groups.back() -= last;  // counted once already
      last *= *copies;
    } else if (c == '*' || c == '+' || c == '?') {
      groups.back() += 1;  // a loop, not copies: `last` stays what a later repeat repeats
    } else {
      if (c == '\\') {
        ++i;
      } else if (c == '[') {
        for (++i; i < pattern.size() && pattern[i] != ']'; ++i) {
          if (pattern[i] == '\\') ++i;
        }
      }
      last = 1;
      groups.back() += 1;
    }
    if (groups.back() > kMaxPatternSize) {
      return refuse("with its counted repeats written out is longer than " +
                    std::to_string(kMaxPatternSize));
    }
  }
  return Status::ok();
}

// Regular expressions of whole keys, compiled once.
class KeyMatcher {
 public:
  static Result<KeyMatcher> compile(const std::vector<std::string>& patterns) {
    KeyMatcher matcher;
    for (const auto& pattern : patterns) {
      PS_RETURN_IF_ERROR(check_key_pattern(pattern));
      try {
        matcher.patterns_.emplace_back(pattern, std::regex::ECMAScript | kBreadthFirst);
      } catch (const std::regex_error& error) {
        return invalid_argument("invalid key pattern '" + pattern + "': " + error.what());
      }
    }
    return matcher;
  }

  bool matches(const std::string& key) const {
    if (key.size() > kMaxMatchedKeyBytes) return false;
    for (const auto& pattern : patterns_) {
      try {
        if (std::regex_match(key, pattern)) return true;
      } catch (const std::regex_error& error) {  // too complex for this key: not a match
        spdlog::debug("key pattern gave up on '{}': {}", key, error.what());
      }
    }
    return false;
  }

 private:
  std::vector<std::regex> patterns_;
};

// Runs `edit` on the message's data object and writes it back; other data stays as it is.
template <class Edit>
void edit_data(model::Msg& msg, Edit edit) {
  auto data = json::parse_object(msg.data);
  if (!data) return;
  edit(*data);
  msg.data = json::serialize(*data);
}

// A node whose only effect is an edit of the message; it always leaves by Success.
template <class Edit>
class EditNode final : public RuleNode {
 public:
  explicit EditNode(Edit edit) : edit_(std::move(edit)) {}
  void on_msg(model::Msg msg, NodeDone done) override {
    edit_(msg);
    done(NodeResult::on(kSuccess, std::move(msg)));
  }

 private:
  Edit edit_;
};

template <class Edit>
Result<std::unique_ptr<RuleNode>> edit_node(Edit edit) {
  return std::unique_ptr<RuleNode>(std::make_unique<EditNode<Edit>>(std::move(edit)));
}

// The part a key node works on: `key` (DATA / METADATA) or the older fromMetadata flag.
Result<MsgPart> key_node_part(const bj::object& configuration, std::string_view key) {
  const bool from_metadata = json::get_bool(configuration, "fromMetadata").value_or(false);
  return config_msg_part(configuration, key, from_metadata ? MsgPart::kMetadata : MsgPart::kData);
}

Result<std::unique_ptr<RuleNode>> rename_keys_node(const bj::object& configuration, NodeServices&) {
  auto part = key_node_part(configuration, "renameIn");
  if (!part) return part.status();
  auto mapping = config_mapping(configuration, "renameKeysMapping");
  if (*part == MsgPart::kMetadata) {
    return edit_node([mapping](model::Msg& msg) {
      for (const auto& rename : mapping) {
        auto found =
            std::find_if(msg.metadata.begin(), msg.metadata.end(),
                         [&rename](const auto& entry) { return entry.first == rename.first; });
        if (found == msg.metadata.end()) continue;
        std::string value = std::move(found->second);
        msg.metadata.erase(found);
        put_metadata(msg, rename.second, std::move(value));
      }
    });
  }
  return edit_node([mapping](model::Msg& msg) {
    edit_data(msg, [&mapping](bj::object& data) {
      for (const auto& [from, to] : mapping) {
        auto found = data.find(from);
        if (found == data.end()) continue;
        bj::value value = std::move(found->value());
        data.erase(found);
        data[to] = std::move(value);
      }
    });
  });
}

Result<std::unique_ptr<RuleNode>> delete_keys_node(const bj::object& configuration, NodeServices&) {
  auto part = key_node_part(configuration, "deleteFrom");
  if (!part) return part.status();
  auto keys = KeyMatcher::compile(config_strings(configuration, "keys"));
  if (!keys) return keys.status();
  if (*part == MsgPart::kMetadata) {
    return edit_node([keys = std::move(*keys)](model::Msg& msg) {
      std::erase_if(msg.metadata, [&keys](const auto& entry) { return keys.matches(entry.first); });
    });
  }
  return edit_node([keys = std::move(*keys)](model::Msg& msg) {
    edit_data(msg, [&keys](bj::object& data) {
      for (auto it = data.begin(); it != data.end();) {
        it = keys.matches(std::string(it->key())) ? data.erase(it) : it + 1;
      }
    });
  });
}

Result<std::unique_ptr<RuleNode>> copy_keys_node(const bj::object& configuration, NodeServices&) {
  auto part = key_node_part(configuration, "copyFrom");
  if (!part) return part.status();
  auto keys = KeyMatcher::compile(config_strings(configuration, "keys"));
  if (!keys) return keys.status();
  if (*part == MsgPart::kMetadata) {  // metadata values become data strings
    return edit_node([keys = std::move(*keys)](model::Msg& msg) {
      edit_data(msg, [&keys, &msg](bj::object& data) {
        for (const auto& [key, value] : msg.metadata) {
          if (keys.matches(key)) data[key] = value;
        }
      });
    });
  }
  return edit_node([keys = std::move(*keys)](model::Msg& msg) {
    auto data = json::parse_object(msg.data);
    if (!data) return;
    for (const auto& [key, value] : *data) {
      std::string name(key);
      if (keys.matches(name)) put_metadata(msg, name, metadata_text(value));
    }
  });
}

}  // namespace

void register_transform_nodes(NodeRegistry& registry) {
  registry.add(node_type("transform.TbChangeOriginatorNode"),
               [](const bj::object& configuration,
                  NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
                 auto find = originator_source(configuration);
                 if (!find) return find.status();
                 return std::unique_ptr<RuleNode>(
                     std::make_unique<ChangeOriginatorNode>(services, std::move(*find)));
               });
  registry.add(node_type("transform.TbRenameKeysNode"), rename_keys_node);
  registry.add(node_type("transform.TbDeleteKeysNode"), delete_keys_node);
  registry.add(node_type("transform.TbCopyKeysNode"), copy_keys_node);
}

}  // namespace pacificsoft::rule
