// Device-profile alarm conditions in the reference's JSON (AlarmCondition: a list of key filters
// that must all hold, and a spec: SIMPLE, DURATION or REPEATING), evaluated against what is
// known of a device: its latest time series, attributes and entity fields.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "model/kv.h"

namespace pacificsoft::rule::profile {

namespace bj = boost::json;

// The reference's AlarmConditionKeyType.
enum class KeyType { kAttribute, kTimeseries, kEntityField, kConstant };

// What the conditions see of one device.
class DataSnapshot {
 public:
  void set(KeyType type, std::string key, model::KvValue value) {
    values_.insert_or_assign({type, std::move(key)}, std::move(value));
  }
  const model::KvValue* find(KeyType type, const std::string& key) const {
    auto it = values_.find({type, key});
    return it == values_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::pair<KeyType, std::string>, model::KvValue> values_;
};

// A predicate value's dynamic source (the reference's DynamicValue): an attribute of the
// device, its customer or its tenant, or nothing when the source has no such attribute.
using DynamicValues = std::function<std::optional<model::KvValue>(
    std::string_view source_type, const std::string& attribute, bool inherit)>;

struct KeyFilterPredicate;

struct AlarmKey {
  KeyType type = KeyType::kTimeseries;
  std::string key;
  bool operator<(const AlarmKey& other) const {
    return std::tie(type, key) < std::tie(other.type, other.key);
  }
  bool operator==(const AlarmKey&) const = default;
};

// One key filter: the key, how its value is read and the predicate it must pass.
struct KeyFilter {
  AlarmKey key;
  std::string value_type;  // STRING, NUMERIC, BOOLEAN, DATE_TIME
  std::optional<model::KvValue> constant;
  std::shared_ptr<const KeyFilterPredicate> predicate;
};

enum class SpecType { kSimple, kDuration, kRepeating };

class AlarmCondition {
 public:
  // InvalidArgument naming what is wrong.
  static Result<AlarmCondition> parse(const bj::object& condition);

  // Whether every key filter holds.
  bool holds(const DataSnapshot& data, const DynamicValues& dynamic) const;
  // The keys the filters read (constants left out).
  std::vector<AlarmKey> keys() const;

  SpecType spec() const { return spec_; }
  // DURATION: the time the condition must hold, in ms; REPEATING: the number of events.
  std::int64_t threshold(const DynamicValues& dynamic) const;

 private:
  std::vector<KeyFilter> filters_;
  SpecType spec_ = SpecType::kSimple;
  std::int64_t threshold_default_ = 0;
  std::int64_t unit_ms_ = 1;
  std::string threshold_source_;  // a dynamic threshold's source type, if any
  std::string threshold_attribute_;
  bool threshold_inherit_ = false;
};

}  // namespace pacificsoft::rule::profile
