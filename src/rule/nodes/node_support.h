// Configuration reads and message edits shared by the node families: the reference's ${metadata}
// and $[data] patterns, which part of a message a node reads or writes (DATA or METADATA, or the
// older boolean flags), key mappings, and how a failed storage read ends a message.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rule/rule_node.h"

namespace pacificsoft::rule {

// The strings of a configuration array; other elements are skipped, absent means empty.
std::vector<std::string> config_strings(const bj::object& configuration, std::string_view key);

// A string-to-string object of the configuration, in its order: `key`, or `legacy_key` in chains
// exported from older versions of the reference. Non-string values are skipped.
using KeyMapping = std::vector<std::pair<std::string, std::string>>;
KeyMapping config_mapping(const bj::object& configuration, std::string_view key,
                          std::string_view legacy_key = {});

// The reference's TbNodeUtils.processPattern: ${key} becomes the metadata value of key and
// $[path] the data field at path (dots descend into objects; strings without quotes, other
// values as JSON). A key the message does not have stays as written.
std::string process_pattern(std::string_view pattern, const model::Msg& msg);

// Where a node reads from or writes to.
enum class MsgPart { kData, kMetadata };
// `key` as "DATA" or "METADATA"; `fallback` when absent (the caller derives it from the older
// boolean flag, e.g. fromMetadata); InvalidArgument for another value.
Result<MsgPart> config_msg_part(const bj::object& configuration, std::string_view key,
                                MsgPart fallback);

// Sets metadata `key`, replacing the value it had.
void put_metadata(model::Msg& msg, std::string_view key, std::string value);
// A value as metadata holds it: strings as they are, anything else as JSON text.
std::string metadata_text(const bj::value& value);

// Fields an enrichment node adds to a message: to its data object (as typed JSON values) or to its
// metadata (as text), written together once all are known.
class MsgFields {
 public:
  explicit MsgFields(MsgPart part) : part_(part) {}
  void put(std::string key, bj::value value) {
    fields_.emplace_back(std::move(key), std::move(value));
  }
  // InvalidArgument when they go to data that is not a JSON object.
  Status apply_to(model::Msg& msg) const;

 private:
  MsgPart part_;
  std::vector<std::pair<std::string, bj::value>> fields_;
};

// The end of a message whose storage read failed: retried later when the storage is unavailable,
// else Failure with the reason.
NodeResult read_failed(model::Msg msg, const Status& status);

}  // namespace pacificsoft::rule
