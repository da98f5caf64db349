// Typed values and their JSON forms.
#include "model/kv.h"

#include <cmath>
#include <cstdio>

namespace pacificsoft::model {
namespace {

// Shortest text that reads back as the same double, as Java's Double.toString does in spirit.
std::string double_to_string(double value) {
  char buffer[32];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  std::string text(buffer);
  // The reference prints whole doubles with a fraction ("21.0"), so the type stays visible.
  if (std::isfinite(value) && text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

}  // namespace

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
    std::string operator()(double v) const { return double_to_string(v); }
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
