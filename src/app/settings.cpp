// Configuration → Settings, with checks that name the setting.
#include "app/settings.h"

#include <unistd.h>

#include <array>
#include <filesystem>

namespace pacificsoft::app {
namespace {

// Assigns a read setting or returns its error from the enclosing function.
#define PS_READ(target, expr)                \
  do {                                       \
    auto ps_read_ = (expr);                  \
    if (!ps_read_) return ps_read_.status(); \
    (target) = std::move(*ps_read_);         \
  } while (0)

Status check_one_of(std::string_view path, const std::string& value,
                    std::initializer_list<std::string_view> allowed) {
  for (auto name : allowed) {
    if (value == name) return Status::ok();
  }
  std::string names;
  for (auto name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
  return invalid_argument("setting " + std::string(path) + ": '" + value +
                          "' is not one of: " + names);
}

std::string host_name() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "pacificsoft";
  return name.data();
}

Status read_queue_backend(const config::Config& config, Settings& settings) {
  PS_READ(settings.queue_type, config.get_string("queue.type"));
  PS_RETURN_IF_ERROR(
      check_one_of("queue.type (QUEUE_TYPE)", settings.queue_type, {"embedded", "rabbitmq"}));
  queue::rabbitmq::RabbitMqOptions& rabbitmq = settings.rabbitmq;
  PS_READ(rabbitmq.host, config.get_string("queue.rabbitmq.host"));
  PS_READ(rabbitmq.port, config.get_port("queue.rabbitmq.port"));
  PS_READ(rabbitmq.username, config.get_string("queue.rabbitmq.username"));
  PS_READ(rabbitmq.password, config.get_string("queue.rabbitmq.password"));
  PS_READ(rabbitmq.vhost, config.get_string("queue.rabbitmq.vhost"));
  rabbitmq.partitions = settings.queue.partitions;
  return Status::ok();
}

// A cluster's nodes share their queue and their databases: a node on embedded storage would
// keep what it was given to itself (CLUSTER.md).
Status read_cluster(const config::Config& config, Settings& settings) {
  PS_READ(settings.service_id, config.get_string("service.id"));
  if (settings.service_id.empty()) settings.service_id = host_name();
  PS_READ(settings.zookeeper_enabled, config.get_bool("zookeeper.enabled"));
  cluster::zookeeper::ZookeeperOptions& zookeeper = settings.zookeeper;
  PS_READ(zookeeper.hosts, config.get_string("zookeeper.url"));
  PS_READ(zookeeper.root, config.get_string("zookeeper.nodes_dir"));
  std::int64_t session_ms = 0;
  PS_READ(session_ms, config.get_int("zookeeper.session_timeout", 1000, 600'000));
  zookeeper.session_timeout = std::chrono::milliseconds(session_ms);
  zookeeper.service_id = settings.service_id;
  zookeeper.service_types = {settings.service_type};
  if (!settings.zookeeper_enabled) return Status::ok();
  if (settings.queue_type != "rabbitmq") {
    return invalid_argument(
        "setting queue.type (QUEUE_TYPE) must be rabbitmq when zookeeper.enabled "
        "(ZOOKEEPER_ENABLED) is true: a cluster's nodes share their queue");
  }
  if (settings.entities_backend != "postgres" || settings.ts_backend != "postgres") {
    return invalid_argument(
        "settings database.entities.type and database.ts.type (DATABASE_ENTITIES_TYPE, "
        "DATABASE_TS_TYPE) must be postgres when zookeeper.enabled (ZOOKEEPER_ENABLED) is true: "
        "a cluster's nodes share their databases");
  }
  return Status::ok();
}

Status read_mqtt_tls(const config::Config& config, transport::mqtt::MqttTlsOptions& tls) {
  PS_READ(tls.enabled, config.get_bool("mqtt.ssl.enabled"));
  PS_READ(tls.bind_address, config.get_string("mqtt.ssl.bind_address"));
  PS_READ(tls.port, config.get_port("mqtt.ssl.bind_port"));
  PS_READ(tls.certificate_file, config.get_string("mqtt.ssl.cert_file"));
  PS_READ(tls.private_key_file, config.get_string("mqtt.ssl.key_file"));
  PS_READ(tls.key_password, config.get_string("mqtt.ssl.key_password"));
  PS_READ(tls.client_ca_file, config.get_string("mqtt.ssl.client_ca_file"));
  if (tls.enabled && (tls.certificate_file.empty() || tls.private_key_file.empty())) {
    return invalid_argument(
        "settings mqtt.ssl.cert_file and key_file (MQTT_SSL_PEM_CERT, MQTT_SSL_PEM_KEY) are "
        "required when mqtt.ssl.enabled is true");
  }
  return Status::ok();
}

Result<transport::RateLimit> read_rate_limit(const config::Config& config, std::string_view path) {
  auto text = config.get_string(path);
  if (!text) return text.status();
  auto limit = transport::RateLimit::parse(*text);
  if (!limit)
    return invalid_argument("setting " + std::string(path) + ": " + limit.status().message());
  return limit;
}

Status read_limits(const config::Config& config, transport::DeviceLimitOptions& limits) {
  PS_READ(limits.device_messages, read_rate_limit(config, "limits.device_messages"));
  PS_READ(limits.tenant_messages, read_rate_limit(config, "limits.tenant_messages"));
  PS_READ(limits.tenant_connections, config.get_int("limits.tenant_connections", 0, 1LL << 40));
  return Status::ok();
}

Status read_scripts(const config::Config& config, rule::ScriptOptions& scripts) {
  std::int64_t value = 0;
  PS_READ(value, config.get_int("rule.script.workers", 1, 64));
  scripts.workers = static_cast<int>(value);
  PS_READ(value, config.get_int("rule.script.timeout_ms", 10, 600000));
  scripts.timeout = std::chrono::milliseconds(value);
  PS_READ(value, config.get_int("rule.script.memory_bytes", 1 << 20, 1LL << 32));
  scripts.memory_bytes = static_cast<std::size_t>(value);
  std::error_code error;
  const auto binary = std::filesystem::read_symlink("/proc/self/exe", error);
  scripts.worker_path =
      (error ? std::filesystem::path(".") : binary.parent_path()) / "pacificsoft-script";
  return Status::ok();
}

Status read_mqtt(const config::Config& config, Settings& settings) {
  auto& mqtt = settings.mqtt;
  PS_READ(settings.mqtt_enabled, config.get_bool("mqtt.enabled"));
  PS_READ(mqtt.bind_address, config.get_string("mqtt.bind_address"));
  PS_READ(mqtt.port, config.get_port("mqtt.bind_port"));
  std::int64_t value = 0;
  PS_READ(value, config.get_int("mqtt.threads", 1, 64));
  mqtt.io_threads = static_cast<int>(value);
  PS_READ(value, config.get_int("mqtt.max_payload_size", 1024, 256LL << 20));
  settings.mqtt_device.max_payload_size = static_cast<std::uint32_t>(value);
  // Room for the fixed header, topic and properties around the largest payload.
  constexpr std::uint32_t kPacketOverhead = 1024;
  mqtt.max_packet_size = settings.mqtt_device.max_payload_size + kPacketOverhead;
  PS_READ(value, config.get_int("mqtt.max_inflight", 1, 65535));
  mqtt.max_inflight = static_cast<std::uint16_t>(value);
  settings.mqtt_device.max_inflight = mqtt.max_inflight;
  return read_mqtt_tls(config, mqtt.tls);
}

}  // namespace

Result<Settings> read_settings(const config::Config& config) {
  Settings settings;
  PS_READ(settings.service_type, config.get_string("service.type"));
  PS_RETURN_IF_ERROR(
      check_one_of("service.type (SERVICE_TYPE)", settings.service_type, {"monolith"}));
  PS_READ(settings.http.bind_address, config.get_string("http.bind_address"));
  PS_READ(settings.http.port, config.get_port("http.bind_port"));
  std::int64_t threads = 0;
  PS_READ(threads, config.get_int("http.threads", 1, 64));
  settings.http.io_threads = static_cast<int>(threads);
  std::int64_t max_body = 0;
  PS_READ(max_body, config.get_int("http.max_body_bytes", 1024, 1LL << 30));
  settings.http.max_body_bytes = static_cast<std::size_t>(max_body);
  PS_READ(settings.http.static_dir, config.get_string("http.ui_dir"));
  PS_RETURN_IF_ERROR(read_mqtt(config, settings));
  PS_RETURN_IF_ERROR(read_limits(config, settings.limits));
  std::int64_t partitions = 0;
  PS_READ(partitions, config.get_int("queue.partitions", 1, 1024));
  settings.queue.partitions = static_cast<std::uint32_t>(partitions);
  std::int64_t backlog = 0;
  PS_READ(backlog, config.get_int("queue.max_backlog", 0, 1LL << 40));
  settings.queue_max_backlog = static_cast<std::uint64_t>(backlog);
  std::int64_t window = 0;
  PS_READ(window, config.get_int("queue.consumer_window", 1, 1 << 20));
  settings.consumer.window = static_cast<std::size_t>(window);
  std::int64_t tenant_in_flight = 0;
  PS_READ(tenant_in_flight, config.get_int("queue.tenant_in_flight", 1, 1 << 20));
  settings.consumer.tenant_in_flight = static_cast<std::size_t>(tenant_in_flight);
  PS_RETURN_IF_ERROR(read_scripts(config, settings.scripts));
  PS_READ(settings.coap_enabled, config.get_bool("coap.enabled"));
  PS_READ(settings.coap.bind_address, config.get_string("coap.bind_address"));
  PS_READ(settings.coap.port, config.get_port("coap.bind_port"));
  std::int64_t inactivity_s = 0;
  PS_READ(inactivity_s, config.get_int("state.default_inactivity_timeout", 1, 365LL * 24 * 3600));
  settings.activity.inactivity_timeout = std::chrono::seconds(inactivity_s);
  std::int64_t rpc_ms = 0;
  PS_READ(rpc_ms, config.get_int("rpc.default_timeout", 1, 24LL * 3600 * 1000));
  settings.rpc_default_timeout = std::chrono::milliseconds(rpc_ms);
  PS_READ(rpc_ms, config.get_int("rpc.min_timeout", 1, 24LL * 3600 * 1000));
  settings.rpc_min_timeout = std::chrono::milliseconds(rpc_ms);
  PS_READ(rpc_ms, config.get_int("rpc.max_timeout", 1, 24LL * 3600 * 1000));
  settings.rpc_max_timeout = std::chrono::milliseconds(rpc_ms);
  if (settings.rpc_max_timeout < settings.rpc_min_timeout ||
      settings.rpc_max_timeout < settings.rpc_default_timeout) {
    return invalid_argument(
        "setting rpc.max_timeout (SERVER_SIDE_RPC_MAX_TIMEOUT) is less than rpc.min_timeout or "
        "rpc.default_timeout");
  }
  PS_READ(rpc_ms, config.get_int("rpc.client_side_timeout", 1, 24LL * 3600 * 1000));
  settings.client_rpc_timeout = std::chrono::milliseconds(rpc_ms);
  PS_READ(settings.data_dir, config.get_string("data.dir"));
  if (settings.data_dir.empty()) return invalid_argument("setting data.dir is empty");
  PS_READ(settings.entities_backend, config.get_string("database.entities.type"));
  PS_RETURN_IF_ERROR(check_one_of("database.entities.type (DATABASE_ENTITIES_TYPE)",
                                  settings.entities_backend, {"sqlite", "postgres"}));
  PS_READ(settings.postgres_url, config.get_string("database.postgres.url"));
  std::int64_t pool_size = 0;
  PS_READ(pool_size, config.get_int("database.postgres.pool_size", 1, 1000));
  settings.postgres_pool_size = static_cast<int>(pool_size);
  PS_READ(settings.ts_backend, config.get_string("database.ts.type"));
  PS_RETURN_IF_ERROR(check_one_of("database.ts.type (DATABASE_TS_TYPE)", settings.ts_backend,
                                  {"sqlite", "postgres"}));
  PS_READ(settings.postgres_ts_retention_days,
          config.get_int("database.postgres.ts_retention_days", 0, 1'000'000));
  std::int64_t commit_ms = 0;
  PS_READ(commit_ms, config.get_int("database.ts.commit_interval_ms", 0, 60'000));
  settings.ts_commit_interval = std::chrono::milliseconds(commit_ms);
  PS_READ(settings.telemetry.max_intervals,
          config.get_int("database.ts_max_intervals", 1, 10'000'000));
  PS_READ(settings.log_level, config.get_string("log.level"));
  PS_READ(settings.jwt.signing_key, config.get_string("security.jwt.token_signing_key"));
  PS_READ(settings.jwt.issuer, config.get_string("security.jwt.token_issuer"));
  constexpr std::int64_t kTenYears = 10LL * 365 * 24 * 3600;
  PS_READ(settings.jwt.access_ttl_s,
          config.get_int("security.jwt.token_expiration_time", 1, kTenYears));
  PS_READ(settings.jwt.refresh_ttl_s,
          config.get_int("security.jwt.refresh_token_expiration_time", 1, kTenYears));
  std::int64_t cost = 0;
  PS_READ(cost, config.get_int("security.password_bcrypt_cost", 4, 31));
  settings.bcrypt_cost = static_cast<int>(cost);
  PS_READ(settings.load_demo, config.get_bool("install.load_demo"));
  PS_RETURN_IF_ERROR(read_queue_backend(config, settings));
  PS_RETURN_IF_ERROR(read_cluster(config, settings));
  return settings;
}

}  // namespace pacificsoft::app
