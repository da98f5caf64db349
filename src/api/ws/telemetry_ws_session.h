// One session of the telemetry WebSocket API (the reference's v1 commands, in the legacy
// {"tsSubCmds", "attrSubCmds", "historyCmds"} wrapper and in the newer {"authCmd", "cmds"} one):
// checks the caller may read each entity, sends current values, then streams every saved value
// of subscribed keys. Transport-free: frames go out through the Send callback, so the protocol is
// tested without sockets.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth_service.h"
#include "common/json.h"
#include "entities/entity_service.h"
#include "telemetry/telemetry_service.h"

namespace pacificsoft::api {

struct WsServices {
  auth::AuthService& auth;
  entities::EntityService& entities;
  telemetry::TelemetryService& telemetry;
};

// Thread-safe: commands arrive on one thread at a time, updates from any saving thread.
// Owned by a shared_ptr; hub listeners hold it weakly.
class TelemetryWsSession : public std::enable_shared_from_this<TelemetryWsSession> {
 public:
  using Send = std::function<void(std::string frame)>;  // must not block
  using Close = std::function<void(int code, std::string reason)>;

  TelemetryWsSession(WsServices& services, Send send, Close close);
  ~TelemetryWsSession();

  // The legacy endpoint's ?token=; false (and the socket is closed) when it is not valid.
  bool authenticate(const std::string& token);
  void on_message(std::string_view frame);
  // Ends every subscription; call when the socket closes.
  void on_close();

 private:
  struct Command;
  void handle(const Command& command);
  void subscribe_timeseries(const Command& command, const model::EntityId& entity);
  void subscribe_attributes(const Command& command, const model::EntityId& entity);
  void send_history(const Command& command, const model::EntityId& entity);
  void unsubscribe(std::int64_t cmd_id);
  void send_update(std::int64_t cmd_id, const std::vector<model::TsKv>& points);
  void send_error(std::int64_t cmd_id, int code, const std::string& message);
  Result<model::EntityId> readable_entity(const Command& command);
  bool authenticate_from(const boost::json::object& frame);

  WsServices& services_;
  Send send_;
  Close close_;
  mutable std::mutex mutex_;
  std::optional<auth::SecurityUser> user_;                           // guarded by mutex_
  std::map<std::int64_t, telemetry::SubscriptionId> subscriptions_;  // guarded by mutex_
};

}  // namespace pacificsoft::api
