// The byte streams under a connection. Plain TCP waits for readability and reads into one
// buffer per thread, so an idle connection holds no read buffer at all; TLS needs a buffer of
// its own for the records it decrypts.
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <array>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include "common/log.h"
#include "transport/mqtt/internal/mqtt_connection.h"

namespace pacificsoft::transport::mqtt::detail {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::size_t kReadChunk = std::size_t{64} * 1024;
constexpr std::size_t kTlsReadChunk = std::size_t{16} * 1024;  // one TLS record

std::string address_of(const tcp::socket& socket) {
  error_code error;
  auto endpoint = socket.remote_endpoint(error);
  if (error) return "?";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

std::string certificate_pem(SSL* ssl) {
  X509* certificate = SSL_get_peer_certificate(ssl);
  if (certificate == nullptr) return {};
  std::string pem;
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio != nullptr && PEM_write_bio_X509(bio, certificate) == 1) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    pem.assign(data, static_cast<std::size_t>(size));
  }
  BIO_free(bio);
  X509_free(certificate);
  return pem;
}

class PlainConnection final : public Connection {
 public:
  PlainConnection(tcp::socket socket, const ServerContext& context, ConnectionSet& set)
      : Connection(socket.get_executor(), context, set), socket_(std::move(socket)) {}

 private:
  std::shared_ptr<PlainConnection> self() {
    return std::static_pointer_cast<PlainConnection>(shared_from_this());
  }

  void open_stream() override {
    error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    socket_.non_blocking(true, ignored);
    on_stream_ready(PeerInfo{address_of(socket_), false, {}});
  }

  void start_read() override {
    socket_.async_wait(tcp::socket::wait_read, [self = self()](const error_code& error) {
      if (error) {
        self->on_stream_closed();
        return;
      }
      thread_local std::array<char, kReadChunk> buffer;
      error_code read_error;
      const std::size_t size = self->socket_.read_some(asio::buffer(buffer), read_error);
      if (read_error == asio::error::would_block) {
        self->start_read();
      } else if (read_error) {
        self->on_stream_closed();
      } else {
        self->on_bytes({buffer.data(), size});
      }
    });
  }

  void start_write() override {
    asio::async_write(
        socket_, asio::buffer(next_write()),
        [self = self()](const error_code& error, std::size_t) { self->on_written(!error); });
  }

  void close_stream() override {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
};

class TlsConnection final : public Connection {
 public:
  TlsConnection(tcp::socket socket, asio::ssl::context& tls, const ServerContext& context,
                ConnectionSet& set)
      : Connection(socket.get_executor(), context, set), stream_(std::move(socket), tls) {}

 private:
  std::shared_ptr<TlsConnection> self() {
    return std::static_pointer_cast<TlsConnection>(shared_from_this());
  }

  void open_stream() override {
    error_code ignored;
    stream_.next_layer().set_option(tcp::no_delay(true), ignored);
    stream_.async_handshake(
        asio::ssl::stream_base::server, [self = self()](const error_code& error) {
          if (error) {
            spdlog::debug("mqtt tls {}: handshake failed: {}",
                          address_of(self->stream_.next_layer()), error.message());
            self->on_stream_closed();
            return;
          }
          self->buffer_ = std::make_unique<char[]>(kTlsReadChunk);
          self->on_stream_ready(PeerInfo{address_of(self->stream_.next_layer()), true,
                                         certificate_pem(self->stream_.native_handle())});
        });
  }

  void start_read() override {
    stream_.async_read_some(asio::buffer(buffer_.get(), kTlsReadChunk),
                            [self = self()](const error_code& error, std::size_t size) {
                              if (error) {
                                self->on_stream_closed();
                              } else {
                                self->on_bytes({self->buffer_.get(), size});
                              }
                            });
  }

  void start_write() override {
    asio::async_write(
        stream_, asio::buffer(next_write()),
        [self = self()](const error_code& error, std::size_t) { self->on_written(!error); });
  }

  void close_stream() override {
    error_code ignored;
    stream_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.next_layer().close(ignored);
  }

  asio::ssl::stream<tcp::socket> stream_;
  std::unique_ptr<char[]> buffer_;
};

}  // namespace

std::shared_ptr<Connection> make_plain_connection(tcp::socket socket, const ServerContext& context,
                                                  ConnectionSet& set) {
  return std::make_shared<PlainConnection>(std::move(socket), context, set);
}

std::shared_ptr<Connection> make_tls_connection(tcp::socket socket, asio::ssl::context& tls,
                                                const ServerContext& context, ConnectionSet& set) {
  return std::make_shared<TlsConnection>(std::move(socket), tls, context, set);
}

}  // namespace pacificsoft::transport::mqtt::detail
