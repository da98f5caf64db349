// One upgraded connection: Beast's websocket::stream over the HTTP session's socket, a bounded
// outgoing queue, and a strand on the worker pool that runs the handler's callbacks. Private.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "net/internal/http_convert.h"
#include "net/internal/server_core.h"
#include "net/websocket.h"

namespace pacificsoft::net::internal {

// Lives as long as an async operation, a queued callback or a handler holds it.
// Threads: members marked "strand" run on the connection's I/O strand (the HttpSession's, whose
// socket this takes over); send(), close() and terminate() may be called from any thread and
// only touch the mutex-guarded queue before posting to the strand; the handler's callbacks run
// on handler_strand_ (worker threads), so they never stall I/O and never overlap each other.
class WebSocketSession final : public WebSocketConnection,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(std::shared_ptr<ServerCore> core, boost::beast::tcp_stream stream,
                   HttpRequest request, PathParams params,
                   std::shared_ptr<WebSocketHandler> handler);
  ~WebSocketSession() override;
  WebSocketSession(const WebSocketSession&) = delete;
  WebSocketSession& operator=(const WebSocketSession&) = delete;

  // Strand: answers the already-read upgrade request (101, or 400 for a bad handshake).
  void start(const BeastRequest& upgrade);

  void send(std::string text) override;
  void close(int code, std::string reason) override;
  const HttpRequest& request() const override { return request_; }
  const PathParams& params() const override { return params_; }

  // stop(), any thread: drops the socket without a close handshake (one that did not finish).
  void terminate();
  // stop(), once no I/O thread runs: ends the session here if it has not ended yet, so
  // on_close still runs when an event loop had to be stopped with work pending.
  void abandon();

 private:
  struct CloseRequest {
    int code;
    std::string reason;
    bool flush;  // send what is queued first; false when the queue itself is the problem
  };

  template <typename Fn>
  void post_io(Fn&& fn);
  template <typename Fn>
  void post_callback(Fn&& fn);
  bool request_close_locked(CloseRequest request);  // true: on_close_requested() must be posted

  void on_accept(boost::beast::error_code ec);  // strand, and so are the ones below
  void read_next();
  void on_read(boost::beast::error_code ec);
  void deliver(std::string text);
  void on_handled();
  void pump();
  void on_write(boost::beast::error_code ec);
  void on_close_requested();
  void start_close_handshake();
  void end(boost::beast::error_code ec);

  std::shared_ptr<ServerCore> core_;             // first, so the io_context outlives ws_
  const boost::asio::any_io_executor executor_;  // the I/O strand; copied so posting is race-free
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::asio::strand<boost::asio::thread_pool::executor_type> handler_strand_;
  boost::asio::steady_timer close_timer_;  // bounds a close handshake the client never answers
  const HttpRequest request_;
  const PathParams params_;
  const std::shared_ptr<WebSocketHandler> handler_;
  std::uint64_t id_ = 0;

  // Strand only.
  boost::beast::flat_buffer read_buffer_;
  std::string writing_;                         // the frame being written
  std::unique_ptr<ServerCore::InFlight> open_;  // held while open, handed to on_close
  int pending_callbacks_ = 0;                   // messages posted to the handler, not yet run
  bool reading_ = false;
  bool read_paused_ = false;  // the handler lags: resume when it catches up
  bool opened_ = false;       // on_open was posted, so on_close is owed
  bool closing_ = false;      // a close was requested: incoming messages are dropped
  bool close_started_ = false;
  bool ended_ = false;

  std::mutex mutex_;
  std::deque<std::string> outbox_;             // guarded by mutex_
  std::size_t queued_bytes_ = 0;               // outbox_ plus writing_, with overhead; mutex_
  std::size_t writing_bytes_ = 0;              // writing_'s share of queued_bytes_; mutex_
  bool pump_busy_ = false;                     // a pump() is posted or a write runs; mutex_
  bool accepting_ = true;                      // sends are queued; mutex_
  std::optional<CloseRequest> close_request_;  // guarded by mutex_
};

}  // namespace pacificsoft::net::internal
