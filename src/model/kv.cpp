// Typed values and their JSON forms.
#include "model/kv.h"

#include <cmath>
#include <cstdio>

namespace pacificsoft::model {
namespace {}  // namespace

std::string_view attribute_scope_name(AttributeScope scope) {
  switch (scope) {
    case AttributeScope::kClient:
      return "CLIENT_SCOPE";
    case AttributeScope::kServer:
      return "SERVER_SCOPE";
    case AttributeScope::kShared:
      return "SHARED_SCOPE";
  }
  return "UNKNOWN";
}

std::optional<AttributeScope> parse_attribute_scope(std::string_view name) {
  for (auto scope : {AttributeScope::kClient, AttributeScope::kServer, AttributeScope::kShared}) {
    if (attribute_scope_name(scope) == name) return scope;
  }
  return std::nullopt;
}

DataType data_type(const KvValue& value) { return static_cast<DataType>(value.index()); }

std::string value_to_string(const KvValue& value) {
  struct Printer {
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const {
      // Java's spelling of the values JSON cannot hold, as the reference prints them.
      if (std::isnan(v)) return "NaN";
      if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
      return json::format_double(v);
    }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(const JsonText& v) const { return v.text; }
  };
  return std::visit(Printer{}, value);
}

boost::json::value value_to_json(const KvValue& value) {
  struct Converter {
    boost::json::value operator()(bool v) const { return v; }
    boost::json::value operator()(std::int64_t v) const { return v; }
    boost::json::value operator()(double v) const { return v; }
    boost::json::value operator()(const std::string& v) const { return boost::json::string(v); }
    boost::json::value operator()(const JsonText& v) const {
      auto parsed = json::parse(v.text);
      return parsed ? std::move(*parsed) : boost::json::value(boost::json::string(v.text));
    }
  };
  return std::visit(Converter{}, value);
}

}  // namespace pacificsoft::model
