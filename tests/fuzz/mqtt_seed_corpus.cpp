// Writes the MQTT fuzzer's seed corpus: one file per packet type and version, made by the
// encoder (3.1.1 drops the properties and reasons), into the directory named by the argument.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "mqtt/mqtt_codec.h"

namespace mqtt = pacificsoft::transport::mqtt;

namespace {

mqtt::Properties sample_properties() {
  mqtt::Properties properties;
  properties.message_expiry_interval = 60;
  properties.content_type = "application/json";
  properties.response_topic = "reply/1";
  properties.correlation_data = "id";
  properties.subscription_identifiers = {7};
  properties.user_properties = {{"k", "v"}};
  return properties;
}

std::vector<mqtt::Packet> sample_packets(mqtt::ProtocolVersion version) {
  using mqtt::PacketType;
  using mqtt::Reason;
  const bool v5 = version == mqtt::ProtocolVersion::kV5;
  mqtt::Properties will_properties;
  if (v5) {
    will_properties = sample_properties();
    will_properties.subscription_identifiers.clear();  // a will has none
  }
  mqtt::Properties session;
  if (v5) session.session_expiry_interval = 30;
  mqtt::Properties reason_only;
  if (v5) reason_only.reason_string = "why";
  const mqtt::Will will{"will/topic", "bye", 1, true, will_properties};
  return {
      mqtt::Connect{version, true, 60, "client", "user", "password", will, session},
      mqtt::Connack{true, Reason::kSuccess, session},
      mqtt::Publish{false, 1, true, "a/b", 1, sample_properties(), "{\"t\":21.5}"},
      mqtt::PublishResponse{PacketType::kPuback, 1, Reason::kSuccess, {}},
      mqtt::PublishResponse{PacketType::kPubrec, 2, Reason::kQuotaExceeded, reason_only},
      mqtt::PublishResponse{PacketType::kPubrel, 3, Reason::kSuccess, {}},
      mqtt::PublishResponse{PacketType::kPubcomp, 4, Reason::kSuccess, {}},
      mqtt::Subscribe{
          5, {}, {{"a/+", 1, v5, v5, static_cast<std::uint8_t>(v5 ? 1 : 0)}, {"b/#", 2}}},
      mqtt::Suback{5, reason_only, {Reason::kGrantedQos1, Reason::kUnspecifiedError}},
      mqtt::Unsubscribe{6, {}, {"a/+", "b/#"}},
      mqtt::Unsuback{6, reason_only, {Reason::kSuccess}},
      mqtt::Pingreq{},
      mqtt::Pingresp{},
      mqtt::Disconnect{Reason::kServerShuttingDown, session},
      mqtt::Auth{static_cast<Reason>(0x18), reason_only},
  };
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::string directory = argv[1];
  for (auto version : {mqtt::ProtocolVersion::kV3_1_1, mqtt::ProtocolVersion::kV5}) {
    int index = 0;
    for (const mqtt::Packet& packet : sample_packets(version)) {
      std::string frame;
      if (!mqtt::encode_packet(packet, version, frame)) return 1;  // a sample too large: a bug
      const std::string name = directory + "/seed_v" + std::to_string(static_cast<int>(version)) +
                               "_" + std::to_string(index++);
      std::ofstream(name, std::ios::binary) << frame;
    }
  }
  return 0;
}
