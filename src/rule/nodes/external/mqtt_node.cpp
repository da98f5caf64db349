// mqtt.TbMqttNode: publishes the message data to an external MQTT broker at QoS 1, on
// topicPattern (${metadata} / $[data] substituted); Success at the broker's PUBACK, Failure with
// the reason when the broker cannot be reached, refuses the connection or does not acknowledge.
// One connection per node (MqttPublisher), opened on first use and again after a failure.
#include "common/uuid.h"
#include "rule/network_loop.h"
#include "rule/nodes/external/external_nodes.h"
#include "rule/nodes/external/mqtt_publisher.h"
#include "rule/nodes/node_support.h"

namespace pacificsoft::rule {
namespace {

class MqttNode final : public RuleNode {
 public:
  MqttNode(std::shared_ptr<MqttPublisher> publisher, std::string topic_pattern, bool retain,
           bool plain_text)
      : publisher_(std::move(publisher)),
        topic_pattern_(std::move(topic_pattern)),
        retain_(retain),
        plain_text_(plain_text) {}
  ~MqttNode() override { publisher_->close(); }
  MqttNode(const MqttNode&) = delete;
  MqttNode& operator=(const MqttNode&) = delete;

  void on_msg(model::Msg msg, NodeDone done) override {
    std::string topic = process_pattern(topic_pattern_, msg);
    std::string payload = plain_text_ ? plain(msg.data) : msg.data;
    publisher_->publish(
        std::move(topic), std::move(payload), retain_,
        [msg = std::move(msg), done = std::move(done)](const Status& status) mutable {
          done(status ? NodeResult::on(kSuccess, std::move(msg))
                      : NodeResult::failure(std::move(msg), status.message()));
        });
  }

 private:
  // parseToPlainText: data that is a JSON string is sent as its text, without the quotes.
  static std::string plain(const std::string& data) {
    auto value = json::parse(data);
    return value && value->is_string() ? std::string(value->as_string()) : data;
  }

  std::shared_ptr<MqttPublisher> publisher_;
  std::string topic_pattern_;
  bool retain_;
  bool plain_text_;
};

}  // namespace

Result<std::unique_ptr<RuleNode>> make_mqtt_node(const bj::object& configuration,
                                                 NodeServices& services) {
  auto topic = json::get_string(configuration, "topicPattern");
  if (!topic || topic->empty()) return invalid_argument("'topicPattern' is required");
  MqttPublisherOptions options;
  options.host = std::string(json::get_string(configuration, "host").value_or(""));
  if (options.host.empty()) return invalid_argument("'host' is required");
  const auto port = json::get_int(configuration, "port").value_or(1883);
  if (port <= 0 || port > 65535) return invalid_argument("'port' must be 1 to 65535");
  options.port = static_cast<std::uint16_t>(port);
  if (json::get_bool(configuration, "ssl").value_or(false)) {
    return invalid_argument("MQTT node: TLS to the broker ('ssl') is not supported yet");
  }
  options.client_id = std::string(json::get_string(configuration, "clientId").value_or(""));
  // The reference names an anonymous client itself; appendClientIdSuffix keeps ids of several
  // servers apart.
  const auto suffix = Uuid::random().to_string().substr(0, 8);
  if (options.client_id.empty()) {
    options.client_id = "pacificsoft-" + suffix;
  } else if (json::get_bool(configuration, "appendClientIdSuffix").value_or(false)) {
    options.client_id += "_" + suffix;
  }
  options.clean_session = json::get_bool(configuration, "cleanSession").value_or(true);
  const auto timeout = json::get_int(configuration, "connectTimeoutSec").value_or(10);
  options.connect_timeout = std::chrono::seconds(std::clamp<std::int64_t>(timeout, 1, 200));
  if (const auto* credentials = json::get_object(configuration, "credentials")) {
    auto type = json::get_string(*credentials, "type").value_or("anonymous");
    if (type == "basic") {
      options.username = std::string(json::get_string(*credentials, "username").value_or(""));
      if (auto password = json::get_string(*credentials, "password")) {
        options.password = std::string(*password);
      }
    } else if (type != "anonymous") {
      return invalid_argument("MQTT node credentials must be anonymous or basic");
    }
  }
  return std::unique_ptr<RuleNode>(std::make_unique<MqttNode>(
      MqttPublisher::create(services.network.context(), std::move(options)), std::string(*topic),
      json::get_bool(configuration, "retainedMessage").value_or(false),
      json::get_bool(configuration, "parseToPlainText").value_or(false)));
}

}  // namespace pacificsoft::rule
