// For the MQTT node tests: a Mosquitto broker started as a child process on a loopback port (a
// free one, or one given to restart it), and a blocking subscriber written with the project's
// MQTT codec. Tests skip when the mosquitto binary is not installed.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "common/uuid.h"
#include "mqtt/mqtt_codec.h"

namespace pacificsoft::rule::testing {

namespace mqtt = transport::mqtt;

// The installed broker binary, or empty.
inline std::string mosquitto_binary() {
  for (const char* path : {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto",
                           "/usr/local/bin/mosquitto"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return {};
}

// A loopback port nobody listens on (free when asked; taken again soon after only by chance).
inline std::uint16_t free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

class Mosquitto {
 public:
  // `extra` is appended to the configuration (e.g. a password_file line); port 0 picks one.
  explicit Mosquitto(std::string extra = "allow_anonymous true\n", std::uint16_t port = 0)
      : dir_(std::filesystem::temp_directory_path() /
             ("ps-mosquitto-" + Uuid::random().to_string())),
        port_(port != 0 ? port : free_port()) {
    const std::string binary = mosquitto_binary();
    if (binary.empty()) return;
    std::filesystem::create_directories(dir_);
    const std::string config = (dir_ / "mosquitto.conf").string();
    std::ofstream(config) << "listener " << port_ << " 127.0.0.1\npersistence false\n" << extra;
    const std::string log = (dir_ / "mosquitto.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<std::string> args{binary, "-c", config};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
    // Ready once it accepts connections.
    for (int attempt = 0; pid_ != 0 && attempt < 100 && !accepting(); ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Mosquitto() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Mosquitto(const Mosquitto&) = delete;
  Mosquitto& operator=(const Mosquitto&) = delete;

  bool running() const { return pid_ != 0; }
  std::uint16_t port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }

  void stop() {
    if (pid_ == 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }

 private:
  bool accepting() const {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    boost::system::error_code error;
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, error);
    return !error;
  }

  std::filesystem::path dir_;
  std::uint16_t port_;
  pid_t pid_ = 0;
};

// A blocking MQTT 3.1.1 client that subscribes to one filter at QoS 1; reads give up after 3 s.
class MqttTestSubscriber {
 public:
  MqttTestSubscriber(std::uint16_t port, const std::string& filter) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{3, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    mqtt::Connect connect;
    connect.client_id = "test-sub-" + Uuid::random().to_string().substr(0, 8);
    send(connect);
    auto connack = next_packet();
    connected_ = connack && std::holds_alternative<mqtt::Connack>(*connack);
    mqtt::Subscribe subscribe;
    subscribe.packet_id = 1;
    subscribe.subscriptions.push_back({filter, 1});
    send(subscribe);
    auto suback = next_packet();
    subscribed_ = connected_ && suback && std::holds_alternative<mqtt::Suback>(*suback);
  }

  bool subscribed() const { return subscribed_; }

  // The next PUBLISH (acknowledged when QoS 1), or nullopt after the read time-out.
  std::optional<mqtt::Publish> next_publish() {
    while (auto packet = next_packet()) {
      if (auto* publish = std::get_if<mqtt::Publish>(&*packet)) {
        if (publish->qos == 1) {
          send(mqtt::PublishResponse{mqtt::PacketType::kPuback, publish->packet_id});
        }
        return *publish;
      }
    }
    return std::nullopt;
  }

 private:
  void send(const mqtt::Packet& packet) {
    std::string bytes;
    if (!mqtt::encode_packet(packet, mqtt::ProtocolVersion::kV3_1_1, bytes)) return;
    boost::system::error_code ignored;
    boost::asio::write(socket_, boost::asio::buffer(bytes), ignored);
  }

  std::optional<mqtt::Packet> next_packet() {
    while (true) {
      mqtt::FrameHeader header;
      auto status = mqtt::peek_frame(buffer_, 1 << 20, header);
      if (status == mqtt::FrameStatus::kComplete) {
        auto decoded = mqtt::decode_packet(std::string_view(buffer_).substr(0, header.frame_size()),
                                           mqtt::ProtocolVersion::kV3_1_1);
        buffer_.erase(0, header.frame_size());
        auto* packet = std::get_if<mqtt::Packet>(&decoded);
        if (packet == nullptr) return std::nullopt;
        return *packet;
      }
      if (status != mqtt::FrameStatus::kNeedMore) return std::nullopt;
      char chunk[4096];
      boost::system::error_code error;
      const auto size = socket_.read_some(boost::asio::buffer(chunk), error);
      if (error) return std::nullopt;
      buffer_.append(chunk, size);
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string buffer_;
  bool connected_ = false;
  bool subscribed_ = false;
};

}  // namespace pacificsoft::rule::testing
