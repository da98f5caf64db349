// ws_latency: the publish-to-WebSocket subscriber of `make bench`. Subscribes over the telemetry
// WebSocket (the reference's tsSubCmds) to key "tx" of some devices and measures, per update,
// the receive time minus the "tx" value: mqtt_load's send time in microseconds since the epoch.
// Written in C++ so the subscriber adds little of its own to the tail it measures; the Python
// one it replaces spent about 2 ms of the p99 in its own interpreter (BENCHMARKS.md).
//
// Usage: ws_latency --port P --token JWT DEVICE_ID...
// Prints "READY" once subscribed. Lines on stdin: "start" begins recording, "stop" prints
// "RESULT updates=N p50_ms=.. p99_ms=.. max_ms=.." and exits.
#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "latency/percentiles.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;
using tcp = asio::ip::tcp;

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  std::string token;
  std::vector<std::string> devices;
};

bool parse_options(int argc, char** argv, Options& options) {
  const std::map<std::string_view, std::string*> valued = {
      {"--host", &options.host}, {"--port", &options.port}, {"--token", &options.token}};
  for (int i = 1; i < argc; ++i) {
    const auto option = valued.find(argv[i]);
    if (option == valued.end()) {
      options.devices.emplace_back(argv[i]);
    } else if (i + 1 < argc) {
      *option->second = argv[++i];
    } else {
      return false;
    }
  }
  return !options.port.empty() && !options.token.empty() && !options.devices.empty();
}

std::int64_t now_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string subscribe_command(const std::vector<std::string>& devices) {
  json::array commands;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    commands.push_back({{"cmdId", static_cast<std::int64_t>(i + 1)},
                        {"entityType", "DEVICE"},
                        {"entityId", devices[i]},
                        {"keys", "tx"},
                        {"scope", "LATEST_TELEMETRY"}});
  }
  return json::serialize(json::object{{"tsSubCmds", commands}});
}

// The publisher's send time in a value of "tx": a string, as the reference sends values.
std::optional<std::int64_t> send_time(const json::value& value) {
  if (!value.is_string()) return std::nullopt;
  const json::string& text = value.as_string();
  std::int64_t sent = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), sent);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return sent;
}

// Each [ts, value] of "tx" in an update.
void collect(std::string_view frame, std::int64_t received_us, std::vector<std::uint32_t>& out) {
  boost::system::error_code error;
  json::value update = json::parse(frame, error);
  if (error || !update.is_object()) return;
  const json::value* data = update.as_object().if_contains("data");
  if (data == nullptr || !data->is_object()) return;
  const json::value* points = data->as_object().if_contains("tx");
  if (points == nullptr || !points->is_array()) return;
  for (const json::value& point : points->as_array()) {
    if (!point.is_array() || point.as_array().size() < 2) continue;
    if (auto sent = send_time(point.as_array()[1])) {
      out.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(received_us - *sent, 0)));
    }
  }
}

void print_result(std::vector<std::uint32_t>& samples_us) {
  const pacificsoft::tools::Percentiles p = pacificsoft::tools::percentiles(samples_us);
  std::printf("RESULT updates=%zu p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
              samples_us.size(), p.p50_ms, p.p90_ms, p.p99_ms, p.max_ms);
  std::fflush(stdout);
}

class Subscriber {
 public:
  Subscriber(asio::io_context& io, const Options& options) : ws_(io), options_(options) {}

  void open() {
    tcp::resolver resolver(ws_.get_executor());
    asio::connect(ws_.next_layer(), resolver.resolve(options_.host, options_.port));
    ws_.handshake(options_.host + ":" + options_.port,
                  "/api/ws/plugins/telemetry?token=" + options_.token);
    ws_.write(asio::buffer(subscribe_command(options_.devices)));
  }

  void read_next() {
    ws_.async_read(buffer_, [this](beast::error_code error, std::size_t) {
      if (error) return;  // closed by stop(), or by the server
      const std::int64_t received = now_us();
      if (recording_) collect(beast::buffers_to_string(buffer_.data()), received, samples_);
      buffer_.consume(buffer_.size());
      read_next();
    });
  }

  void start_recording() { recording_ = true; }
  void stop() {
    beast::error_code ignored;
    ws_.next_layer().close(ignored);
  }
  std::vector<std::uint32_t>& samples() { return samples_; }

 private:
  beast::websocket::stream<tcp::socket> ws_;
  const Options& options_;
  beast::flat_buffer buffer_;
  bool recording_ = false;  // io thread only
  std::vector<std::uint32_t> samples_;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::fprintf(stderr, "usage: ws_latency --port P --token JWT [--host H] DEVICE_ID...\n");
    return 2;
  }
  asio::io_context io;
  Subscriber subscriber(io, options);
  try {
    subscriber.open();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "ws_latency: %s\n", error.what());
    return 1;
  }
  std::printf("READY\n");
  std::fflush(stdout);
  subscriber.read_next();
  std::thread commands([&] {
    std::string line;
    while (std::getline(std::cin, line) && line != "stop") {
      if (line == "start") asio::post(io, [&] { subscriber.start_recording(); });
    }
    asio::post(io, [&] { subscriber.stop(); });
  });
  io.run();
  commands.join();
  print_result(subscriber.samples());
  return 0;
}
