// HttpServer: binds, accepts on its I/O threads, and shuts down in order (stop accepting,
// finish requests in flight and WebSocket close handshakes, close connections, join threads).
// Connections: http_session.cpp, websocket_session.cpp.
#include "net/http_server.h"

#include <chrono>
#include <future>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "common/log.h"
#include "common/thread_name.h"
#include "net/internal/http_session.h"
#include "net/internal/server_core.h"
#include "net/internal/websocket_session.h"

namespace pacificsoft::net {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using internal::ServerCore;

constexpr std::chrono::seconds kDrainTimeout{5};        // stop(): requests in flight finish
constexpr std::chrono::seconds kIoExitTimeout{2};       // stop(): loops run out of work
constexpr std::chrono::milliseconds kAcceptRetry{100};  // after EMFILE and similar

// Runs an event loop until it runs out of work or is stopped. A throwing completion handler is
// a bug, but it must not take the thread (and every connection on it) down.
void run_io(asio::io_context& io_context) {
  while (true) {
    try {
      io_context.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("http: I/O handler threw: {}", e.what());
    } catch (...) {
      spdlog::error("http: I/O handler threw a non-exception");
    }
  }
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions options, const Router& router)
      : options(std::move(options)), router(router) {}

  Status listen();
  void accept_next();
  void on_accept(boost::system::error_code ec, tcp::socket socket);
  void close_acceptor();
  void join_io_threads();

  const HttpServerOptions options;
  const Router& router;
  // Declared before the acceptor and timer, which live on its io_context and must go first.
  std::shared_ptr<ServerCore> core;
  std::unique_ptr<tcp::acceptor> acceptor;          // used on its strand only once running
  std::unique_ptr<asio::steady_timer> retry_timer;  // same strand as the acceptor
  // Keeps the loops running while no I/O is pending, e.g. when every connection waits for a
  // handler during stop(): replies must still find a loop to post their writes to.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> io_threads;
  std::vector<std::future<void>> io_exited;
  std::uint16_t port = 0;
  bool running = false;
};

Status HttpServer::Impl::listen() {
  std::string where = options.bind_address + ":" + std::to_string(options.port);
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.bind_address, ec);
  if (ec) return invalid_argument("http: bad bind address " + where + ": " + ec.message());
  tcp::endpoint endpoint(address, options.port);
  auto strand = asio::make_strand(core->io_context());
  acceptor = std::make_unique<tcp::acceptor>(strand);
  retry_timer = std::make_unique<asio::steady_timer>(strand);
  if (acceptor->open(endpoint.protocol(), ec) ||
      acceptor->set_option(asio::socket_base::reuse_address(true), ec) ||
      acceptor->bind(endpoint, ec) ||
      acceptor->listen(asio::socket_base::max_listen_connections, ec)) {
    return Status(ErrorCode::kUnavailable, "http: cannot listen on " + where + ": " + ec.message());
  }
  port = acceptor->local_endpoint(ec).port();
  return Status::ok();
}

void HttpServer::Impl::accept_next() {
  acceptor->async_accept(asio::make_strand(core->io_context()),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           on_accept(ec, std::move(socket));
                         });
}

void HttpServer::Impl::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || core->stopping() || !acceptor->is_open()) return;
  if (ec) {
    // Typically out of file descriptors: retrying at once would spin, so pause briefly.
    spdlog::warn("http: accept failed: {}", ec.message());
    retry_timer->expires_after(kAcceptRetry);
    retry_timer->async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && !core->stopping()) accept_next();
    });
    return;
  }
  std::make_shared<internal::HttpSession>(core, std::move(socket))->start();
  accept_next();
}

void HttpServer::Impl::close_acceptor() {
  std::promise<void> closed;
  asio::post(acceptor->get_executor(), [this, &closed] {
    boost::system::error_code ignored;
    acceptor->close(ignored);
    retry_timer->cancel();
    closed.set_value();
  });
  closed.get_future().wait();
}

void HttpServer::Impl::join_io_threads() {
  // With the acceptor and every connection closed the loops run out of work and return; the
  // deadline only guards against an operation that somehow lingers.
  work.reset();
  auto deadline = std::chrono::steady_clock::now() + kIoExitTimeout;
  for (auto& exited : io_exited) {
    if (exited.wait_until(deadline) != std::future_status::ready) {
      spdlog::warn("http: I/O threads still busy at shutdown; stopping them");
      core->io_context().stop();
      break;
    }
  }
  for (auto& thread : io_threads) thread.join();
  io_threads.clear();
  io_exited.clear();
}

HttpServer::HttpServer(HttpServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

HttpServer::~HttpServer() { stop(); }

Status HttpServer::start() {
  Impl& impl = *impl_;
  if (impl.running) return Status(ErrorCode::kInternal, "http: server already started");
  impl.core = std::make_shared<ServerCore>(impl.options, impl.router);
  if (Status status = impl.listen(); !status.is_ok()) {
    impl.retry_timer.reset();
    impl.acceptor.reset();
    impl.core.reset();
    spdlog::error("{}", status.message());
    return status;
  }
  impl.accept_next();
  impl.work.emplace(impl.core->io_context().get_executor());
  int count = impl.options.io_threads > 0 ? impl.options.io_threads : 1;
  for (int i = 0; i < count; ++i) {
    std::promise<void> exited;
    impl.io_exited.push_back(exited.get_future());
    impl.io_threads.emplace_back([core = impl.core, exited = std::move(exited)]() mutable {
      name_this_thread("http-io");
      run_io(core->io_context());
      exited.set_value();
    });
  }
  impl.running = true;
  spdlog::info("http: listening on {}:{}", impl.options.bind_address, impl.port);
  return Status::ok();
}

std::uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::stop() {
  Impl& impl = *impl_;
  if (!impl.running) return;
  impl.running = false;
  std::shared_ptr<ServerCore> core = impl.core;
  core->mark_stopping();
  impl.close_acceptor();
  for (auto& session : core->sessions()) session->shut_down(false);
  for (auto& websocket : core->websockets())
    websocket->close(ws_close::kGoingAway, "server shutting down");
  // WebSocket connections count as in flight until their close handshake and on_close are done.
  if (!core->wait_idle(kDrainTimeout)) {
    spdlog::warn("http: requests still in flight after {}s; closing their connections",
                 kDrainTimeout.count());
  }
  for (auto& session : core->sessions()) session->shut_down(true);
  for (auto& websocket : core->websockets()) websocket->terminate();
  impl.join_io_threads();
  // Normally none are left; after a forced loop stop, this still owes their handlers on_close.
  for (auto& websocket : core->websockets()) websocket->abandon();
  // Handlers still running finish now; their replies find the connection closed.
  core->workers().join();
  // From here on, Replies drop their response instead of posting to a loop that never runs.
  core->mark_stopped();
  // Run what was posted after the loops returned, so those connections are released.
  core->io_context().restart();
  core->io_context().poll();
  impl.retry_timer.reset();
  impl.acceptor.reset();
  impl.core.reset();
  spdlog::info("http: stopped");
}

}  // namespace pacificsoft::net
