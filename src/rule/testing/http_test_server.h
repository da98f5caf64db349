// A small blocking HTTP/1.1 server on a free loopback port, for the REST call node tests. It
// answers by path: /status/<code> with that status and "failed" as body, /slow after two seconds,
// anything else 200 with the request body echoed; and it keeps what it was sent.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace pacificsoft::rule::testing {

class HttpTestServer {
 public:
  struct Seen {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;
    std::string body;
  };

  HttpTestServer()
      : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}),
        thread_([this] { serve(); }) {}
  ~HttpTestServer() {
    stopping_ = true;
    boost::asio::ip::tcp::socket wake(io_);  // unblocks accept()
    boost::system::error_code ignored;
    wake.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
  }
  std::vector<Seen> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  void serve() {
    namespace http = boost::beast::http;
    while (true) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code error;
      acceptor_.accept(socket, error);
      if (error || stopping_) return;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, error);
      if (error) continue;
      Seen seen{
          std::string(request.method_string()), std::string(request.target()), {}, request.body()};
      for (const auto& field : request) {
        seen.headers[std::string(field.name_string())] = std::string(field.value());
      }
      {
        std::lock_guard lock(mutex_);
        seen_.push_back(seen);
      }
      http::response<http::string_body> response{http::status::ok, 11};
      response.set("X-Echo-Method", seen.method);
      response.body() = seen.body;
      if (seen.target.starts_with("/status/")) {
        response.result(static_cast<unsigned>(std::stoi(seen.target.substr(8))));
        response.body() = "failed";
      } else if (seen.target == "/slow") {
        std::this_thread::sleep_for(std::chrono::seconds(2));
      }
      response.prepare_payload();
      http::write(socket, response, error);
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<Seen> seen_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace pacificsoft::rule::testing
