// The client's global watcher gets session events and the events of znodes watched with the
// plain (watch = 1) calls; both are turned into ZkEvents.
#include "cluster/zookeeper/internal/zk_handle.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace pacificsoft::cluster::zookeeper::detail {

namespace {

Status failure(int code, std::string_view what, const std::string& path) {
  ErrorCode kind = ErrorCode::kInternal;
  if (code == ZNONODE) kind = ErrorCode::kNotFound;
  if (code == ZCONNECTIONLOSS || code == ZSESSIONEXPIRED || code == ZOPERATIONTIMEOUT ||
      code == ZINVALIDSTATE) {
    kind = ErrorCode::kUnavailable;
  }
  return {kind, "zookeeper " + std::string(what) + " " + path + ": " + zerror(code)};
}

// Quiet the client's own log (it writes to stderr): only its errors.
void quiet_client_log() {
  static std::once_flag once;
  std::call_once(once, [] { zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR); });
}

}  // namespace

Result<std::unique_ptr<ZkHandle>> ZkHandle::connect(const std::string& hosts,
                                                    std::chrono::milliseconds session_timeout,
                                                    std::chrono::milliseconds wait,
                                                    ZkEvents events) {
  quiet_client_log();
  // The first event comes from the client's thread; the caller waits for it here.
  struct FirstState {
    std::mutex mutex;
    std::condition_variable changed;
    bool connected = false;
  };
  auto first = std::make_shared<FirstState>();
  std::unique_ptr<ZkHandle> handle(
      new ZkHandle([events = std::move(events), first](const ZkEvent& event) {
        if (event.kind == ZkEventKind::kConnected) {
          std::lock_guard lock(first->mutex);
          first->connected = true;
          first->changed.notify_all();
        }
        events(event);
      }));
  handle->handle_ =
      zookeeper_init(hosts.c_str(), &ZkHandle::on_watch, static_cast<int>(session_timeout.count()),
                     nullptr, handle.get(), 0);
  if (handle->handle_ == nullptr) {
    return Status(ErrorCode::kUnavailable, "zookeeper " + hosts + ": cannot start the client");
  }
  std::unique_lock lock(first->mutex);
  if (!first->changed.wait_for(lock, wait, [&] { return first->connected; })) {
    return Status(ErrorCode::kUnavailable, "zookeeper " + hosts + ": no session within " +
                                               std::to_string(wait.count()) + " ms");
  }
  return handle;
}

ZkHandle::~ZkHandle() {
  if (handle_ != nullptr) zookeeper_close(handle_);
}

void ZkHandle::on_watch(zhandle_t* /*handle*/, int type, int state, const char* path,
                        void* context) {
  auto* self = static_cast<ZkHandle*>(context);
  if (type == ZOO_SESSION_EVENT) {
    if (state == ZOO_CONNECTED_STATE) {
      self->events_({ZkEventKind::kConnected, {}});
    } else if (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE) {
      self->events_({ZkEventKind::kExpired, {}});
    } else {
      self->events_({ZkEventKind::kDisconnected, {}});
    }
  } else if (type == ZOO_CHILD_EVENT) {
    self->events_({ZkEventKind::kChildren, path != nullptr ? path : ""});
  } else if (type != ZOO_NOTWATCHING_EVENT) {
    self->events_({ZkEventKind::kNode, path != nullptr ? path : ""});
  }
}

std::int64_t ZkHandle::session_id() const { return zoo_client_id(handle_)->client_id; }

Status ZkHandle::create(const std::string& path, std::string_view data, bool ephemeral) {
  const int code =
      zoo_create(handle_, path.c_str(), data.data(), static_cast<int>(data.size()),
                 &ZOO_OPEN_ACL_UNSAFE, ephemeral ? ZOO_EPHEMERAL : ZOO_PERSISTENT, nullptr, 0);
  if (code == ZOK) return Status::ok();
  if (code == ZNODEEXISTS) return {ErrorCode::kAlreadyExists, path + " exists"};
  return failure(code, "create", path);
}

Status ZkHandle::create_path(const std::string& path) {
  for (std::size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    const std::string prefix = path.substr(0, slash);
    Status created = create(prefix, {}, false);
    if (!created && created.code() != ErrorCode::kAlreadyExists) return created;
    if (slash == std::string::npos) return Status::ok();
  }
}

Status ZkHandle::remove(const std::string& path) {
  const int code = zoo_delete(handle_, path.c_str(), -1);
  if (code == ZOK || code == ZNONODE) return Status::ok();
  return failure(code, "delete", path);
}

Status ZkHandle::set(const std::string& path, std::string_view data) {
  const int code = zoo_set(handle_, path.c_str(), data.data(), static_cast<int>(data.size()), -1);
  return code == ZOK ? Status::ok() : failure(code, "set", path);
}

Result<std::vector<std::string>> ZkHandle::children(const std::string& path, bool watch) {
  String_vector names{};
  const int code = zoo_get_children(handle_, path.c_str(), watch ? 1 : 0, &names);
  if (code != ZOK) return failure(code, "children of", path);
  std::vector<std::string> result(names.data, names.data + names.count);
  deallocate_String_vector(&names);
  return result;
}

Result<std::optional<ZNode>> ZkHandle::get(const std::string& path, bool watch) {
  std::string buffer(1024, '\0');  // node records are small JSON documents
  int length = static_cast<int>(buffer.size());
  Stat stat{};
  int code = zoo_get(handle_, path.c_str(), watch ? 1 : 0, buffer.data(), &length, &stat);
  if (code == ZOK && stat.dataLength > length) {  // a bigger one: read it whole
    buffer.resize(static_cast<std::size_t>(stat.dataLength));
    length = stat.dataLength;
    code = zoo_get(handle_, path.c_str(), watch ? 1 : 0, buffer.data(), &length, &stat);
  }
  if (code == ZNONODE) {
    // Watch for its creation instead (zoo_get leaves no watch on a missing znode).
    if (watch) {
      const int exists = zoo_exists(handle_, path.c_str(), 1, &stat);
      if (exists == ZOK) return get(path, watch);  // created meanwhile
      if (exists != ZNONODE) return failure(exists, "watch", path);
    }
    return std::optional<ZNode>();
  }
  if (code != ZOK) return failure(code, "get", path);
  buffer.resize(length > 0 ? static_cast<std::size_t>(length) : 0);
  return std::optional<ZNode>(ZNode{std::move(buffer), stat.ephemeralOwner});
}

}  // namespace pacificsoft::cluster::zookeeper::detail
