// Parses mqtt_load's command line: --name value pairs, all optional.
#include "options.h"

#include <charconv>
#include <cstdio>
#include <functional>
#include <map>
#include <string_view>

namespace pacificsoft::tools::mqtt_load {
namespace {

constexpr const char* kUsage = R"(mqtt_load: simulated MQTT devices against one broker.

  --host H            broker address (127.0.0.1)
  --port P            broker port (1883)
  --devices N         connections from this process (100); keep under the fd limit
  --first-index I     first device index (0): token = prefix + index, or line of --tokens-file
  --token-prefix S    access token prefix (bench-token-)
  --tokens-file F     one access token a line
  --mode publish|hold publish telemetry, or connect all and idle (publish)
  --qos 0|1           QoS of the publishes (1)
  --protocol 4|5      MQTT 3.1.1 or 5 (4)
  --rate R            messages/s per device; 0 = as fast as the window allows (0)
  --window W          in-flight messages per device (8)
  --warmup S          seconds published before measuring (2)
  --duration S        seconds measured; in hold mode seconds held, 0 = until SIGINT (20)
  --threads T         event-loop threads (1)
  --connect-parallel C  CONNECTs in progress at once (200)
  --keep-alive S      MQTT keep-alive (60)
  --plain-payload     {5 keys} at server time instead of {"ts":...,"values":{5 keys}}
  --topic T           (v1/devices/me/telemetry)

Prints progress to stderr and one RESULT line of key=value pairs to stdout.
)";

template <typename T>
bool parse_number(std::string_view text, T& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

std::optional<LoadOptions> parse_options(int argc, char** argv, int& exit_code) {
  LoadOptions options;
  auto number = [](auto& field) {
    return [&field](std::string_view value) { return parse_number(value, field); };
  };
  const std::map<std::string_view, std::function<bool(std::string_view)>> valued = {
      {"--host", [&](std::string_view v) { return options.host.assign(v), !v.empty(); }},
      {"--port", number(options.port)},
      {"--devices", number(options.devices)},
      {"--first-index", number(options.first_index)},
      {"--token-prefix", [&](std::string_view v) { return options.token_prefix.assign(v), true; }},
      {"--tokens-file", [&](std::string_view v) { return options.tokens_file.assign(v), true; }},
      {"--mode",
       [&](std::string_view v) {
         options.mode = v == "hold" ? Mode::kHold : Mode::kPublish;
         return v == "hold" || v == "publish";
       }},
      {"--qos", number(options.qos)},
      {"--protocol", number(options.protocol)},
      {"--rate", number(options.rate)},
      {"--window", number(options.window)},
      {"--warmup", number(options.warmup_s)},
      {"--duration", number(options.duration_s)},
      {"--threads", number(options.threads)},
      {"--connect-parallel", number(options.connect_parallel)},
      {"--keep-alive", number(options.keep_alive_s)},
      {"--topic", [&](std::string_view v) { return options.topic.assign(v), !v.empty(); }},
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view name = argv[i];
    if (name == "--help" || name == "-h") {
      std::fputs(kUsage, stdout);
      exit_code = 0;
      return std::nullopt;
    }
    if (name == "--plain-payload") {
      options.explicit_ts = false;
      continue;
    }
    auto found = valued.find(name);
    if (found == valued.end() || i + 1 == argc || !found->second(argv[i + 1])) {
      std::fprintf(stderr, "mqtt_load: bad or incomplete option %s (see --help)\n", argv[i]);
      exit_code = 2;
      return std::nullopt;
    }
    ++i;
  }
  const bool valid = options.devices > 0 && options.first_index >= 0 &&
                     (options.qos == 0 || options.qos == 1) &&
                     (options.protocol == 4 || options.protocol == 5) && options.rate >= 0 &&
                     options.window > 0 && options.window < 30000 && options.threads > 0 &&
                     options.connect_parallel > 0 && options.keep_alive_s > 1;
  if (!valid) {
    std::fprintf(stderr, "mqtt_load: an option is out of range (see --help)\n");
    exit_code = 2;
    return std::nullopt;
  }
  return options;
}

}  // namespace pacificsoft::tools::mqtt_load
