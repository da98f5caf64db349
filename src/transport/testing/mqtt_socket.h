// A bare MQTT 3.1.1 client over a blocking socket for transport tests: whole packets in, decoded
// packets out, with a read time-out that fails the test instead of hanging it.
#pragma once

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <string>

#include "mqtt/mqtt_codec.h"

namespace pacificsoft::transport::test_support {

class MqttSocket {
 public:
  explicit MqttSocket(std::uint16_t port) : socket_(io_) {
    namespace asio = boost::asio;
    socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    const timeval patience{5, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  }

  static std::string encoded(const mqtt::Packet& packet) {
    std::string bytes;
    EXPECT_TRUE(mqtt::encode_packet(packet, mqtt::ProtocolVersion::kV3_1_1, bytes));
    return bytes;
  }

  // Sends the bytes in one write (several packets may go in one segment).
  void write(const std::string& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }

  // The next whole packet; frames up to 127 bytes of body only.
  mqtt::Packet next() {
    std::string frame(2, '\0');
    boost::asio::read(socket_, boost::asio::buffer(frame));
    std::string rest(static_cast<unsigned char>(frame[1]), '\0');
    if (!rest.empty()) boost::asio::read(socket_, boost::asio::buffer(rest));
    auto decoded = mqtt::decode_packet(frame + rest, mqtt::ProtocolVersion::kV3_1_1);
    EXPECT_TRUE(std::holds_alternative<mqtt::Packet>(decoded));
    return std::get<mqtt::Packet>(decoded);
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
};

}  // namespace pacificsoft::transport::test_support
