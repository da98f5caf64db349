// net::WebSocketHandler glue: one TelemetryWsSession per connection.
#include "api/ws/telemetry_ws_endpoint.h"

#include <mutex>
#include <unordered_map>

namespace pacificsoft::api {
namespace {

class TelemetryWsEndpoint final : public net::WebSocketHandler {
 public:
  TelemetryWsEndpoint(WsServices& services, bool token_required)
      : services_(services), token_required_(token_required) {}

  void on_open(const std::shared_ptr<net::WebSocketConnection>& connection) override {
    std::weak_ptr<net::WebSocketConnection> weak = connection;
    auto session = std::make_shared<TelemetryWsSession>(
        services_,
        [weak](std::string frame) {
          if (auto open = weak.lock()) open->send(std::move(frame));
        },
        [weak](int code, std::string reason) {
          if (auto open = weak.lock()) open->close(code, std::move(reason));
        });
    {
      std::lock_guard lock(mutex_);
      sessions_[connection.get()] = session;
    }
    // /api/ws may also carry ?token=; the legacy endpoint must.
    auto token = connection->request().query_param("token");
    if (token || token_required_) session->authenticate(std::string(token.value_or("")));
  }

  void on_message(const std::shared_ptr<net::WebSocketConnection>& connection,
                  std::string text) override {
    if (auto session = find(connection)) session->on_message(text);
  }

  void on_close(const std::shared_ptr<net::WebSocketConnection>& connection) override {
    std::shared_ptr<TelemetryWsSession> session;
    {
      std::lock_guard lock(mutex_);
      auto found = sessions_.find(connection.get());
      if (found == sessions_.end()) return;
      session = std::move(found->second);
      sessions_.erase(found);
    }
    session->on_close();
  }

 private:
  std::shared_ptr<TelemetryWsSession> find(const std::shared_ptr<net::WebSocketConnection>& key) {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(key.get());
    return found == sessions_.end() ? nullptr : found->second;
  }

  WsServices& services_;
  bool token_required_;
  std::mutex mutex_;
  // Keyed by the connection the server keeps alive until on_close.
  std::unordered_map<const net::WebSocketConnection*, std::shared_ptr<TelemetryWsSession>>
      sessions_;  // guarded by mutex_
};

}  // namespace

void register_telemetry_websocket(net::Router& router, WsServices& services) {
  router.add_websocket("/api/ws/plugins/telemetry",
                       std::make_shared<TelemetryWsEndpoint>(services, true));
  router.add_websocket("/api/ws", std::make_shared<TelemetryWsEndpoint>(services, false));
}

}  // namespace pacificsoft::api
