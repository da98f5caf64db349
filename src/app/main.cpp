// The pacificsoft executable: command line, configuration, start, wait for a signal, stop.
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "app/server.h"
#include "common/log.h"
#include "config/config.h"

namespace {

constexpr const char* kVersion = PACIFICSOFT_VERSION;

void print_usage() {
  std::cout << "Usage: pacificsoft [--config FILE] [--help] [--version]\n\n"
               "Runs a Pacificsoft IoT platform node. Without --config, the built-in defaults\n"
               "(config/pacificsoft.yml) apply; every setting can be overridden by the\n"
               "environment variable named in that file, e.g. HTTP_BIND_PORT=9090.\n";
}

struct CommandLine {
  std::optional<std::string> config_file;
  bool help = false;
  bool version = false;
};

std::optional<CommandLine> parse_command_line(int argc, char** argv) {
  CommandLine line;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      line.help = true;
    } else if (arg == "--version") {
      line.version = true;
    } else if (arg == "--config" && i + 1 < argc) {
      line.config_file = argv[++i];
    } else if (arg.rfind("--config=", 0) == 0) {
      line.config_file = arg.substr(9);
    } else {
      std::cerr << "pacificsoft: unknown option '" << arg << "' (see --help)\n";
      return std::nullopt;
    }
  }
  return line;
}

int fail(const pacificsoft::Status& status) {
  std::cerr << "pacificsoft: cannot start: " << status.message() << "\n";
  return 1;
}

// Blocks SIGINT and SIGTERM in every thread started after this call; main() waits for them.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pacificsoft;
  auto line = parse_command_line(argc, argv);
  if (!line) return 2;
  if (line->help) {
    print_usage();
    return 0;
  }
  if (line->version) {
    std::cout << "pacificsoft " << kVersion << "\n";
    return 0;
  }

  auto config = line->config_file
                    ? config::Config::load_file(*line->config_file, config::process_env())
                    : config::Config::defaults(config::process_env());
  if (!config) return fail(config.status());
  auto settings = app::read_settings(*config);
  if (!settings) return fail(settings.status());
  if (Status level = set_log_level(settings->log_level); !level) {
    return fail(invalid_argument("setting log.level (LOG_LEVEL): " + level.message()));
  }

  sigset_t stop_signals = block_stop_signals();
  app::Server server(*settings);
  if (Status started = server.start(); !started) return fail(started);

  std::cout << "Pacificsoft " << kVersion << " is ready at http://localhost:" << server.http_port()
            << "/\n"
            << "  system administrator: sysadmin@pacificsoft.io / sysadmin\n";
  if (server.mqtt_port() != 0) {
    std::cout << "  devices: MQTT on port " << server.mqtt_port();
    if (server.mqtt_tls_port() != 0)
      std::cout << ", MQTT over TLS on port " << server.mqtt_tls_port();
    std::cout << "\n";
  }
  if (server.coap_port() != 0)
    std::cout << "  devices: CoAP on port " << server.coap_port() << "\n";
  if (settings->load_demo) {
    std::cout << "  tenant administrator: tenant@pacificsoft.io / tenant\n"
              << "  customer user:        customer@pacificsoft.io / customer\n";
  }
  std::cout << std::flush;

  int received = 0;
  sigwait(&stop_signals, &received);
  spdlog::info("Signal {} received: shutting down", received);
  server.stop();
  spdlog::info("Stopped");
  return 0;
}
