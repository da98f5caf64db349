// Acceptors on the first event loop; each accepted connection goes to the next loop in turn and
// stays there, so a connection's state needs no lock.
#include "transport/mqtt/mqtt_server.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "common/log.h"
#include "common/thread_name.h"
#include "transport/mqtt/internal/mqtt_connection.h"

namespace pacificsoft::transport::mqtt {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using detail::ConnectionSet;

namespace {

constexpr std::chrono::milliseconds kAcceptRetry{100};  // after EMFILE and the like

// Members in this order so handlers still queued in io (holding connections) are destroyed
// while the set they remove themselves from still exists.
struct EventLoop {
  ConnectionSet connections;  // touched only on this loop's thread
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{io.get_executor()};
  std::thread thread;
};

Result<tcp::endpoint> endpoint_of(const std::string& address, std::uint16_t port) {
  boost::system::error_code error;
  auto ip = asio::ip::make_address(address, error);
  if (error) return invalid_argument("MQTT bind address '" + address + "' is not an IP address");
  return tcp::endpoint(ip, port);
}

Status load_tls(asio::ssl::context& tls, const MqttTlsOptions& options) {
  boost::system::error_code error;
  tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  if (!options.key_password.empty()) {
    tls.set_password_callback(
        [password = options.key_password](std::size_t, asio::ssl::context::password_purpose) {
          return password;
        });
  }
  tls.use_certificate_chain_file(options.certificate_file, error);
  if (error) {
    return invalid_argument("setting mqtt.ssl.cert_file (MQTT_SSL_CERT_FILE): cannot load '" +
                            options.certificate_file + "': " + error.message());
  }
  tls.use_private_key_file(options.private_key_file, asio::ssl::context::pem, error);
  if (error) {
    return invalid_argument("setting mqtt.ssl.key_file (MQTT_SSL_KEY_FILE): cannot load '" +
                            options.private_key_file + "': " + error.message());
  }
  // Client certificates are asked for, never required: token devices use TLS without one.
  int mode = asio::ssl::verify_peer;
  if (options.client_ca_file.empty()) {
    tls.set_verify_callback([](bool, asio::ssl::verify_context&) { return true; });
  } else {
    tls.load_verify_file(options.client_ca_file, error);
    if (error) {
      return invalid_argument(
          "setting mqtt.ssl.client_ca_file (MQTT_SSL_CLIENT_CA_FILE): cannot load '" +
          options.client_ca_file + "': " + error.message());
    }
  }
  tls.set_verify_mode(mode);
  return Status::ok();
}

}  // namespace

struct MqttServer::Impl {
  Impl(MqttServerOptions server_options, MqttConnectHandler& handler)
      : options(std::move(server_options)), context{options, handler} {}

  MqttServerOptions options;
  detail::ServerContext context;
  std::vector<std::unique_ptr<EventLoop>> loops;
  std::optional<tcp::acceptor> plain;
  std::optional<tcp::acceptor> secure;
  std::optional<asio::ssl::context> tls;
  std::optional<asio::steady_timer> retry;
  std::size_t next_loop = 0;
  bool running = false;
  std::atomic<bool> stopping{false};  // connections accepted during stop are dropped

  Status listen(std::optional<tcp::acceptor>& acceptor, const std::string& address,
                std::uint16_t port) {
    auto endpoint = endpoint_of(address, port);
    if (!endpoint) return endpoint.status();
    acceptor.emplace(loops.front()->io);
    boost::system::error_code error;
    acceptor->open(endpoint->protocol(), error);
    if (!error) acceptor->set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor->bind(*endpoint, error);
    if (!error) acceptor->listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      return Status(ErrorCode::kUnavailable, "MQTT cannot listen on " + address + ":" +
                                                 std::to_string(port) + ": " + error.message());
    }
    return Status::ok();
  }

  void accept(tcp::acceptor& acceptor, bool secure_port) {
    EventLoop& loop = *loops[next_loop];
    next_loop = (next_loop + 1) % loops.size();
    acceptor.async_accept(loop.io, [this, &acceptor, &loop, secure_port](
                                       const boost::system::error_code& error, tcp::socket socket) {
      if (error == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (error) {  // out of descriptors, most likely: try again shortly, never spin
        spdlog::warn("mqtt: accept failed: {}", error.message());
        retry->expires_after(kAcceptRetry);
        retry->async_wait([this, &acceptor, secure_port](const boost::system::error_code& e) {
          if (!e) accept(acceptor, secure_port);
        });
        return;
      }
      asio::post(loop.io, [this, &loop, secure_port, socket = std::move(socket)]() mutable {
        if (stopping) return;
        auto connection =
            secure_port
                ? detail::make_tls_connection(std::move(socket), *tls, context, loop.connections)
                : detail::make_plain_connection(std::move(socket), context, loop.connections);
        connection->start();
      });
      accept(acceptor, secure_port);
    });
  }
};

MqttServer::MqttServer(MqttServerOptions options, MqttConnectHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

MqttServer::~MqttServer() { stop(); }

Status MqttServer::start() {
  Impl& impl = *impl_;
  const int count = std::max(1, impl.options.io_threads);
  for (int i = 0; i < count; ++i) impl.loops.push_back(std::make_unique<EventLoop>());
  impl.retry.emplace(impl.loops.front()->io);
  PS_RETURN_IF_ERROR(impl.listen(impl.plain, impl.options.bind_address, impl.options.port));
  if (impl.options.tls.enabled) {
    impl.tls.emplace(asio::ssl::context::tls_server);
    PS_RETURN_IF_ERROR(load_tls(*impl.tls, impl.options.tls));
    PS_RETURN_IF_ERROR(
        impl.listen(impl.secure, impl.options.tls.bind_address, impl.options.tls.port));
    impl.accept(*impl.secure, true);
  }
  impl.accept(*impl.plain, false);
  for (auto& loop : impl.loops) {
    loop->thread = std::thread([io = &loop->io] {
      name_this_thread("mqtt-io");
      io->run();
    });
  }
  impl.running = true;
  return Status::ok();
}

std::uint16_t MqttServer::port() const {
  return impl_->plain ? impl_->plain->local_endpoint().port() : 0;
}

std::uint16_t MqttServer::tls_port() const {
  return impl_->secure ? impl_->secure->local_endpoint().port() : 0;
}

void MqttServer::stop() {
  Impl& impl = *impl_;
  if (!impl.running) return;
  impl.running = false;
  impl.stopping = true;
  asio::post(impl.loops.front()->io, [&impl] {
    boost::system::error_code ignored;
    if (impl.plain) impl.plain->close(ignored);
    if (impl.secure) impl.secure->close(ignored);
    impl.retry->cancel();
  });
  for (auto& loop : impl.loops) {
    asio::post(loop->io, [loop = loop.get()] {
      loop->connections.abort_all();
      loop->work.reset();
    });
  }
  for (auto& loop : impl.loops) loop->thread.join();
}

}  // namespace pacificsoft::transport::mqtt
