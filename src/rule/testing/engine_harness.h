// Rule engine tests over chains stored in the real entity store: a NodeHarness, an engine on
// it, a "test.Record" node that notes what reaches it, and helpers to write chain metadata.
#pragma once

#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "entities/rule_chain_metadata.h"
#include "rule/rule_engine.h"
#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule::testing {

// What "test.Record" nodes noted: their label, with ": <error>" when the message has one, and
// the data.
class Recorded {
 public:
  void add(std::string entry, std::string data) {
    std::lock_guard lock(mutex_);
    entries_.push_back(std::move(entry));
    data_.push_back(std::move(data));
  }
  std::vector<std::string> entries() {
    std::lock_guard lock(mutex_);
    return entries_;
  }
  std::vector<std::string> data() {
    std::lock_guard lock(mutex_);
    return data_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> entries_;  // guarded by mutex_
  std::vector<std::string> data_;     // guarded by mutex_
};

// Notes each message in a Recorded and leaves by Success.
class RecordNode final : public RuleNode {
 public:
  RecordNode(Recorded& recorded, std::string label)
      : recorded_(recorded), label_(std::move(label)) {}
  void on_msg(model::Msg msg, NodeDone done) override {
    const std::string error(msg.metadata_value("error"));
    recorded_.add(error.empty() ? label_ : label_ + ": " + error, msg.data);
    done(NodeResult::on(kSuccess, std::move(msg)));
  }

 private:
  Recorded& recorded_;
  std::string label_;
};

// Chain metadata parts.
inline bj::object record_node(std::string_view label) {
  return {{"type", "test.Record"}, {"name", label}, {"configuration", {{"label", label}}}};
}
inline bj::object chain_node(std::string_view short_type, std::string_view name,
                             bj::object configuration = {}) {
  return {
      {"type", node_type(short_type)}, {"name", name}, {"configuration", std::move(configuration)}};
}
inline bj::object link(int from, int to, std::string_view type) {
  return {{"fromIndex", from}, {"toIndex", to}, {"type", type}};
}
inline bj::object chain_metadata(bj::array nodes, bj::array connections) {
  return {
      {"firstNodeIndex", 0}, {"nodes", std::move(nodes)}, {"connections", std::move(connections)}};
}

class EngineHarness {
 public:
  explicit EngineHarness(const char* script_worker, RuleEngineOptions options = {})
      : nodes(script_worker),
        metadata(*nodes.stack.entities),
        engine(*nodes.stack.entities, metadata, nodes.registry, nodes.services,
               std::move(options)) {
    nodes.stack.entity_store->add_listener(
        [this](const std::vector<entities::EntityChange>& changes) {
          engine.on_entity_changes(changes);
        });
    nodes.registry.add("test.Record", [this](const bj::object& configuration, NodeServices&) {
      return Result<std::unique_ptr<RuleNode>>(std::make_unique<RecordNode>(
          recorded, std::string(json::get_string(configuration, "label").value_or(""))));
    });
  }

  // Stores a rule chain of `tenant` with `chain_metadata`; returns its id.
  Uuid add_chain(const Uuid& tenant, bool root, const bj::object& chain_metadata) {
    storage::EntityRecord chain;
    chain.kind = storage::RecordKind::kRuleChain;
    chain.id = Uuid::random();
    chain.tenant_id = tenant;
    chain.name = "chain";
    chain.body = json::serialize(bj::object{{"name", "chain"}, {"root", root}});
    EXPECT_TRUE(nodes.stack.entity_store->insert(chain));
    EXPECT_TRUE(entities::write_rule_chain_metadata(*nodes.stack.entity_store, chain,
                                                    chain_metadata, nodes.stack.clock.now_ms()));
    return chain.id;
  }

  // Runs `msg` through the engine and waits until it is done.
  Status process(const model::Msg& msg) {
    std::promise<Status> done;
    engine.process(msg, std::make_shared<InlineExecutor>(),
                   [&done](Status status) { done.set_value(std::move(status)); });
    return done.get_future().get();
  }
  // An empty telemetry message of `tenant` from a new device, through the engine.
  Status process_telemetry_of(const Uuid& tenant) {
    model::Msg msg;
    msg.id = Uuid::random();
    msg.type = "POST_TELEMETRY_REQUEST";
    msg.tenant_id = tenant;
    msg.originator = {model::EntityType::kDevice, Uuid::random()};
    msg.data = "{}";
    return process(msg);
  }

  NodeHarness nodes;
  Recorded recorded;  // before the engine, whose chains' record nodes use it
  entities::RuleChainMetadataService metadata;
  RuleEngine engine;
};

}  // namespace pacificsoft::rule::testing
