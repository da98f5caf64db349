// WebSocket endpoint tests against a real server on an ephemeral port with a real Beast client:
// echo and ordering, request data, server pushes and closes, limits, slow clients, shutdown.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "net/http_server.h"
#include "net/http_test_client.h"
#include "net/websocket.h"
#include "net/websocket_test_client.h"

namespace pacificsoft::net {
namespace {

using namespace std::chrono_literals;
using testing::TestClient;
using testing::WsTestClient;
using Connection = std::shared_ptr<WebSocketConnection>;

// Echoes by default; tests replace the hooks. Counts callbacks and checks that one connection's
// callbacks never overlap (the worker pool has several threads).
class TestHandler : public WebSocketHandler {
 public:
  std::function<void(const Connection&)> opened;
  std::function<void(const Connection&, std::string&)> message =
      [](const Connection& c, std::string& text) { c->send(text); };

  void on_open(const Connection& connection) override {
    enter();
    if (opened) opened(connection);
    leave();
  }
  void on_message(const Connection& connection, std::string text) override {
    enter();
    message(connection, text);
    leave();
  }
  void on_close(const Connection&) override {
    enter();
    leave();
    std::lock_guard lock(mutex_);
    ++closes_;
    closed_cv_.notify_all();
  }

  // Waits until on_close ran `count` times in all.
  bool wait_closes(int count, std::chrono::seconds timeout = 20s) {
    std::unique_lock lock(mutex_);
    return closed_cv_.wait_for(lock, timeout, [&] { return closes_ >= count; });
  }
  int closes() {
    std::lock_guard lock(mutex_);
    return closes_;
  }
  bool overlapped() const { return overlapped_.load(); }

 private:
  // Tests here use one connection at a time where overlap is checked.
  void enter() {
    if (inside_.fetch_add(1) != 0) overlapped_ = true;
  }
  void leave() { inside_.fetch_sub(1); }

  std::atomic<int> inside_{0};
  std::atomic<bool> overlapped_{false};
  std::mutex mutex_;
  std::condition_variable closed_cv_;
  int closes_ = 0;  // guarded by mutex_
};

class WebSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handler_ = std::make_shared<TestHandler>();
    router_.add_websocket("/api/ws", handler_);
    router_.add_websocket("/api/ws/plugins/{plugin}", handler_);
    router_.add(Method::kGet, "/api/ws", [](const HttpRequest&, const PathParams&, const Reply& r) {
      r(HttpResponse::text(200, "plain"));
    });
  }

  void start(HttpServerOptions options = {}) {
    options.bind_address = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, router_);
    ASSERT_TRUE(server_->start().is_ok());
  }

  std::unique_ptr<WsTestClient> connect(const std::string& target = "/api/ws",
                                        int receive_buffer = 0) {
    auto client = std::make_unique<WsTestClient>(server_->port(), receive_buffer);
    WsTestClient::error_code ec = client->handshake(target);
    EXPECT_FALSE(ec) << ec.message();
    return client;
  }

  Router router_;
  std::shared_ptr<TestHandler> handler_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(WebSocketTest, EchoRoundTrip) {
  start();
  auto client = connect();
  ASSERT_FALSE(client->send("hello"));
  EXPECT_EQ(client->read(), "hello");
  ASSERT_FALSE(client->send("{\"cmds\":[]}"));
  EXPECT_EQ(client->read(), "{\"cmds\":[]}");
}

TEST_F(WebSocketTest, ManyMessagesArriveInOrderWithoutOverlappingCallbacks) {
  start();
  auto client = connect();
  constexpr int kCount = 2000;
  for (int i = 0; i < kCount; ++i) ASSERT_FALSE(client->send("m" + std::to_string(i)));
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(client->read(), "m" + std::to_string(i));
  EXPECT_FALSE(handler_->overlapped());
}

TEST_F(WebSocketTest, LaggingHandlerPausesReadingAndLosesNothing) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  handler_->message = [released](const Connection& c, std::string& text) {
    if (text == "m0") released.wait();  // the rest pile up: reading pauses, then resumes
    c->send(text);
  };
  start();
  auto client = connect();
  constexpr int kCount = 200;
  for (int i = 0; i < kCount; ++i) ASSERT_FALSE(client->send("m" + std::to_string(i)));
  release.set_value();
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(client->read(), "m" + std::to_string(i));
}

TEST_F(WebSocketTest, OnOpenSeesRequestQueryAndParams) {
  handler_->opened = [](const Connection& c) {
    const HttpRequest& request = c->request();
    c->send(request.path + "|" + std::string(request.query_param("token").value_or("-")) + "|" +
            std::string(c->params().get("plugin")) + "|" +
            (request.remote_address.empty() ? "no address" : "address"));
  };
  start();
  auto client = connect("/api/ws/plugins/telemetry?token=abc.def%2Bg");
  EXPECT_EQ(client->read(), "/api/ws/plugins/telemetry|abc.def+g|telemetry|address");
}

TEST_F(WebSocketTest, ServerSendsFromAnotherThread) {
  std::promise<Connection> opened;
  handler_->opened = [&](const Connection& c) { opened.set_value(c); };
  start();
  auto client = connect();
  std::future<Connection> connection = opened.get_future();
  ASSERT_EQ(connection.wait_for(5s), std::future_status::ready);
  Connection c = connection.get();
  std::thread([c] {
    c->send("push 1");
    c->send("push 2");
  }).join();
  EXPECT_EQ(client->read(), "push 1");
  EXPECT_EQ(client->read(), "push 2");
}

TEST_F(WebSocketTest, ServerCloseSendsQueuedFramesThenCode) {
  handler_->message = [](const Connection& c, std::string& text) {
    c->send("last words");
    c->close(4000, text);
    c->send("dropped");
  };
  start();
  auto client = connect();
  ASSERT_FALSE(client->send("bye bye"));
  EXPECT_EQ(client->read(), "last words");
  EXPECT_EQ(client->read_until_closed(), 4000);
  EXPECT_EQ(client->close_reason().reason, "bye bye");
  EXPECT_TRUE(handler_->wait_closes(1));
}

TEST_F(WebSocketTest, ClientCloseRunsOnClose) {
  start();
  auto client = connect();
  ASSERT_FALSE(client->send("x"));
  EXPECT_EQ(client->read(), "x");
  EXPECT_EQ(handler_->closes(), 0);
  EXPECT_FALSE(client->close(ws_close::kNormal));
  EXPECT_TRUE(handler_->wait_closes(1));
}

TEST_F(WebSocketTest, OversizedMessageClosesWith1009) {
  HttpServerOptions options;
  options.ws_max_message_bytes = 1024;
  start(options);
  auto client = connect();
  ASSERT_FALSE(client->send(std::string(1024, 'a')));
  EXPECT_EQ(client->read(), std::string(1024, 'a'));
  ASSERT_FALSE(client->send(std::string(4096, 'b')));
  EXPECT_EQ(client->read_until_closed(), ws_close::kMessageTooBig) << client->error().message();
  EXPECT_TRUE(handler_->wait_closes(1));
}

TEST_F(WebSocketTest, BinaryFrameClosesWith1003) {
  start();
  auto client = connect();
  ASSERT_FALSE(client->send("\x01\x02", /*binary=*/true));
  EXPECT_EQ(client->read_until_closed(), ws_close::kUnsupportedData);
  EXPECT_TRUE(handler_->wait_closes(1));
}

TEST_F(WebSocketTest, ThrowingHandlerClosesWith1011) {
  handler_->message = [](const Connection&, std::string&) { throw std::runtime_error("boom"); };
  start();
  auto client = connect();
  ASSERT_FALSE(client->send("x"));
  EXPECT_EQ(client->read_until_closed(), ws_close::kInternalError);
}

TEST_F(WebSocketTest, OneFrameLargerThanTheQueueLimitStillGoesOut) {
  handler_->message = [](const Connection& c, std::string&) { c->send(std::string(8192, 'x')); };
  HttpServerOptions options;
  options.ws_send_queue_bytes = 1024;
  start(options);
  auto client = connect();
  ASSERT_FALSE(client->send("big"));
  EXPECT_EQ(client->read(), std::string(8192, 'x'));
  ASSERT_FALSE(client->send("again"));
  EXPECT_EQ(client->read(), std::string(8192, 'x'));
}

TEST_F(WebSocketTest, SlowReaderIsDisconnectedWhileOthersKeepWorking) {
  std::promise<Connection> flooded;
  std::atomic<bool> flooded_set{false};
  handler_->message = [&](const Connection& c, std::string& text) {
    if (text == "flood" && !flooded_set.exchange(true)) return flooded.set_value(c);
    c->send(text);
  };
  HttpServerOptions options;
  options.ws_send_queue_bytes = 256 * 1024;
  start(options);
  auto slow = connect("/api/ws", 4096);
  auto fast = connect();
  ASSERT_FALSE(slow->send("flood"));
  std::future<Connection> connection = flooded.get_future();
  ASSERT_EQ(connection.wait_for(5s), std::future_status::ready);
  // Pushes far more than socket buffers and the queue hold; sends never block, and once the
  // bound is hit they are dropped, so this loop ends quickly whatever the client does.
  std::thread flooder([c = connection.get(), this] {
    std::string frame(16 * 1024, 'f');
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (handler_->closes() == 0 && std::chrono::steady_clock::now() < deadline) c->send(frame);
  });
  for (int i = 0; i < 100; ++i) {
    ASSERT_FALSE(fast->send("ping " + std::to_string(i)));
    ASSERT_EQ(fast->read(), "ping " + std::to_string(i));
  }
  EXPECT_TRUE(handler_->wait_closes(1));
  flooder.join();
  // The slow client finds the data that fit in the buffers, then the end of the connection.
  int code = slow->read_until_closed();
  EXPECT_TRUE(code == 0 || code == ws_close::kPolicyViolation) << code;
  EXPECT_EQ(handler_->closes(), 1);
  ASSERT_FALSE(fast->send("still here"));
  EXPECT_EQ(fast->read(), "still here");
}

TEST_F(WebSocketTest, NonUpgradeRequestsAreRoutedAsHttp) {
  start();
  TestClient http(server_->port());
  EXPECT_EQ(http.get("/api/ws").body(), "plain");
  EXPECT_EQ(http.get("/api/ws/plugins/telemetry").result_int(), 404);
  // An upgrade to a path with no WebSocket endpoint gets the HTTP answer.
  WsTestClient client(server_->port());
  WsTestClient::HandshakeResponse response;
  EXPECT_TRUE(client.handshake("/api/unknown", &response));
  EXPECT_EQ(response.result_int(), 404);
}

TEST_F(WebSocketTest, StopClosesOpenConnectionsWithGoingAway) {
  start();
  auto first = connect();
  auto second = connect("/api/ws/plugins/telemetry");
  ASSERT_FALSE(first->send("a"));
  EXPECT_EQ(first->read(), "a");
  // The clients must answer the close handshake while stop() runs, so they read on threads.
  auto first_code = std::async(std::launch::async, [&] { return first->read_until_closed(); });
  auto second_code = std::async(std::launch::async, [&] { return second->read_until_closed(); });
  server_->stop();
  EXPECT_EQ(handler_->closes(), 2);  // stop() returns after every on_close ran
  EXPECT_EQ(first_code.get(), ws_close::kGoingAway);
  EXPECT_EQ(second_code.get(), ws_close::kGoingAway);
}

TEST_F(WebSocketTest, DestroyingServerWithOpenConnectionIsSafe) {
  std::promise<Connection> opened;
  handler_->opened = [&](const Connection& c) { opened.set_value(c); };
  start();
  auto client = connect();  // never reads: stop() has to end the handshake itself
  std::future<Connection> connection = opened.get_future();
  ASSERT_EQ(connection.wait_for(5s), std::future_status::ready);
  Connection kept = connection.get();
  server_.reset();
  EXPECT_EQ(handler_->closes(), 1);
  kept->send("too late");  // dropped: the connection is gone
  kept->close(ws_close::kNormal, "too late");
  EXPECT_EQ(kept->request().path, "/api/ws");
  EXPECT_NE(client->read_until_closed(), -1);  // ends, one way or another
}

}  // namespace
}  // namespace pacificsoft::net
