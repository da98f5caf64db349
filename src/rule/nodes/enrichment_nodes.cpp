// Enrichment: attributes, latest telemetry and entity fields of the originator, or of an entity
// reached from it (its customer, its tenant, a related entity), added to the message's data or
// metadata. Reads are quick synchronous store reads, like the other nodes' storage calls.
#include <algorithm>

#include "rule/nodes/core_nodes.h"
#include "rule/nodes/enrichment_nodes.h"
#include "rule/nodes/entity_lookup.h"
#include "rule/nodes/node_support.h"

namespace pacificsoft::rule {
namespace {

using model::AttributeScope;
using Values = std::vector<std::pair<std::string, bj::value>>;

// The latest values (scope absent) or the attributes of one scope of an entity, by key; absent
// keys are left out. With `with_ts`, latest values come as {ts, value}.
Result<Values> read_values(telemetry::TelemetryService& telemetry, const model::EntityId& entity,
                           std::optional<AttributeScope> scope,
                           const std::vector<std::string>& keys, bool with_ts) {
  Values values;
  if (keys.empty()) return values;  // the stores answer every key for an empty list
  if (scope) {
    auto found = telemetry.find_attributes(entity, *scope, keys);
    if (!found) return found.status();
    for (auto& kv : *found) values.emplace_back(std::move(kv.key), model::value_to_json(kv.value));
    return values;
  }
  auto found = telemetry.latest_timeseries(entity, keys);
  if (!found) return found.status();
  for (auto& kv : *found) {
    bj::value value = model::value_to_json(kv.value);
    if (with_ts) value = bj::object{{"ts", kv.ts}, {"value", std::move(value)}};
    values.emplace_back(std::move(kv.key), std::move(value));
  }
  return values;
}

const bj::value* find_value(const Values& values, std::string_view key) {
  auto found = std::find_if(values.begin(), values.end(),
                            [key](const auto& entry) { return entry.first == key; });
  return found != values.end() ? &found->second : nullptr;
}

std::vector<std::string> expand(const std::vector<std::string>& patterns, const model::Msg& msg) {
  std::vector<std::string> keys;
  keys.reserve(patterns.size());
  for (const auto& pattern : patterns) keys.push_back(process_pattern(pattern, msg));
  return keys;
}

// One group of TbGetAttributesNode keys: a scope's attributes, or latest telemetry.
struct KeyGroup {
  std::string_view label;   // how the failure report names it
  std::string_view prefix;  // of the keys added: cs_, shared_, ss_, none for telemetry
  std::optional<AttributeScope> scope;
  std::vector<std::string> patterns;
};

// metadata.TbGetAttributesNode: the originator's attributes and latest telemetry.
class GetAttributesNode final : public RuleNode {
 public:
  GetAttributesNode(telemetry::TelemetryService& telemetry, std::vector<KeyGroup> groups,
                    bool tell_failure_if_absent, bool latest_with_ts, MsgPart part)
      : telemetry_(telemetry),
        groups_(std::move(groups)),
        tell_failure_if_absent_(tell_failure_if_absent),
        latest_with_ts_(latest_with_ts),
        part_(part) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    MsgFields fields(part_);
    std::string absent;  // the reference's report, one line per group
    for (const auto& group : groups_) {
      auto keys = expand(group.patterns, msg);
      auto values = read_values(telemetry_, msg.originator, group.scope, keys, latest_with_ts_);
      if (!values) {
        done(read_failed(std::move(msg), values.status()));
        return;
      }
      std::string missing;
      for (const auto& key : keys) {
        const auto* value = find_value(*values, key);
        if (value != nullptr) {
          fields.put(std::string(group.prefix) + key, *value);
        } else {
          missing += (missing.empty() ? "" : ", ") + key;
        }
      }
      if (!missing.empty()) absent += "\t[" + std::string(group.label) + "]:[" + missing + "]\n";
    }
    if (tell_failure_if_absent_ && !absent.empty()) {
      done(NodeResult::failure(
          std::move(msg),
          "The following attribute/telemetry keys is not present in the DB: \n" + absent));
      return;
    }
    Status applied = fields.apply_to(msg);
    done(applied ? NodeResult::on(kSuccess, std::move(msg))
                 : NodeResult::failure(std::move(msg), applied.message()));
  }

 private:
  telemetry::TelemetryService& telemetry_;
  std::vector<KeyGroup> groups_;
  bool tell_failure_if_absent_;
  bool latest_with_ts_;
  MsgPart part_;
};

Result<std::unique_ptr<RuleNode>> get_attributes_node(const bj::object& configuration,
                                                      NodeServices& services) {
  // Older chains say fetchToData instead of fetchTo.
  const bool to_data = json::get_bool(configuration, "fetchToData").value_or(false);
  auto part =
      config_msg_part(configuration, "fetchTo", to_data ? MsgPart::kData : MsgPart::kMetadata);
  if (!part) return part.status();
  std::vector<KeyGroup> groups{
      {"CLIENT_SCOPE", "cs_", AttributeScope::kClient,
       config_strings(configuration, "clientAttributeNames")},
      {"SHARED_SCOPE", "shared_", AttributeScope::kShared,
       config_strings(configuration, "sharedAttributeNames")},
      {"SERVER_SCOPE", "ss_", AttributeScope::kServer,
       config_strings(configuration, "serverAttributeNames")},
      {"LATEST_TS", "", std::nullopt, config_strings(configuration, "latestTsKeyNames")},
  };
  return std::unique_ptr<RuleNode>(std::make_unique<GetAttributesNode>(
      services.telemetry, std::move(groups),
      json::get_bool(configuration, "tellFailureIfAbsent").value_or(true),
      json::get_bool(configuration, "getLatestValueWithTs").value_or(false), *part));
}

// What an entity data node reads: the reference's dataToFetch.
enum class DataToFetch { kAttributes, kLatestTelemetry, kFields };

struct EntityDataOptions {
  DataToFetch what = DataToFetch::kAttributes;
  KeyMapping mapping;  // source key → key added to the message (both may hold patterns)
  MsgPart part = MsgPart::kMetadata;
  bool ignore_null_strings = false;  // fields only: leave out empty and "null" values
};

// Customer, tenant, related entity and originator fields: mapped keys of one entity.
class EntityDataNode final : public RuleNode {
 public:
  EntityDataNode(NodeServices& services, FindEntity find, EntityDataOptions options)
      : services_(services), find_(std::move(find)), options_(std::move(options)) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    auto entity = find_(services_, msg);
    if (!entity) {
      done(read_failed(std::move(msg), entity.status()));
      return;
    }
    KeyMapping mapping;
    std::vector<std::string> sources;
    for (const auto& [from, to] : options_.mapping) {
      mapping.emplace_back(process_pattern(from, msg), process_pattern(to, msg));
      sources.push_back(mapping.back().first);
    }
    auto values = read(msg.tenant_id, *entity, sources);
    if (!values) {
      done(read_failed(std::move(msg), values.status()));
      return;
    }
    MsgFields fields(options_.part);
    for (const auto& [from, to] : mapping) {
      if (const auto* value = find_value(*values, from)) fields.put(to, *value);
    }
    Status applied = fields.apply_to(msg);
    done(applied ? NodeResult::on(kSuccess, std::move(msg))
                 : NodeResult::failure(std::move(msg), applied.message()));
  }

 private:
  Result<Values> read(const Uuid& tenant_id, const model::EntityId& entity,
                      const std::vector<std::string>& keys) const {
    switch (options_.what) {
      case DataToFetch::kAttributes:
        return read_values(services_.telemetry, entity, AttributeScope::kServer, keys, false);
      case DataToFetch::kLatestTelemetry:
        return read_values(services_.telemetry, entity, std::nullopt, keys, false);
      case DataToFetch::kFields:
        break;
    }
    auto record = tenant_record(services_, tenant_id, entity);
    if (!record) return record.status();
    Values values;
    for (const auto& key : keys) {
      auto field = entity_field(*record, key);
      const bool blank = !field || field->empty() || *field == "null";
      if (field && !(options_.ignore_null_strings && blank)) values.emplace_back(key, *field);
    }
    return values;
  }

  NodeServices& services_;
  FindEntity find_;
  EntityDataOptions options_;
};

// The node's EntityDataOptions from the current keys or the older ones (attrMapping or
// `legacy_mapping`, the boolean `telemetry`; results to metadata).
Result<EntityDataOptions> entity_data_options(const bj::object& configuration,
                                              std::string_view legacy_mapping) {
  EntityDataOptions options;
  auto what = json::get_string(configuration, "dataToFetch");
  if (!what) {
    const bool telemetry = json::get_bool(configuration, "telemetry").value_or(false);
    options.what = telemetry ? DataToFetch::kLatestTelemetry : DataToFetch::kAttributes;
  } else if (*what == "ATTRIBUTES") {
    options.what = DataToFetch::kAttributes;
  } else if (*what == "LATEST_TELEMETRY") {
    options.what = DataToFetch::kLatestTelemetry;
  } else if (*what == "FIELDS") {
    options.what = DataToFetch::kFields;
  } else {
    return invalid_argument("dataToFetch must be ATTRIBUTES, LATEST_TELEMETRY or FIELDS");
  }
  options.mapping = config_mapping(configuration, "dataMapping", legacy_mapping);
  auto part = config_msg_part(configuration, "fetchTo", MsgPart::kMetadata);
  if (!part) return part.status();
  options.part = *part;
  options.ignore_null_strings = json::get_bool(configuration, "ignoreNullStrings").value_or(false);
  return options;
}

NodeFactory entity_data_node(FindEntity find) {
  return [find = std::move(find)](const bj::object& configuration,
                                  NodeServices& services) -> Result<std::unique_ptr<RuleNode>> {
    auto options = entity_data_options(configuration, "attrMapping");
    if (!options) return options.status();
    return std::unique_ptr<RuleNode>(
        std::make_unique<EntityDataNode>(services, find, std::move(*options)));
  };
}

Result<std::unique_ptr<RuleNode>> related_data_node(const bj::object& configuration,
                                                    NodeServices& services) {
  auto search = parse_relations_query(configuration);
  if (!search) return search.status();
  return entity_data_node(
      [search = std::move(*search)](NodeServices& nodes, const model::Msg& msg) {
        return first_related(nodes, msg.tenant_id, search, msg.originator);
      })(configuration, services);
}

Result<std::unique_ptr<RuleNode>> originator_fields_node(const bj::object& configuration,
                                                         NodeServices& services) {
  auto options = entity_data_options(configuration, "fieldsMapping");
  if (!options) return options.status();
  options->what = DataToFetch::kFields;
  auto originator = [](NodeServices&, const model::Msg& msg) -> Result<model::EntityId> {
    return msg.originator;
  };
  return std::unique_ptr<RuleNode>(
      std::make_unique<EntityDataNode>(services, originator, std::move(*options)));
}

}  // namespace

void register_enrichment_nodes(NodeRegistry& registry) {
  registry.add(node_type("metadata.TbGetAttributesNode"), get_attributes_node);
  registry.add(node_type("metadata.TbGetCustomerAttributeNode"),
               entity_data_node([](NodeServices& services, const model::Msg& msg) {
                 return customer_of(services, msg.tenant_id, msg.originator);
               }));
  registry.add(
      node_type("metadata.TbGetTenantAttributeNode"),
      entity_data_node([](NodeServices&, const model::Msg& msg) {
        return Result<model::EntityId>(model::EntityId{model::EntityType::kTenant, msg.tenant_id});
      }));
  registry.add(node_type("metadata.TbGetRelatedAttributeNode"), related_data_node);
  registry.add(node_type("metadata.TbGetOriginatorFieldsNode"), originator_fields_node);
  registry.add(node_type("metadata.TbGetTelemetryNode"), make_get_telemetry_node);
}

}  // namespace pacificsoft::rule
