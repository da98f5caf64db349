// Wiring of the monolith: which backend, which kinds, which routes.
#include "app/server.h"

#include <filesystem>

#include "api/rest/rest_api.h"
#include "api/ws/telemetry_ws_endpoint.h"
#include "app/cluster_status.h"
#include "app/device_auth_invalidation.h"
#include "app/entity_device_directory.h"
#include "app/queue_rule_engine_input.h"
#include "app/queued_device_backend.h"
#include "app/rest_rpc_through_rules.h"
#include "auth/auth_service.h"
#include "auth/device_auth.h"
#include "auth/device_authenticator.h"
#include "auth/random_token.h"
#include "cluster/local/local_partition_ownership.h"
#include "cluster/zookeeper/zookeeper_cluster.h"
#include "common/clock.h"
#include "common/log.h"
#include "common/periodic_task.h"
#include "entities/entity_changes.h"
#include "entities/installer.h"
#include "entities/kinds.h"
#include "queue/log/log_queue.h"
#include "queue/message_queue.h"
#include "queue/rabbitmq/rabbitmq_queue.h"
#include "rule/network_loop.h"
#include "rule/nodes/core_nodes.h"
#include "rule/queue_consumer.h"
#include "rule/rule_engine.h"
#include "rule/timers.h"
#include "storage/backend_registry.h"
#include "storage/postgres/pg_telemetry_db.h"
#include "storage/postgres/postgres_attribute_store.h"
#include "storage/postgres/postgres_entity_store.h"
#include "storage/postgres/postgres_timeseries_store.h"
#include "storage/sqlite/sqlite_attribute_store.h"
#include "storage/sqlite/sqlite_entity_store.h"
#include "storage/sqlite/sqlite_timeseries_store.h"
#include "storage/sqlite/telemetry_db.h"
#include "telemetry/subscription_hub.h"
#include "telemetry/telemetry_service.h"
#include "transport/coap/coap_server.h"
#include "transport/device_rpc.h"
#include "transport/http/http_device_api.h"
#include "transport/mqtt/mqtt_device_api.h"
#include "transport/mqtt/mqtt_server.h"

namespace pacificsoft::app {
namespace {

constexpr std::string_view kSigningKeySetting = "security.jwt.generated_signing_key";
constexpr std::size_t kGeneratedKeyLength = 64;
constexpr std::chrono::minutes kExpiryInterval{1};
constexpr std::chrono::seconds kActivityReportInterval{3};  // the reference's report_timeout
// The queue rule-engine messages go through; cluster ownership names its partitions by it.
constexpr std::string_view kRuleEngineQueue = "rule-engine";

// The reference's serviceId: the host's name (the message count node's key).
// A postgres backend's start-up error, naming the setting to look at.
Status postgres_error(const Status& status) {
  return {status.code(), "setting database.postgres.url (POSTGRES_URL): " + status.message()};
}

// The one place that names the storage backends.
storage::EntityStoreRegistry entity_store_backends() {
  storage::EntityStoreRegistry registry;
  registry.add(
      "sqlite",
      [](const storage::StorageOptions& options) -> Result<std::unique_ptr<storage::EntityStore>> {
        auto store = storage::sqlite::SqliteEntityStore::open(options.data_dir + "/entities.db");
        if (!store) return store.status();
        return std::unique_ptr<storage::EntityStore>(std::move(*store));
      });
  registry.add(
      "postgres",
      [](const storage::StorageOptions& options) -> Result<std::unique_ptr<storage::EntityStore>> {
        auto store = storage::postgres::PostgresEntityStore::open(
            {options.postgres_url, options.postgres_pool_size});
        if (!store) return postgres_error(store.status());
        return std::unique_ptr<storage::EntityStore>(std::move(*store));
      });
  return registry;
}

storage::TelemetryStoreRegistry telemetry_store_backends() {
  storage::TelemetryStoreRegistry registry;
  registry.add("sqlite",
               [](const storage::StorageOptions& options) -> Result<storage::TelemetryStores> {
                 auto db = storage::sqlite::TelemetryDb::open(options.data_dir + "/telemetry.db",
                                                              options.telemetry_write);
                 if (!db) return db.status();
                 return storage::TelemetryStores{
                     std::make_unique<storage::sqlite::SqliteTimeseriesStore>(*db),
                     std::make_unique<storage::sqlite::SqliteAttributeStore>(*db)};
               });
  registry.add("postgres",
               [](const storage::StorageOptions& options) -> Result<storage::TelemetryStores> {
                 auto db = storage::postgres::PgTelemetryDb::open(
                     {options.postgres_url, options.postgres_pool_size, options.telemetry_write,
                      options.postgres_ts_retention_days});
                 if (!db) return postgres_error(db.status());
                 return storage::TelemetryStores{
                     std::make_unique<storage::postgres::PostgresTimeseriesStore>(*db),
                     std::make_unique<storage::postgres::PostgresAttributeStore>(*db)};
               });
  return registry;
}

// The configured signing key, or the one generated on the first start and kept in storage, so
// tokens stay valid over restarts without a secret in the shipped configuration.
Result<std::string> signing_key(storage::EntityStore& store, const std::string& configured,
                                const Clock& clock) {
  if (!configured.empty()) return configured;
  auto stored = store.find_by_unique_key(storage::RecordKind::kSetting, kSigningKeySetting);
  if (!stored) return stored.status();
  if (stored->has_value()) return (*stored)->body;
  storage::EntityRecord record;
  record.kind = storage::RecordKind::kSetting;
  record.id = Uuid::random();
  record.created_time = clock.now_ms();
  record.name = std::string(kSigningKeySetting);
  record.unique_key = std::string(kSigningKeySetting);
  record.body = auth::random_token(kGeneratedKeyLength);
  PS_RETURN_IF_ERROR(store.insert(record));
  return record.body;
}

void register_entity_kinds(entities::EntityService& entities, auth::AuthService& auth) {
  entities.register_kind(entities::make_tenant_kind());
  entities.register_kind(entities::make_customer_kind());
  entities.register_kind(entities::make_user_kind(auth));
  entities.register_kind(entities::make_device_profile_kind());
  entities.register_kind(entities::make_asset_profile_kind());
  entities.register_kind(entities::make_device_kind());
  entities.register_kind(entities::make_asset_kind());
  entities.register_kind(entities::make_dashboard_kind());
  entities.register_kind(entities::make_rule_chain_kind());
}

// The "rpc call reply" node answers the transports' waiting client-side calls.
class ClientRpcReplyAdapter final : public rule::ClientRpcReplies {
 public:
  explicit ClientRpcReplyAdapter(transport::ClientRpcCalls& calls) : calls_(calls) {}
  bool reply(std::string_view request_key, std::string payload) override {
    return calls_.complete(request_key, std::move(payload));
  }

 private:
  transport::ClientRpcCalls& calls_;
};

}  // namespace

// Members in construction order; destroyed in reverse, so nothing outlives what it uses.
struct Server::Parts {
  // First, so destroyed last: stop() joins its threads early, but work other threads still
  // post to its connections (a durable write completing) must find its event loops alive.
  std::unique_ptr<transport::mqtt::MqttServer> mqtt;
  SystemClock clock;
  std::unique_ptr<storage::EntityStore> store;
  entities::ChangeNotifyingStore* entity_changes = nullptr;  // store, as what tells of changes
  storage::TelemetryStores telemetry_stores;
  telemetry::SubscriptionHub hub;
  std::unique_ptr<telemetry::TelemetryService> telemetry;
  std::unique_ptr<PeriodicTask> expiry;  // drops telemetry whose TTL passed
  std::unique_ptr<auth::JwtCodec> jwt;
  std::unique_ptr<auth::PasswordHasher> hasher;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<entities::EntityService> entities;
  std::unique_ptr<entities::DeviceCredentialsService> credentials;
  std::unique_ptr<entities::RelationService> relations;
  std::unique_ptr<entities::RuleChainMetadataService> rule_chains;
  std::unique_ptr<entities::AlarmService> alarms;
  std::unique_ptr<queue::MessageQueue> queue;
  std::unique_ptr<queue::MsgProducer> producer;  // into queue
  std::unique_ptr<transport::DeviceRpcRouter> rpc_router;
  std::unique_ptr<QueueRuleEngineInput> rule_engine_input;
  std::unique_ptr<WaitingRestRpcs> waiting_rpcs;
  std::unique_ptr<PeriodicTask> waiting_rpc_expiry;
  std::unique_ptr<RestRpcThroughRules> rest_rpc;
  std::unique_ptr<RouterRpcForRules> rule_rpc;
  std::unique_ptr<api::RestServices> rest;
  std::unique_ptr<api::WsServices> ws;
  std::unique_ptr<auth::DeviceAuth> device_auth;
  // Both told of entity changes from here on, so they live as long as what writes entities.
  std::unique_ptr<transport::DeviceSessions> device_sessions;
  std::unique_ptr<auth::LocalDeviceAuthenticator> device_authenticator;
  std::unique_ptr<telemetry::DeviceActivity> activity;
  std::unique_ptr<PeriodicTask> activity_report;
  std::unique_ptr<transport::LocalClientRpcCalls> client_rpcs;
  std::unique_ptr<PeriodicTask> client_rpc_expiry;
  std::unique_ptr<ClientRpcReplyAdapter> client_rpc_replies;
  std::unique_ptr<rule::ScriptSandbox> scripts;
  // The network I/O of nodes that call outside systems; outlives the engine and its nodes.
  std::unique_ptr<rule::NetworkLoop> node_network;
  rule::NodeRegistry nodes;
  // Outlives the engine and the consumer; stopped in stop() first, so held messages end (and
  // replay after the restart) instead of keeping the consumer from joining.
  std::unique_ptr<rule::ThreadTimers> timers;
  std::unique_ptr<rule::RuleEngine> engine;
  // Which of the queue's partitions this process consumes: all of them, standalone.
  std::unique_ptr<cluster::PartitionOwnership> ownership;
  cluster::zookeeper::ZookeeperCluster* cluster = nullptr;  // ownership, in a cluster
  std::unique_ptr<ProcessClusterStatus> cluster_status;
  std::unique_ptr<rule::QueueConsumer> consumer;  // before the queue goes: joins its threads
  std::unique_ptr<cluster::PartitionListeners> partition_listeners;  // device activity, consumer
  std::unique_ptr<QueuedDeviceBackend> device_backend;
  std::unique_ptr<transport::DeviceLimits> device_limits;
  std::unique_ptr<entities::DeviceProvisioning> provisioning;
  std::unique_ptr<EntityDeviceDirectory> device_directory;
  std::unique_ptr<transport::mqtt::MqttDeviceApi> mqtt_api;
  std::unique_ptr<transport::HttpDeviceApi> http_device_api;
  // Stopped in stop(), before what it uses goes; its pending answers are dropped then.
  std::unique_ptr<transport::coap::CoapServer> coap;
  net::Router router;
  std::unique_ptr<net::HttpServer> http;
};

Server::Server(Settings settings)
    : settings_(std::move(settings)), parts_(std::make_unique<Parts>()) {}

Server::~Server() { stop(); }

// The parts of every role, in the order they depend on each other. A process of one role
// (transport, core, rule engine) will start its own subset, with remote stand-ins for the rest.
Status Server::start() {
  PS_RETURN_IF_ERROR(open_storage());
  PS_RETURN_IF_ERROR(open_queue());
  PS_RETURN_IF_ERROR(join_cluster());
  PS_RETURN_IF_ERROR(start_core());
  PS_RETURN_IF_ERROR(start_rule_engine());
  PS_RETURN_IF_ERROR(start_transports());
  // Partitions come to a cluster node once it serves devices and users.
  if (parts_->cluster != nullptr) return parts_->cluster->set_ready(true);
  return Status::ok();
}

// The durable queue and its one producer (devices, REST calls through the rules, nodes).
Status Server::open_queue() {
  Parts& p = *parts_;
  if (settings_.queue_type == "rabbitmq") {
    auto queue = queue::rabbitmq::RabbitMqQueue::open(settings_.rabbitmq);
    if (!queue) return {queue.status().code(), "queue.rabbitmq: " + queue.status().message()};
    p.queue = std::move(*queue);
  } else {
    auto queue = queue::log::LogQueue::open(settings_.data_dir + "/queue/main", settings_.queue);
    if (!queue) return queue.status();
    p.queue = std::move(*queue);
  }
  p.producer = std::make_unique<queue::MsgProducer>(*p.queue);
  return Status::ok();
}

// Who owns which partitions: this process alone, or the ZooKeeper cluster, in which it is
// registered now (not ready: partitions come once it serves, at the end of start()).
Status Server::join_cluster() {
  Parts& p = *parts_;
  if (settings_.zookeeper_enabled) {
    auto cluster = std::make_unique<cluster::zookeeper::ZookeeperCluster>(settings_.zookeeper);
    if (Status started = cluster->start(); !started) {
      return {started.code(), "zookeeper: " + started.message()};
    }
    p.cluster = cluster.get();
    p.ownership = std::move(cluster);
  } else {
    p.ownership = std::make_unique<cluster::LocalPartitionOwnership>();
  }
  p.cluster_status = std::make_unique<ProcessClusterStatus>(
      api::ClusterNodeView{settings_.service_id, {settings_.service_type}, {}, true, {}},
      std::string(kRuleEngineQueue), p.queue->partitions(), p.cluster);
  return Status::ok();
}

// The entity store (telling listeners what commits) and the telemetry stores behind their
// service.
Status Server::open_storage() {
  Parts& p = *parts_;
  std::error_code error;
  std::filesystem::create_directories(settings_.data_dir, error);
  if (error) {
    return invalid_argument("setting data.dir (PACIFICSOFT_DATA_DIR): cannot create '" +
                            settings_.data_dir + "': " + error.message());
  }
  storage::StorageOptions storage_options{settings_.data_dir, settings_.postgres_url,
                                          settings_.postgres_pool_size,
                                          settings_.postgres_ts_retention_days};
  storage_options.telemetry_write.commit_interval = settings_.ts_commit_interval;
  auto store = entity_store_backends().open(settings_.entities_backend, storage_options);
  if (!store) return store.status();
  // Caches of entities (chains and roots in the rule engine) learn of changes as they commit.
  auto notifying = std::make_unique<entities::ChangeNotifyingStore>(std::move(*store));
  p.entity_changes = notifying.get();
  p.store = std::move(notifying);
  auto telemetry_stores = telemetry_store_backends().open(settings_.ts_backend, storage_options);
  if (!telemetry_stores) return telemetry_stores.status();
  p.telemetry_stores = std::move(*telemetry_stores);
  p.telemetry = std::make_unique<telemetry::TelemetryService>(*p.telemetry_stores.timeseries,
                                                              *p.telemetry_stores.attributes, p.hub,
                                                              p.clock, settings_.telemetry);
  p.expiry = std::make_unique<PeriodicTask>(kExpiryInterval, [&p] {
    Status removed = p.telemetry->remove_expired();
    if (!removed) spdlog::warn("dropping expired telemetry failed: {}", removed.to_string());
  });
  return Status::ok();
}

// Users, entities and their REST and WebSocket APIs, device authentication and device state.
Status Server::start_core() {
  Parts& p = *parts_;
  auth::JwtOptions jwt = settings_.jwt;
  auto key = signing_key(*p.store, jwt.signing_key, p.clock);
  if (!key) return key.status();
  jwt.signing_key = std::move(*key);
  p.jwt = std::make_unique<auth::JwtCodec>(jwt, p.clock);
  p.hasher = std::make_unique<auth::PasswordHasher>(settings_.bcrypt_cost);
  p.auth = std::make_unique<auth::AuthService>(*p.store, *p.jwt, *p.hasher, jwt, p.clock);
  p.entities = std::make_unique<entities::EntityService>(*p.store, p.clock);
  register_entity_kinds(*p.entities, *p.auth);
  p.credentials = std::make_unique<entities::DeviceCredentialsService>(*p.entities);
  p.relations = std::make_unique<entities::RelationService>(*p.entities);
  p.rule_chains = std::make_unique<entities::RuleChainMetadataService>(*p.entities);
  p.alarms = std::make_unique<entities::AlarmService>(*p.entities);
  PS_RETURN_IF_ERROR(entities::install_if_empty(*p.entities, *p.auth, {settings_.load_demo}));
  // REST RPC goes through the rule engine (the tenant's root chain sends it), as the reference.
  p.rpc_router = std::make_unique<transport::LocalDeviceRpcRouter>();
  p.waiting_rpcs = std::make_unique<WaitingRestRpcs>(p.clock);
  p.waiting_rpc_expiry =
      std::make_unique<PeriodicTask>(std::chrono::seconds(1), [&p] { p.waiting_rpcs->expire(); });
  p.rest_rpc = std::make_unique<RestRpcThroughRules>(*p.store, *p.producer, *p.waiting_rpcs,
                                                     p.clock, settings_.service_id);
  p.rule_rpc = std::make_unique<RouterRpcForRules>(*p.rpc_router, *p.waiting_rpcs);
  p.rule_engine_input = std::make_unique<QueueRuleEngineInput>(*p.producer);
  p.rest = std::make_unique<api::RestServices>(api::RestServices{
      *p.auth, *p.entities, *p.credentials, *p.relations, *p.rule_chains, *p.alarms, *p.telemetry,
      *p.rest_rpc, *p.rule_engine_input, *p.cluster_status, p.clock, settings_.rpc_default_timeout,
      settings_.rpc_min_timeout, settings_.rpc_max_timeout});
  api::register_rest_api(p.router, *p.rest);
  p.ws = std::make_unique<api::WsServices>(api::WsServices{*p.auth, *p.entities, *p.telemetry});
  api::register_telemetry_websocket(p.router, *p.ws);
  p.device_auth = std::make_unique<auth::DeviceAuth>(*p.store);
  p.device_authenticator = std::make_unique<auth::LocalDeviceAuthenticator>(*p.device_auth);
  p.device_sessions = std::make_unique<transport::LocalDeviceSessions>();
  // The cache first: a device whose session ends reconnects against what changed.
  p.entity_changes->add_listener([&p](const std::vector<entities::EntityChange>& changes) {
    forget_changed_devices(*p.device_auth, changes);
    end_sessions_of_changed_devices(*p.device_sessions, changes);
  });
  // Activity changes reach the rule engine as ACTIVITY_EVENT / INACTIVITY_EVENT.
  // Its state is per partition of the rule engine's queue, so it joins the ownership with the
  // consumer (start_rule_engine).
  p.activity = std::make_unique<telemetry::DeviceActivity>(
      *p.telemetry, *p.store, settings_.activity,
      [partitions = p.queue->partitions()](const Uuid& device) {
        return queue::partition_of(device, partitions);
      },
      [&p](const Uuid& device_id, bool active) {
        auto device = p.device_auth->device(device_id);
        if (!device || !p.device_backend) return;  // removed since, or still starting
        p.device_backend->post_event(
            *device, active ? model::msg_type::kActivityEvent : model::msg_type::kInactivityEvent);
      });
  p.activity_report =
      std::make_unique<PeriodicTask>(kActivityReportInterval, [&p] { p.activity->flush(); });
  // Devices' own RPC requests, waiting for a rule chain's reply.
  p.client_rpcs =
      std::make_unique<transport::LocalClientRpcCalls>(p.clock, settings_.client_rpc_timeout);
  p.client_rpc_expiry =
      std::make_unique<PeriodicTask>(std::chrono::seconds(1), [&p] { p.client_rpcs->expire(); });
  p.client_rpc_replies = std::make_unique<ClientRpcReplyAdapter>(*p.client_rpcs);
  return Status::ok();
}

// Chains on the queue's partitions this process owns, with the scripts, timers and outside
// connections their nodes use.
Status Server::start_rule_engine() {
  Parts& p = *parts_;
  p.scripts = std::make_unique<rule::ScriptSandbox>(settings_.scripts);
  p.node_network = std::make_unique<rule::NetworkLoop>();
  rule::register_core_nodes(p.nodes);
  p.timers = std::make_unique<rule::ThreadTimers>();
  p.engine = std::make_unique<rule::RuleEngine>(
      *p.entities, *p.rule_chains, p.nodes,
      rule::NodeServices{*p.telemetry, *p.scripts, *p.client_rpc_replies, *p.alarms, *p.entities,
                         *p.relations, p.clock, *p.node_network, *p.timers, *p.rule_rpc},
      rule::RuleEngineOptions{p.producer.get(), settings_.service_id});
  p.entity_changes->add_listener([&p](const std::vector<entities::EntityChange>& changes) {
    p.engine->on_entity_changes(changes);
  });
  p.engine->start();  // chains' own message makers (generator, message count) run from now
  p.consumer = std::make_unique<rule::QueueConsumer>(*p.queue, *p.engine, settings_.consumer);
  // A partition's device states are read back before its messages run, and handed back after.
  p.partition_listeners = std::make_unique<cluster::PartitionListeners>(
      std::initializer_list<cluster::PartitionListener*>{p.activity.get(), p.consumer.get()});
  p.ownership->join(kRuleEngineQueue, p.queue->partitions(), *p.partition_listeners);
  return Status::ok();
}

// What devices talk to: their backend (uplinks to the queue), directory and limits, and the
// HTTP, MQTT and CoAP servers. The HTTP server also serves the REST API and the web UI.
Status Server::start_transports() {
  Parts& p = *parts_;
  p.device_backend = std::make_unique<QueuedDeviceBackend>(
      *p.producer, settings_.queue_max_backlog, *p.client_rpcs, *p.telemetry, *p.activity);
  p.provisioning = std::make_unique<entities::DeviceProvisioning>(*p.entities, *p.credentials,
                                                                  *p.telemetry_stores.attributes);
  p.device_directory = std::make_unique<EntityDeviceDirectory>(*p.entities, *p.relations,
                                                               *p.provisioning, *p.device_auth);
  p.device_limits = std::make_unique<transport::LocalDeviceLimits>(settings_.limits, p.clock);
  const transport::DeviceServices devices{*p.device_authenticator,
                                          *p.device_backend,
                                          *p.device_directory,
                                          *p.device_limits,
                                          *p.rpc_router,
                                          *p.device_sessions,
                                          p.clock};
  p.http_device_api = std::make_unique<transport::HttpDeviceApi>(devices);
  p.http_device_api->register_routes(p.router);
  p.http = std::make_unique<net::HttpServer>(settings_.http, p.router);
  PS_RETURN_IF_ERROR(p.http->start());
  if (settings_.mqtt_enabled) {
    p.mqtt_api = std::make_unique<transport::mqtt::MqttDeviceApi>(devices, settings_.mqtt_device);
    p.mqtt = std::make_unique<transport::mqtt::MqttServer>(settings_.mqtt, *p.mqtt_api);
    PS_RETURN_IF_ERROR(p.mqtt->start());
  }
  if (settings_.coap_enabled) {
    p.coap = std::make_unique<transport::coap::CoapServer>(settings_.coap, devices);
    PS_RETURN_IF_ERROR(p.coap->start());
  }
  return Status::ok();
}

std::uint16_t Server::http_port() const { return parts_->http ? parts_->http->port() : 0; }

std::uint16_t Server::mqtt_port() const { return parts_->mqtt ? parts_->mqtt->port() : 0; }

std::uint16_t Server::mqtt_tls_port() const { return parts_->mqtt ? parts_->mqtt->tls_port() : 0; }

std::uint16_t Server::coap_port() const { return parts_->coap ? parts_->coap->port() : 0; }

void Server::stop() {
  if (!parts_) return;
  if (parts_->http) parts_->http->stop();
  if (parts_->mqtt) parts_->mqtt->stop();
  if (parts_->coap) parts_->coap->stop();
  // The flush reports inactivity to the device backend, which goes before it in the teardown.
  parts_->activity_report.reset();
  if (parts_->timers) parts_->timers->stop();
  if (parts_->consumer) parts_->ownership->leave(kRuleEngineQueue);
  parts_.reset();
}

}  // namespace pacificsoft::app
