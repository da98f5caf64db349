#include "rule/profile/alarm_condition.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace pacificsoft::rule::profile {

// A predicate's operand: its default, unless a dynamic source has the attribute.
struct PredicateValue {
  std::optional<model::KvValue> default_value;
  std::string source_type;
  std::string attribute;
  bool inherit = false;

  std::optional<model::KvValue> resolve(const DynamicValues& dynamic) const {
    if (!source_type.empty() && !attribute.empty() && dynamic) {
      if (auto value = dynamic(source_type, attribute, inherit)) return value;
    }
    return default_value;
  }
};

// The reference's KeyFilterPredicate: STRING, NUMERIC, BOOLEAN or COMPLEX (AND/OR of others).
struct KeyFilterPredicate {
  std::string type;
  std::string operation;
  PredicateValue value;
  bool ignore_case = false;
  std::vector<KeyFilterPredicate> predicates;
};

namespace {

std::optional<model::KvValue> kv_of(const bj::value& json) {
  if (json.is_bool()) return json.get_bool();
  if (json.is_int64()) return json.get_int64();
  if (json.is_uint64()) return static_cast<double>(json.get_uint64());
  if (json.is_double()) return json.get_double();
  if (json.is_string()) return std::string(json.get_string());
  if (json.is_null()) return std::nullopt;
  return model::JsonText{json::serialize(json)};
}

std::optional<double> as_double(const model::KvValue& value) {
  if (const auto* b = std::get_if<bool>(&value)) return *b ? 1.0 : 0.0;
  if (const auto* l = std::get_if<std::int64_t>(&value)) return static_cast<double>(*l);
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* s = std::get_if<std::string>(&value)) {
    double parsed = 0;
    auto [end, error] = std::from_chars(s->data(), s->data() + s->size(), parsed);
    if (error == std::errc() && end == s->data() + s->size()) return parsed;
  }
  return std::nullopt;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool as_bool(const model::KvValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return lower(*s) == "true";
  auto number = as_double(value);
  return number && *number != 0;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// IN / NOT_IN: whether `value` is one of the comma-separated `list`.
bool listed(const std::string& value, std::string_view list) {
  for (std::size_t start = 0; start <= list.size();) {
    std::size_t comma = std::min(list.find(',', start), list.size());
    if (trimmed(list.substr(start, comma - start)) == value) return true;
    start = comma + 1;
  }
  return false;
}

bool compare_strings(const std::string& op, std::string left, std::string right, bool ignore_case) {
  if (ignore_case) {
    left = lower(std::move(left));
    right = lower(std::move(right));
  }
  if (op == "EQUAL") return left == right;
  if (op == "NOT_EQUAL") return left != right;
  if (op == "STARTS_WITH") return left.starts_with(right);
  if (op == "ENDS_WITH") return left.ends_with(right);
  if (op == "CONTAINS") return left.find(right) != std::string::npos;
  if (op == "NOT_CONTAINS") return left.find(right) == std::string::npos;
  if (op == "IN") return listed(left, right);
  if (op == "NOT_IN") return !listed(left, right);
  return false;
}

bool compare_numbers(const std::string& op, double left, double right) {
  if (op == "EQUAL") return left == right;
  if (op == "NOT_EQUAL") return left != right;
  if (op == "GREATER") return left > right;
  if (op == "LESS") return left < right;
  if (op == "GREATER_OR_EQUAL") return left >= right;
  if (op == "LESS_OR_EQUAL") return left <= right;
  return false;
}

bool evaluate(const KeyFilterPredicate& predicate, const model::KvValue& value,
              const DynamicValues& dynamic) {
  if (predicate.type == "COMPLEX") {
    auto passes = [&](const KeyFilterPredicate& p) { return evaluate(p, value, dynamic); };
    return predicate.operation == "OR"
               ? std::any_of(predicate.predicates.begin(), predicate.predicates.end(), passes)
               : std::all_of(predicate.predicates.begin(), predicate.predicates.end(), passes);
  }
  auto operand = predicate.value.resolve(dynamic);
  if (!operand) return false;
  if (predicate.type == "NUMERIC") {
    auto left = as_double(value);
    auto right = as_double(*operand);
    return left && right && compare_numbers(predicate.operation, *left, *right);
  }
  if (predicate.type == "BOOLEAN") {
    const bool equal = as_bool(value) == as_bool(*operand);
    return predicate.operation == "NOT_EQUAL" ? !equal : equal;
  }
  return compare_strings(predicate.operation, model::value_to_string(value),
                         model::value_to_string(*operand), predicate.ignore_case);
}

PredicateValue parse_value(const bj::object* value) {
  PredicateValue parsed;
  if (value == nullptr) return parsed;
  if (const auto* fallback = value->if_contains("defaultValue"))
    parsed.default_value = kv_of(*fallback);
  if (const auto* source = json::get_object(*value, "dynamicValue")) {
    parsed.source_type = std::string(json::get_string(*source, "sourceType").value_or(""));
    parsed.attribute = std::string(json::get_string(*source, "sourceAttribute").value_or(""));
    parsed.inherit = json::get_bool(*source, "inherit").value_or(false);
  }
  return parsed;
}

Result<KeyFilterPredicate> parse_predicate(const bj::object& json) {
  KeyFilterPredicate predicate;
  predicate.type = std::string(json::get_string(json, "type").value_or(""));
  predicate.operation = std::string(json::get_string(json, "operation").value_or(""));
  if (predicate.type == "COMPLEX") {
    const auto* list = json.if_contains("predicates");
    if (list == nullptr || !list->is_array())
      return invalid_argument("COMPLEX predicate without predicates");
    for (const auto& item : list->as_array()) {
      if (!item.is_object()) return invalid_argument("predicate must be an object");
      auto inner = parse_predicate(item.as_object());
      if (!inner) return inner.status();
      predicate.predicates.push_back(std::move(*inner));
    }
    return predicate;
  }
  if (predicate.type != "STRING" && predicate.type != "NUMERIC" && predicate.type != "BOOLEAN") {
    return invalid_argument("unknown predicate type '" + predicate.type + "'");
  }
  predicate.value = parse_value(json::get_object(json, "value"));
  predicate.ignore_case = json::get_bool(json, "ignoreCase").value_or(false);
  return predicate;
}

std::optional<KeyType> key_type(std::string_view name) {
  if (name == "TIME_SERIES") return KeyType::kTimeseries;
  if (name == "ATTRIBUTE") return KeyType::kAttribute;
  if (name == "ENTITY_FIELD") return KeyType::kEntityField;
  if (name == "CONSTANT") return KeyType::kConstant;
  return std::nullopt;
}

Result<KeyFilter> parse_filter(const bj::object& json) {
  const auto* key = json::get_object(json, "key");
  auto type = key ? key_type(json::get_string(*key, "type").value_or("")) : std::nullopt;
  if (!type) return invalid_argument("alarm condition key needs a type");
  KeyFilter filter;
  filter.key = {*type, std::string(json::get_string(*key, "key").value_or(""))};
  filter.value_type = std::string(json::get_string(json, "valueType").value_or("NUMERIC"));
  if (*type == KeyType::kConstant) {
    const auto* constant = json.if_contains("value");
    if (constant != nullptr) filter.constant = kv_of(*constant);
  }
  const auto* predicate = json::get_object(json, "predicate");
  if (predicate == nullptr) return invalid_argument("alarm condition key filter needs a predicate");
  auto parsed = parse_predicate(*predicate);
  if (!parsed) return parsed.status();
  filter.predicate = std::make_shared<const KeyFilterPredicate>(std::move(*parsed));
  return filter;
}

std::int64_t unit_ms(std::string_view unit) {
  if (unit == "MILLISECONDS") return 1;
  if (unit == "MINUTES") return 60'000;
  if (unit == "HOURS") return 3'600'000;
  if (unit == "DAYS") return 86'400'000;
  return 1000;  // SECONDS, the reference's default
}

}  // namespace

Result<AlarmCondition> AlarmCondition::parse(const bj::object& json) {
  AlarmCondition condition;
  const auto* filters = json.if_contains("condition");
  if (filters == nullptr || !filters->is_array()) {
    return invalid_argument("alarm condition needs a 'condition' list");
  }
  for (const auto& item : filters->as_array()) {
    if (!item.is_object()) return invalid_argument("alarm condition key filter must be an object");
    auto filter = parse_filter(item.as_object());
    if (!filter) return filter.status();
    condition.filters_.push_back(std::move(*filter));
  }
  const auto* spec = json::get_object(json, "spec");
  const std::string_view type =
      spec ? json::get_string(*spec, "type").value_or("SIMPLE") : "SIMPLE";
  if (type == "SIMPLE") return condition;
  if (type != "DURATION" && type != "REPEATING") {
    return invalid_argument("unknown alarm condition spec '" + std::string(type) + "'");
  }
  condition.spec_ = type == "DURATION" ? SpecType::kDuration : SpecType::kRepeating;
  condition.unit_ms_ =
      type == "DURATION" ? unit_ms(json::get_string(*spec, "unit").value_or("")) : 1;
  // The current form keeps the threshold in a predicate value; older exports in value/count.
  PredicateValue threshold = parse_value(json::get_object(*spec, "predicate"));
  if (!threshold.default_value) {
    if (auto old = json::get_int(*spec, type == "DURATION" ? "value" : "count")) {
      threshold.default_value = *old;
    }
  }
  auto fallback = threshold.default_value ? as_double(*threshold.default_value) : std::nullopt;
  condition.threshold_default_ = fallback ? static_cast<std::int64_t>(*fallback) : 0;
  condition.threshold_source_ = std::move(threshold.source_type);
  condition.threshold_attribute_ = std::move(threshold.attribute);
  condition.threshold_inherit_ = threshold.inherit;
  return condition;
}

bool AlarmCondition::holds(const DataSnapshot& data, const DynamicValues& dynamic) const {
  return std::all_of(filters_.begin(), filters_.end(), [&](const KeyFilter& filter) {
    const model::KvValue* value =
        filter.constant ? &*filter.constant : data.find(filter.key.type, filter.key.key);
    return value != nullptr && evaluate(*filter.predicate, *value, dynamic);
  });
}

std::vector<AlarmKey> AlarmCondition::keys() const {
  std::vector<AlarmKey> keys;
  for (const auto& filter : filters_) {
    if (filter.key.type != KeyType::kConstant) keys.push_back(filter.key);
  }
  return keys;
}

std::int64_t AlarmCondition::threshold(const DynamicValues& dynamic) const {
  std::int64_t value = threshold_default_;
  if (!threshold_source_.empty() && dynamic) {
    auto found = dynamic(threshold_source_, threshold_attribute_, threshold_inherit_);
    auto number = found ? as_double(*found) : std::nullopt;
    if (number) value = static_cast<std::int64_t>(*number);
  }
  return value * unit_ms_;
}

}  // namespace pacificsoft::rule::profile
