// Command-line options of mqtt_load, the MQTT device load generator, and their parser.
// Every option is documented here and in the --help text (options.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pacificsoft::tools::mqtt_load {

enum class Mode : std::uint8_t {
  kPublish,  // publish telemetry, report acknowledged messages per second and ack latency
  kHold,     // connect every device, then idle (answering keep-alive) for memory measurements
};

struct LoadOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 1883;
  int devices = 100;
  // Device i uses the token token_prefix + (first_index + i), or line first_index + i of
  // tokens_file when one is given; several processes split a large fleet by first_index.
  int first_index = 0;
  std::string token_prefix = "bench-token-";
  std::string tokens_file;
  Mode mode = Mode::kPublish;
  int qos = 1;
  int protocol = 4;  // protocol level: 4 = MQTT 3.1.1, 5 = MQTT 5
  // Messages per second per device; 0 = as fast as the window of in-flight messages allows.
  double rate = 0;
  int window = 8;       // unacknowledged QoS 1 messages per device (QoS 0: queued, unsent messages)
  double warmup_s = 2;  // publish mode: published but not measured
  double duration_s = 20;  // publish mode: measured; hold mode: how long to hold (0 = until signal)
  int threads = 1;         // event-loop threads
  int connect_parallel = 200;  // CONNECTs in progress at once
  int keep_alive_s = 60;
  // Payload {"ts":...,"values":{5 keys}} with a distinct ts per message of a device, so every
  // acknowledged message is one stored row; false: the plain {5 keys} form (server receive time).
  bool explicit_ts = true;
  std::string topic = "v1/devices/me/telemetry";
};

// Parses argv. On --help or a bad option prints to stdout/stderr and returns nullopt with the
// exit code to use in exit_code.
std::optional<LoadOptions> parse_options(int argc, char** argv, int& exit_code);

}  // namespace pacificsoft::tools::mqtt_load
