// The process's settings, read from the configuration into each component's options. The one
// place that knows both the YAML layout and the components.
#pragma once

#include <string>

#include "auth/jwt_codec.h"
#include "cluster/zookeeper/zookeeper_cluster.h"
#include "common/status.h"
#include "config/config.h"
#include "net/http_server.h"
#include "queue/log/log_queue.h"
#include "queue/rabbitmq/rabbitmq_queue.h"
#include "rule/queue_consumer.h"
#include "rule/script/script_sandbox.h"
#include "telemetry/device_activity.h"
#include "telemetry/telemetry_service.h"
#include "transport/coap/coap_server.h"
#include "transport/device_limits.h"
#include "transport/mqtt/mqtt_device_api.h"
#include "transport/mqtt/mqtt_server.h"

namespace pacificsoft::app {

struct Settings {
  std::string service_type;
  net::HttpServerOptions http;
  bool mqtt_enabled = true;
  transport::mqtt::MqttServerOptions mqtt;
  transport::mqtt::MqttDeviceOptions mqtt_device;
  bool coap_enabled = true;
  transport::coap::CoapServerOptions coap;
  telemetry::DeviceActivityOptions activity;
  transport::DeviceLimitOptions limits;
  std::string service_id;  // the host name unless set
  bool zookeeper_enabled = false;
  cluster::zookeeper::ZookeeperOptions zookeeper;  // service_id and timeouts filled in
  std::string queue_type;                          // embedded or rabbitmq
  queue::log::LogQueueOptions queue;
  queue::rabbitmq::RabbitMqOptions rabbitmq;  // partitions: queue.partitions
  std::uint64_t queue_max_backlog = 1000000;
  rule::QueueConsumerOptions consumer;
  rule::ScriptOptions scripts;  // worker_path: next to the running binary
  std::chrono::milliseconds rpc_default_timeout{10000};
  std::chrono::milliseconds rpc_min_timeout{5000};
  std::chrono::milliseconds rpc_max_timeout{3600000};
  std::chrono::milliseconds client_rpc_timeout{60000};
  std::string data_dir;
  std::string entities_backend;
  std::string ts_backend;
  std::string postgres_url;
  int postgres_pool_size = 4;
  std::int64_t postgres_ts_retention_days = 0;      // 0: monthly partitions are never dropped
  std::chrono::milliseconds ts_commit_interval{0};  // the time-series writer's commit spacing
  telemetry::TelemetryOptions telemetry;
  std::string log_level;
  auth::JwtOptions jwt;  // signing_key may be empty: generated on first start
  int bcrypt_cost = 10;
  bool load_demo = true;
};

// Reads and checks every setting; the first bad one is the error.
Result<Settings> read_settings(const config::Config& config);

}  // namespace pacificsoft::app
