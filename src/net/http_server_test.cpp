// HttpServer tests against a real server on an ephemeral port with a real client: routing,
// decoding, limits, keep-alive, late and misbehaving replies, static files and shutdown.
#include "net/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "net/http_test_client.h"

namespace pacificsoft::net {
namespace {

using namespace std::chrono_literals;
using testing::Response;
using testing::TestClient;
namespace http = boost::beast::http;
namespace fs = std::filesystem;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(Method::kGet, "/api/hello",
                [](const HttpRequest&, const PathParams&, const Reply& r) {
                  r(HttpResponse::text(200, "hello"));
                });
    router_.add(Method::kPost, "/api/echo",
                [](const HttpRequest& req, const PathParams&, const Reply& r) {
                  HttpResponse response = HttpResponse::json(201, req.body);
                  response.headers.emplace_back(
                      "X-Content-Type-Seen", std::string(req.header("Content-Type").value_or("")));
                  r(std::move(response));
                });
    router_.add(Method::kGet, "/api/item/{name}",
                [](const HttpRequest& req, const PathParams& params, const Reply& r) {
                  std::string body = std::string(params.get("name")) + "|";
                  for (const auto& [key, value] : req.query) {
                    body.append(key).append("=").append(value).append(";");
                  }
                  r(HttpResponse::text(200, body));
                });
    router_.add(Method::kGet, "/api/late",
                [](const HttpRequest&, const PathParams&, const Reply& r) {
                  std::thread([r] {
                    std::this_thread::sleep_for(200ms);
                    r(HttpResponse::text(200, "late"));
                  }).detach();
                });
    router_.add(Method::kGet, "/api/dropped",
                [](const HttpRequest&, const PathParams&, const Reply&) {});
    router_.add(Method::kGet, "/api/twice",
                [](const HttpRequest&, const PathParams&, const Reply& r) {
                  r(HttpResponse::text(200, "first"));
                  r(HttpResponse::text(200, "second"));
                });
    router_.add(Method::kGet, "/api/throws",
                [](const HttpRequest&, const PathParams&, const Reply&) {
                  throw std::runtime_error("boom");
                });
  }

  void start(HttpServerOptions options = {}) {
    options.bind_address = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, router_);
    ASSERT_TRUE(server_->start().is_ok());
    ASSERT_NE(server_->port(), 0);
  }

  Router router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, GetAndPostWithBody) {
  start();
  TestClient client(server_->port());
  Response get = client.get("/api/hello");
  EXPECT_EQ(get.result_int(), 200);
  EXPECT_EQ(get.body(), "hello");
  EXPECT_EQ(get[http::field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(get[http::field::content_length], "5");

  Response post = client.request(http::verb::post, "/api/echo", "{\"a\":1}", "application/json");
  EXPECT_EQ(post.result_int(), 201);
  EXPECT_EQ(post.body(), "{\"a\":1}");
  EXPECT_EQ(post[http::field::content_type], "application/json");
  EXPECT_EQ(post["X-Content-Type-Seen"], "application/json");
}

TEST_F(HttpServerTest, DecodesPathAndQuery) {
  start();
  TestClient client(server_->port());
  Response response = client.get("/api/item/a%20b?name=hello+world&path=%2Fx%26y&flag");
  EXPECT_EQ(response.body(), "a b|name=hello world;path=/x&y;flag=;");
  // Trailing slash reaches the same route.
  EXPECT_EQ(client.get("/api/hello/").body(), "hello");
}

TEST_F(HttpServerTest, UnknownPathAndMethodFallBackTo404) {
  start();
  TestClient client(server_->port());
  Response unknown = client.get("/api/nothing");
  EXPECT_EQ(unknown.result_int(), 404);
  EXPECT_TRUE(unknown.body().empty());
  EXPECT_EQ(client.request(http::verb::delete_, "/api/hello").result_int(), 404);
}

TEST_F(HttpServerTest, BodyOverLimitGets413AndClose) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  start(options);
  TestClient client(server_->port());
  EXPECT_EQ(client.request(http::verb::post, "/api/echo", std::string(1024, 'x')).result_int(),
            201);
  Response response = client.request(http::verb::post, "/api/echo", std::string(4096, 'x'));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_TRUE(response.body().empty());
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, MalformedRequestGets400AndClose) {
  start();
  TestClient client(server_->port());
  client.send_raw("this is not http\r\n\r\n");
  EXPECT_NE(client.read_until_closed().find("HTTP/1.1 400"), std::string::npos);
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start();
  TestClient client(server_->port());
  Response first = client.get("/api/hello");
  EXPECT_TRUE(first.keep_alive());
  Response second = client.request(http::verb::post, "/api/echo", "again");
  EXPECT_EQ(second.body(), "again");
}

TEST_F(HttpServerTest, AnswersLateReplyFromAnotherThread) {
  start();
  TestClient client(server_->port());
  Response response = client.get("/api/late");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "late");
  EXPECT_EQ(client.get("/api/hello").body(), "hello");  // the connection is still usable
}

TEST_F(HttpServerTest, MisbehavingHandlersStillGetAnAnswer) {
  start();
  TestClient client(server_->port());
  EXPECT_EQ(client.get("/api/dropped").result_int(), 500);
  EXPECT_EQ(client.get("/api/throws").result_int(), 500);
  EXPECT_EQ(client.get("/api/twice").body(), "first");
  EXPECT_EQ(client.get("/api/hello").body(), "hello");  // no stray second response queued
}

TEST_F(HttpServerTest, ExpectContinueGetsInterimResponse) {
  start();
  TestClient client(server_->port());
  client.send_raw(
      "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  Response interim = client.read();
  EXPECT_EQ(interim.result_int(), 100);
  client.send_raw("body");
  EXPECT_EQ(client.read().body(), "body");
}

TEST_F(HttpServerTest, StartFailsNamingAddressWhenPortTaken) {
  start();
  HttpServerOptions options;
  options.bind_address = "127.0.0.1";
  options.port = server_->port();
  HttpServer second(options, router_);
  Status status = second.start();
  EXPECT_FALSE(status.is_ok());
  EXPECT_NE(status.message().find("127.0.0.1:" + std::to_string(server_->port())),
            std::string::npos)
      << status.message();
}

TEST_F(HttpServerTest, StopCompletesRequestInFlight) {
  std::promise<void> started;
  router_.add(Method::kGet, "/api/slow",
              [&](const HttpRequest&, const PathParams&, const Reply& r) {
                started.set_value();
                std::this_thread::sleep_for(300ms);
                r(HttpResponse::text(200, "done"));
              });
  start();
  TestClient client(server_->port());
  auto response = std::async(std::launch::async, [&] { return client.get("/api/slow"); });
  ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);
  TestClient idle(server_->port());  // an idle keep-alive connection must not delay stop()
  auto stop_began = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_began, 3s);
  Response answered = response.get();
  EXPECT_EQ(answered.result_int(), 200);
  EXPECT_EQ(answered.body(), "done");
  EXPECT_FALSE(answered.keep_alive());
  EXPECT_TRUE(idle.closed_by_server());
}

TEST_F(HttpServerTest, ReplyKeptPastServerLifetimeIsHarmless) {
  std::promise<Reply> kept;
  router_.add(Method::kGet, "/api/poll", [&](const HttpRequest&, const PathParams&, Reply r) {
    kept.set_value(std::move(r));
  });
  start();
  TestClient client(server_->port());
  client.send_raw("GET /api/poll HTTP/1.1\r\nHost: x\r\n\r\n");
  std::future<Reply> reply = kept.get_future();
  ASSERT_EQ(reply.wait_for(5s), std::future_status::ready);
  Reply late = reply.get();
  server_.reset();  // waits out the drain deadline, then closes the connection
  EXPECT_TRUE(client.closed_by_server());
  late(HttpResponse::text(200, "too late"));  // dropped: nothing left to write to
}

class StaticFilesTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    base_ = fs::temp_directory_path() /
            ("ps_net_static_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(base_ / "www" / "assets");
    write(base_ / "secret.txt", "secret");
    write(base_ / "www" / "index.html", "<html>app</html>");
    write(base_ / "www" / "assets" / "app.123.js", "console.log(1)");
    write(base_ / "www" / "favicon.ico", "ico");
    HttpServerOptions options;
    options.static_dir = (base_ / "www").string();
    start(options);
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& file, const std::string& content) {
    std::ofstream(file, std::ios::binary) << content;
  }

  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  TestClient client(server_->port());
  Response index = client.get("/");
  EXPECT_EQ(index.result_int(), 200);
  EXPECT_EQ(index.body(), "<html>app</html>");
  EXPECT_EQ(index[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(index[http::field::cache_control], "no-cache");

  Response script = client.get("/assets/app.123.js");
  EXPECT_EQ(script.body(), "console.log(1)");
  EXPECT_EQ(script[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_NE(script[http::field::cache_control].find("max-age="), std::string::npos);

  EXPECT_EQ(client.get("/favicon.ico")[http::field::content_type], "image/x-icon");

  Response head = client.request(http::verb::head, "/index.html");
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[http::field::content_length], "16");
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(client.get("/api/hello").body(), "hello");  // still usable after HEAD
}

TEST_F(StaticFilesTest, SpaFallbackOnlyForPathsWithoutExtension) {
  TestClient client(server_->port());
  Response route = client.get("/dashboards/123");
  EXPECT_EQ(route.result_int(), 200);
  EXPECT_EQ(route.body(), "<html>app</html>");
  EXPECT_EQ(client.get("/assets/missing.js").result_int(), 404);
  // /api paths never come from the folder.
  EXPECT_EQ(client.get("/api/unknown").result_int(), 404);
  EXPECT_EQ(client.get("/api/hello").body(), "hello");
}

TEST_F(StaticFilesTest, RejectsPathTraversal) {
  TestClient client(server_->port());
  EXPECT_EQ(client.get("/../secret.txt").result_int(), 404);
  EXPECT_EQ(client.get("/assets/../../secret.txt").result_int(), 404);
  EXPECT_EQ(client.get("/%2e%2e/secret.txt").result_int(), 404);
  EXPECT_EQ(client.get("/assets/%2E%2E%2F..%2Fsecret.txt").result_int(), 404);
}

}  // namespace
}  // namespace pacificsoft::net
