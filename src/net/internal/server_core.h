// State shared by the server and its connections: the io_context, the handler pool, the live
// connection list and the in-flight count that stop() waits on. Private to net/.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "net/http_server.h"
#include "net/internal/static_files.h"
#include "net/router.h"

namespace pacificsoft::net::internal {

class HttpSession;
class WebSocketSession;

// How long a connection may sit idle (or stall mid-request or mid-write) before it is closed.
inline constexpr std::chrono::seconds kIdleTimeout{60};

// Held through shared_ptr by the server and by every connection, so the io_context outlives any
// connection a late Reply still keeps alive after the server was destroyed.
// Thread-safe unless a member says otherwise.
class ServerCore {
 public:
  ServerCore(HttpServerOptions options, const Router& router);

  const HttpServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  const std::optional<StaticFiles>& static_files() const { return static_files_; }
  boost::asio::io_context& io_context() { return io_context_; }
  boost::asio::thread_pool& workers() { return workers_; }

  // Connections register while open so stop() can reach them.
  std::uint64_t add_session(std::weak_ptr<HttpSession> session);
  void remove_session(std::uint64_t id);
  std::vector<std::shared_ptr<HttpSession>> sessions() const;
  // The same for upgraded connections, which stop() closes with 1001.
  std::uint64_t add_websocket(std::weak_ptr<WebSocketSession> session);
  void remove_websocket(std::uint64_t id);
  std::vector<std::shared_ptr<WebSocketSession>> websockets() const;

  // Counts a request from dispatch until its response is written or its connection is gone, and
  // a WebSocket connection while it is open, so stop() waits for close handshakes too.
  class InFlight {
   public:
    explicit InFlight(ServerCore& core);
    ~InFlight();
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

   private:
    ServerCore& core_;
  };
  // Waits until no request is in flight; false when the deadline passed first.
  bool wait_idle(std::chrono::milliseconds timeout);

  // Runs `post` unless the server has stopped: once stopped, the io_context no longer runs, so
  // work posted to it would never execute and would keep its connection alive forever.
  template <typename Fn>
  bool post_unless_stopped(Fn&& post) {
    std::lock_guard lock(stopped_mutex_);
    if (stopped_) return false;
    post();
    return true;
  }
  void mark_stopped();
  bool stopping() const { return stopping_.load(); }
  void mark_stopping() { stopping_.store(true); }

 private:
  const HttpServerOptions options_;
  const Router& router_;
  const std::optional<StaticFiles> static_files_;
  boost::asio::io_context io_context_;
  boost::asio::thread_pool workers_;

  mutable std::mutex sessions_mutex_;
  std::uint64_t next_session_id_ = 1;  // guarded by sessions_mutex_
  std::unordered_map<std::uint64_t, std::weak_ptr<HttpSession>> sessions_;  // sessions_mutex_
  std::unordered_map<std::uint64_t, std::weak_ptr<WebSocketSession>> websockets_;  // same

  std::mutex in_flight_mutex_;
  std::condition_variable in_flight_cv_;
  int in_flight_ = 0;  // guarded by in_flight_mutex_

  std::atomic<bool> stopping_{false};
  std::mutex stopped_mutex_;
  bool stopped_ = false;  // guarded by stopped_mutex_
};

}  // namespace pacificsoft::net::internal
