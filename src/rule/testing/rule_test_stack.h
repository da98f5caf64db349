// What rule node and chain unit tests run against: real SQLite entity and telemetry stores in a
// throwaway directory, the services on top of them, a script sandbox and the NodeServices bundle
// nodes are built with.
#pragma once

#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "entities/alarm_service.h"
#include "entities/entity_service.h"
#include "entities/relation_service.h"
#include "rule/node_registry.h"
#include "rule/nodes/core_nodes.h"
#include "storage/sqlite/sqlite_attribute_store.h"
#include "storage/sqlite/sqlite_entity_store.h"
#include "storage/sqlite/sqlite_timeseries_store.h"

namespace pacificsoft::rule::testing {

struct RuleTestStack {
  RuleTestStack()
      : dir(std::filesystem::temp_directory_path() / ("ps-rule-" + Uuid::random().to_string())) {
    std::filesystem::create_directories(dir);
    db = *storage::sqlite::TelemetryDb::open((dir / "telemetry.db").string(), {});
    timeseries = std::make_unique<storage::sqlite::SqliteTimeseriesStore>(db);
    attributes = std::make_unique<storage::sqlite::SqliteAttributeStore>(db);
    telemetry = std::make_unique<telemetry::TelemetryService>(*timeseries, *attributes, hub, clock);
    auto opened = storage::sqlite::SqliteEntityStore::open((dir / "entities.db").string());
    entity_store = std::move(*opened);
    entities = std::make_unique<entities::EntityService>(*entity_store, clock);
    relations = std::make_unique<entities::RelationService>(*entities);
    alarms = std::make_unique<entities::AlarmService>(*entities);
  }
  ~RuleTestStack() {
    alarms.reset();
    relations.reset();
    entities.reset();
    entity_store.reset();
    telemetry.reset();
    timeseries.reset();
    attributes.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }
  RuleTestStack(const RuleTestStack&) = delete;
  RuleTestStack& operator=(const RuleTestStack&) = delete;

  std::filesystem::path dir;
  ManualClock clock{1'700'000'000'000};
  telemetry::SubscriptionHub hub;
  std::shared_ptr<storage::sqlite::TelemetryDb> db;
  std::unique_ptr<storage::sqlite::SqliteTimeseriesStore> timeseries;
  std::unique_ptr<storage::sqlite::SqliteAttributeStore> attributes;
  std::unique_ptr<telemetry::TelemetryService> telemetry;
  std::unique_ptr<storage::sqlite::SqliteEntityStore> entity_store;
  std::unique_ptr<entities::EntityService> entities;
  std::unique_ptr<entities::RelationService> relations;
  std::unique_ptr<entities::AlarmService> alarms;
};

// Timers that fire only when a test says so; thread-safe.
class ManualTimers final : public Timers {
 public:
  Id schedule(std::chrono::milliseconds delay, TimerFired fired) override {
    std::lock_guard lock(mutex_);
    pending_.emplace(next_id_, Pending{delay, std::move(fired)});
    return next_id_++;
  }
  void cancel(Id id) override {
    std::lock_guard lock(mutex_);
    pending_.erase(id);
  }
  // Fires the timers pending now (not those their callbacks schedule) with `status`, oldest
  // first; returns how many.
  std::size_t fire_all(const Status& status = Status::ok()) {
    std::map<Id, Pending> due;
    {
      std::lock_guard lock(mutex_);
      due.swap(pending_);
    }
    for (auto& [id, timer] : due) timer.fired(status);
    return due.size();
  }
  // The delays of the pending timers, oldest first.
  std::vector<std::chrono::milliseconds> delays() {
    std::lock_guard lock(mutex_);
    std::vector<std::chrono::milliseconds> out;
    for (const auto& [id, timer] : pending_) out.push_back(timer.delay);
    return out;
  }

 private:
  struct Pending {
    std::chrono::milliseconds delay;
    TimerFired fired;
  };
  std::mutex mutex_;
  std::map<Id, Pending> pending_;  // guarded by mutex_
  Id next_id_ = 1;                 // guarded by mutex_
};

// A client-side RPC reply sink that knows no pending call.
struct NoClientRpcReplies final : ClientRpcReplies {
  bool reply(std::string_view, std::string) override { return false; }
};

// Server-side RPC that keeps the calls; a test ends them through their `done`.
class RecordingDeviceRpc final : public DeviceRpcCalls {
 public:
  struct Call {
    model::RpcCall call;
    std::function<void(model::RpcResult)> done;
  };
  void call(model::RpcCall call, std::function<void(model::RpcResult)> done) override {
    std::lock_guard lock(mutex_);
    calls_.push_back({std::move(call), std::move(done)});
  }
  // The calls made since the last take().
  std::vector<Call> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(calls_, {});
  }

 private:
  std::mutex mutex_;
  std::vector<Call> calls_;  // guarded by mutex_
};

// The stack plus a sandbox and a registry with the core nodes: builds one node from its type and
// configuration and runs a message through it.
class NodeHarness {
 public:
  explicit NodeHarness(const char* script_worker)
      : scripts(ScriptOptions{script_worker, 1, std::chrono::milliseconds(300)}),
        services{*stack.telemetry, scripts,     replies, *stack.alarms, *stack.entities,
                 *stack.relations, stack.clock, timers,  device_rpc} {
    register_core_nodes(registry);
  }

  RuleTestStack stack;
  ScriptSandbox scripts;
  NoClientRpcReplies replies;
  ManualTimers timers;
  RecordingDeviceRpc device_rpc;
  NodeServices services;
  NodeRegistry registry;

  // A node of the reference's short type name ("filter.TbJsFilterNode").
  Result<std::unique_ptr<RuleNode>> create(std::string_view short_type,
                                           const bj::object& configuration) {
    return registry.create(node_type(short_type), configuration, services);
  }
  // Runs `msg` through `node` and waits for its result.
  static NodeResult run(RuleNode& node, model::Msg msg) {
    std::promise<NodeResult> result;
    node.on_msg(std::move(msg), [&result](NodeResult r) { result.set_value(std::move(r)); });
    return result.get_future().get();
  }
};

}  // namespace pacificsoft::rule::testing
