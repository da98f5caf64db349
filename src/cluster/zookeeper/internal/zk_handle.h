// A ZooKeeper session through the C client (libzookeeper_mt): synchronous calls for one worker
// thread, and the client's events handed to a callback. The client keeps the session alive on
// its own threads; a session lost for longer than its time-out is expired by the server, which
// then removes its ephemeral znodes.
#pragma once

#include <zookeeper/zookeeper.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace pacificsoft::cluster::zookeeper::detail {

enum class ZkEventKind : std::uint8_t {
  kConnected,     // the session is (again) connected
  kDisconnected,  // the connection is lost; the session may still be alive at the server
  kExpired,       // the session is gone: its ephemeral znodes too
  kChildren,      // the children of a watched znode changed
  kNode,          // a watched znode was created, changed or deleted
};

struct ZkEvent {
  ZkEventKind kind;
  std::string path;  // kChildren, kNode
};

// Runs on the client's event thread: keep it short (no calls on the handle there).
using ZkEvents = std::function<void(const ZkEvent& event)>;

struct ZNode {
  std::string data;
  std::int64_t ephemeral_owner = 0;  // the session that holds it, 0 for a persistent znode
};

// Thread-safe for one caller at a time besides the client's own threads.
class ZkHandle {
 public:
  // Opens a session with `hosts` ("host:port,..."), waiting up to `wait` for it to connect.
  static Result<std::unique_ptr<ZkHandle>> connect(const std::string& hosts,
                                                   std::chrono::milliseconds session_timeout,
                                                   std::chrono::milliseconds wait, ZkEvents events);
  ~ZkHandle();  // closes the session: its ephemeral znodes go at once
  ZkHandle(const ZkHandle&) = delete;
  ZkHandle& operator=(const ZkHandle&) = delete;

  std::int64_t session_id() const;

  // kAlreadyExists when the znode is there.
  Status create(const std::string& path, std::string_view data, bool ephemeral);
  // Creates the missing persistent znodes of `path`, the last one included.
  Status create_path(const std::string& path);
  // Ok when it is gone already.
  Status remove(const std::string& path);
  Status set(const std::string& path, std::string_view data);
  // With `watch`, a kChildren event follows the next change.
  Result<std::vector<std::string>> children(const std::string& path, bool watch);
  // nullopt when absent. With `watch`, a kNode event follows its creation, change or deletion.
  Result<std::optional<ZNode>> get(const std::string& path, bool watch);

 private:
  explicit ZkHandle(ZkEvents events) : events_(std::move(events)) {}
  static void on_watch(zhandle_t* handle, int type, int state, const char* path, void* context);

  const ZkEvents events_;
  zhandle_t* handle_ = nullptr;
};

}  // namespace pacificsoft::cluster::zookeeper::detail
