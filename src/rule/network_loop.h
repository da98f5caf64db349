// The event loop of the nodes that talk to outside systems (REST calls, MQTT publishes): one
// thread running an Asio io_context, so their network I/O never blocks the engine's threads and
// their completions run here. Owned by app/ (or a test stack) and outlives every node.
#pragma once

#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "common/thread_name.h"

namespace pacificsoft::rule {

class NetworkLoop {
 public:
  NetworkLoop()
      : thread_([this] {
          name_this_thread("rule-network");
          context_.run();
        }) {}
  // Stops the loop and joins its thread; handlers still pending are dropped unrun.
  ~NetworkLoop() {
    work_.reset();
    context_.stop();
    thread_.join();
  }
  NetworkLoop(const NetworkLoop&) = delete;
  NetworkLoop& operator=(const NetworkLoop&) = delete;

  boost::asio::io_context& context() { return context_; }

 private:
  boost::asio::io_context context_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
      context_.get_executor()};
  std::thread thread_;
};

}  // namespace pacificsoft::rule
