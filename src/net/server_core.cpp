// Shared server state (see internal/server_core.h): connection registry and the in-flight
// count that lets stop() finish requests before closing connections.
#include "net/internal/server_core.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "common/log.h"

namespace pacificsoft::net::internal {
namespace {

std::optional<StaticFiles> make_static_files(const std::string& dir) {
  if (dir.empty()) return std::nullopt;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    spdlog::warn("http: static folder '{}' does not exist; not serving static files", dir);
    return std::nullopt;
  }
  return StaticFiles(dir);
}

}  // namespace

ServerCore::ServerCore(HttpServerOptions options, const Router& router)
    : options_(std::move(options)),
      router_(router),
      static_files_(make_static_files(options_.static_dir)),
      workers_(
          static_cast<std::size_t>(options_.worker_threads > 0 ? options_.worker_threads : 1)) {}

std::uint64_t ServerCore::add_session(std::weak_ptr<HttpSession> session) {
  std::lock_guard lock(sessions_mutex_);
  std::uint64_t id = next_session_id_++;
  sessions_.emplace(id, std::move(session));
  return id;
}

void ServerCore::remove_session(std::uint64_t id) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(id);
}

std::vector<std::shared_ptr<HttpSession>> ServerCore::sessions() const {
  std::vector<std::shared_ptr<HttpSession>> live;
  std::lock_guard lock(sessions_mutex_);
  live.reserve(sessions_.size());
  for (const auto& [id, weak] : sessions_) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

std::uint64_t ServerCore::add_websocket(std::weak_ptr<WebSocketSession> session) {
  std::lock_guard lock(sessions_mutex_);
  std::uint64_t id = next_session_id_++;
  websockets_.emplace(id, std::move(session));
  return id;
}

void ServerCore::remove_websocket(std::uint64_t id) {
  std::lock_guard lock(sessions_mutex_);
  websockets_.erase(id);
}

std::vector<std::shared_ptr<WebSocketSession>> ServerCore::websockets() const {
  std::vector<std::shared_ptr<WebSocketSession>> live;
  std::lock_guard lock(sessions_mutex_);
  live.reserve(websockets_.size());
  for (const auto& [id, weak] : websockets_) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

ServerCore::InFlight::InFlight(ServerCore& core) : core_(core) {
  std::lock_guard lock(core_.in_flight_mutex_);
  ++core_.in_flight_;
}

ServerCore::InFlight::~InFlight() {
  std::lock_guard lock(core_.in_flight_mutex_);
  if (--core_.in_flight_ == 0) core_.in_flight_cv_.notify_all();
}

bool ServerCore::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(in_flight_mutex_);
  return in_flight_cv_.wait_for(lock, timeout, [this] { return in_flight_ == 0; });
}

void ServerCore::mark_stopped() {
  std::lock_guard lock(stopped_mutex_);
  stopped_ = true;
}

}  // namespace pacificsoft::net::internal
