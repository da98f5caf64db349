// mqtt_load: N simulated MQTT devices from one process (see options.cpp for the options).
// Publish mode connects every device, publishes for warmup + duration seconds and prints the
// acknowledged messages per second and the PUBACK latency percentiles of the measured window;
// hold mode connects every device and idles, answering keep-alive, until the duration ends or a
// signal arrives. The last stdout line is "RESULT key=value ...", for scripts.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "device_client.h"
#include "latency/percentiles.h"
#include "load_stats.h"
#include "options.h"

namespace pacificsoft::tools::mqtt_load {
namespace {

namespace asio = boost::asio;
using std::chrono::duration;
using std::chrono::milliseconds;

using Work = asio::executor_work_guard<asio::io_context::executor_type>;

double seconds_since(Clock::time_point start) {
  return duration<double>(Clock::now() - start).count();
}

std::vector<std::string> load_tokens(const LoadOptions& options) {
  std::vector<std::string> tokens;
  if (!options.tokens_file.empty()) {
    std::ifstream file(options.tokens_file);
    std::string line;
    for (int index = 0; std::getline(file, line); ++index) {
      if (index >= options.first_index) tokens.push_back(line);
      if (static_cast<int>(tokens.size()) == options.devices) break;
    }
    return tokens;
  }
  for (int i = 0; i < options.devices; ++i) {
    tokens.push_back(options.token_prefix + std::to_string(options.first_index + i));
  }
  return tokens;
}

class LoadRun {
 public:
  explicit LoadRun(const LoadOptions& options) : options_(options) {}

  int run() {
    const std::vector<std::string> tokens = load_tokens(options_);
    if (static_cast<int>(tokens.size()) < options_.devices) {
      std::fprintf(stderr, "mqtt_load: %s has fewer than %d tokens from line %d\n",
                   options_.tokens_file.c_str(), options_.devices, options_.first_index);
      return 2;
    }
    boost::system::error_code error;
    const auto address = asio::ip::make_address(options_.host, error);
    if (error) {
      std::fprintf(stderr, "mqtt_load: --host must be an IP address: %s\n", options_.host.c_str());
      return 2;
    }
    start_loops({address, options_.port});
    for (int i = 0; i < options_.devices; ++i) {
      const auto loop = static_cast<std::size_t>(i % options_.threads);
      clients_.push_back(std::make_shared<DeviceClient>(*ios_[loop], *contexts_[loop], tokens[i],
                                                        options_.first_index + i));
    }
    connect_all();
    if (progress_.connected == 0) {
      std::printf("RESULT mode=error devices=%d connected=0 failed=%d\n", options_.devices,
                  progress_.failed.load());
      stop_all();
      return 1;
    }
    if (options_.mode == Mode::kHold) {
      hold();
    } else {
      publish();
    }
    stop_all();
    report();
    return 0;
  }

 private:
  void start_loops(const asio::ip::tcp::endpoint& endpoint) {
    const auto base_ts = std::chrono::duration_cast<milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    for (int t = 0; t < options_.threads; ++t) {
      ios_.push_back(std::make_unique<asio::io_context>(1));
      works_.emplace_back(ios_.back()->get_executor());
      contexts_.push_back(std::make_unique<LoopContext>(
          LoopContext{options_, endpoint, schedule_, progress_, base_ts, {}}));
    }
    signals_ = std::make_unique<asio::signal_set>(*ios_[0], SIGINT, SIGTERM);
    signals_->async_wait([this](const boost::system::error_code& error, int /*signal*/) {
      if (!error) interrupted_ = true;
    });
    for (auto& io : ios_) threads_.emplace_back([&io] { io->run(); });
  }

  void connect_all() {
    const Clock::time_point start = Clock::now();
    for (auto& client : clients_) {
      while (progress_.connecting >= options_.connect_parallel && !interrupted_) {
        std::this_thread::sleep_for(milliseconds(1));
      }
      client->connect_later();
    }
    const double limit_s = 30 + options_.devices / 200.0;
    while (progress_.connected + progress_.failed < options_.devices && !interrupted_ &&
           seconds_since(start) < limit_s) {
      std::this_thread::sleep_for(milliseconds(5));
    }
    std::fprintf(stderr, "mqtt_load: %d connected, %d failed in %.2f s\n",
                 progress_.connected.load(), progress_.failed.load(), seconds_since(start));
  }

  void hold() {
    std::printf("HOLD connected=%d failed=%d\n", progress_.connected.load(),
                progress_.failed.load());
    std::fflush(stdout);
    const Clock::time_point start = Clock::now();
    Clock::time_point last_ping = start;
    const auto ping_every = duration<double>(options_.keep_alive_s / 2.0);
    while (!interrupted_ &&
           (options_.duration_s <= 0 || seconds_since(start) < options_.duration_s)) {
      std::this_thread::sleep_for(milliseconds(100));
      if (Clock::now() - last_ping >= ping_every) {
        last_ping = Clock::now();
        for (auto& client : clients_) client->ping_later();
      }
    }
  }

  void publish() {
    const Clock::time_point start = Clock::now();
    schedule_.measure_start =
        start + std::chrono::duration_cast<Clock::duration>(duration<double>(options_.warmup_s));
    schedule_.measure_end = schedule_.measure_start + std::chrono::duration_cast<Clock::duration>(
                                                          duration<double>(options_.duration_s));
    for (auto& client : clients_) client->start_later();
    while (Clock::now() < schedule_.measure_end && !interrupted_) {
      std::this_thread::sleep_for(milliseconds(20));
    }
    // Unacknowledged messages get 10 s to be acknowledged before the connections close.
    const Clock::time_point drain = Clock::now();
    while (progress_.in_flight > 0 && seconds_since(drain) < 10 && !interrupted_) {
      std::this_thread::sleep_for(milliseconds(5));
    }
  }

  void stop_all() {
    for (auto& client : clients_) client->stop_later();
    std::this_thread::sleep_for(milliseconds(300));
    signals_->cancel();
    for (auto& work : works_) work.reset();
    for (auto& io : ios_) io->stop();
    for (auto& thread : threads_) thread.join();
  }

  void report() {
    LoadStats total;
    for (auto& context : contexts_) total.merge(context->stats);
    const Percentiles p = percentiles(total.latency_us);
    const bool qos0 = options_.qos == 0;
    const double measured =
        qos0 ? static_cast<double>(total.sent_measured) : static_cast<double>(total.acked_measured);
    std::printf(
        "RESULT mode=%s devices=%d connected=%d failed=%d closed=%d qos=%d sent=%llu acked=%llu "
        "refused=%llu skipped=%llu unacked=%lld seconds=%.1f rate=%.0f p50_ms=%.2f p90_ms=%.2f "
        "p99_ms=%.2f max_ms=%.2f\n",
        options_.mode == Mode::kHold ? "hold" : "publish", options_.devices,
        progress_.connected.load(), progress_.failed.load(), progress_.closed.load(), options_.qos,
        static_cast<unsigned long long>(total.sent), static_cast<unsigned long long>(total.acked),
        static_cast<unsigned long long>(total.refused),
        static_cast<unsigned long long>(total.skipped),
        static_cast<long long>(progress_.in_flight.load()), options_.duration_s,
        options_.mode == Mode::kHold ? 0.0 : measured / options_.duration_s, p.p50_ms, p.p90_ms,
        p.p99_ms, p.max_ms);
  }

  const LoadOptions& options_;
  Schedule schedule_;
  Progress progress_;
  std::atomic<bool> interrupted_{false};
  std::vector<std::unique_ptr<asio::io_context>> ios_;
  std::vector<Work> works_;
  std::vector<std::unique_ptr<LoopContext>> contexts_;
  std::unique_ptr<asio::signal_set> signals_;
  std::vector<std::thread> threads_;
  std::vector<std::shared_ptr<DeviceClient>> clients_;
};

}  // namespace
}  // namespace pacificsoft::tools::mqtt_load

int main(int argc, char** argv) {
  int exit_code = 0;
  auto options = pacificsoft::tools::mqtt_load::parse_options(argc, argv, exit_code);
  if (!options) return exit_code;
  pacificsoft::tools::mqtt_load::LoadRun run(*options);
  return run.run();
}
