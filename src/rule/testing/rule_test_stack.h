// What rule node and chain unit tests run against: real SQLite entity and telemetry stores in a
// throwaway directory, the services on top of them (with the entity kinds app/ registers), a
// script sandbox and the NodeServices bundle nodes are built with.
#pragma once

#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include "auth/auth_service.h"
#include "entities/alarm_service.h"
#include "entities/entity_changes.h"
#include "entities/entity_service.h"
#include "entities/kinds.h"
#include "entities/relation_service.h"
#include "rule/network_loop.h"
#include "rule/node_registry.h"
#include "rule/nodes/core_nodes.h"
#include "storage/sqlite/sqlite_attribute_store.h"
#include "storage/sqlite/sqlite_entity_store.h"
#include "storage/sqlite/sqlite_timeseries_store.h"
#include "telemetry/subscription_hub.h"

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
    entity_store = std::make_unique<entities::ChangeNotifyingStore>(std::move(*opened));
    auth =
        std::make_unique<auth::AuthService>(*entity_store, jwt, hasher, auth::JwtOptions{}, clock);
    entities = std::make_unique<entities::EntityService>(*entity_store, clock);
    entities->register_kind(entities::make_tenant_kind());
    entities->register_kind(entities::make_customer_kind());
    entities->register_kind(entities::make_user_kind(*auth));
    entities->register_kind(entities::make_device_profile_kind());
    entities->register_kind(entities::make_asset_profile_kind());
    entities->register_kind(entities::make_device_kind());
    entities->register_kind(entities::make_asset_kind());
    entities->register_kind(entities::make_dashboard_kind());
    entities->register_kind(entities::make_rule_chain_kind());
    relations = std::make_unique<entities::RelationService>(*entities);
    alarms = std::make_unique<entities::AlarmService>(*entities);
  }
  ~RuleTestStack() {
    alarms.reset();
    relations.reset();
    entities.reset();
    auth.reset();
    entity_store.reset();
    telemetry.reset();
    timeseries.reset();
    attributes.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }
  RuleTestStack(const RuleTestStack&) = delete;
  RuleTestStack& operator=(const RuleTestStack&) = delete;

  // A new tenant; the administrator that acts in it.
  auth::SecurityUser new_tenant(std::string_view title) {
    auth::SecurityUser sys_admin;
    sys_admin.authority = model::Authority::kSysAdmin;
    auth::SecurityUser admin;
    admin.authority = model::Authority::kTenantAdmin;
    admin.tenant_id = create(sys_admin, storage::RecordKind::kTenant, {{"title", title}}).id;
    return admin;
  }
  // An entity saved through the entity service; its id (all-zero when the save failed).
  model::EntityId create(const auth::SecurityUser& user, storage::RecordKind kind,
                         bj::object body) {
    auto saved = entities->save(user, kind, std::move(body));
    const auto* id = saved ? saved->if_contains("id") : nullptr;
    auto parsed = id != nullptr ? model::parse_entity_id(*id) : std::nullopt;
    return parsed.value_or(model::EntityId{});
  }

  std::filesystem::path dir;
  ManualClock clock{1'700'000'000'000};
  telemetry::SubscriptionHub hub;
  std::shared_ptr<storage::sqlite::TelemetryDb> db;
  std::unique_ptr<storage::sqlite::SqliteTimeseriesStore> timeseries;
  std::unique_ptr<storage::sqlite::SqliteAttributeStore> attributes;
  std::unique_ptr<telemetry::TelemetryService> telemetry;
  std::unique_ptr<entities::ChangeNotifyingStore> entity_store;  // on SQLite
  auth::JwtCodec jwt{{"rule-test-key"}, clock};
  auth::PasswordHasher hasher{4};
  std::unique_ptr<auth::AuthService> auth;
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

// Client-side RPCs a test says are waiting (`waiting`), and the replies they got.
struct PendingClientRpcs final : ClientRpcReplies {
  bool reply(std::string_view key, std::string body) override {
    std::lock_guard lock(mutex);
    if (waiting.erase(std::string(key)) == 0) return false;
    replies.emplace_back(key, std::move(body));
    return true;
  }
  std::mutex mutex;
  std::set<std::string> waiting;
  std::vector<std::pair<std::string, std::string>> replies;
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
                 *stack.relations, stack.clock, network, timers,        device_rpc} {
    register_core_nodes(registry);
  }

  RuleTestStack stack;
  ScriptSandbox scripts;
  PendingClientRpcs replies;
  NetworkLoop network;
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
