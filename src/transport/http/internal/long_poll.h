// A long poll: one HTTP request held until its first event or its time-out, whichever comes
// first; the loser of that race is told it lost, so an RPC it could not deliver goes back to
// the router.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "net/http_types.h"

namespace pacificsoft::transport::detail {

class LongPoll : public std::enable_shared_from_this<LongPoll> {
 public:
  // on_end runs once, after the answer (to unsubscribe); the reply is 408 at the deadline.
  LongPoll(boost::asio::io_context& io, net::Reply reply, std::function<void()> on_end)
      : timer_(io), reply_(std::move(reply)), on_end_(std::move(on_end)) {}

  void start(std::chrono::milliseconds timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
      if (!error) self->answer(net::HttpResponse::empty(408));
    });
  }

  // False when the poll was answered already.
  bool answer(net::HttpResponse response) {
    if (answered_.exchange(true)) return false;
    boost::asio::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
    if (on_end_) on_end_();
    reply_(std::move(response));
    return true;
  }

 private:
  boost::asio::steady_timer timer_;
  net::Reply reply_;
  std::function<void()> on_end_;
  std::atomic<bool> answered_{false};
};

}  // namespace pacificsoft::transport::detail
