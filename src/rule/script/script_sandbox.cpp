#include "rule/script/script_sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "common/json.h"
#include "common/log.h"
#include "common/thread_name.h"

namespace pacificsoft::rule {
namespace {

using SteadyClock = std::chrono::steady_clock;

Status script_error(std::string message) { return invalid_argument(std::move(message)); }

// One worker process and the pipes to it; used by one sandbox thread only.
class Worker {
 public:
  explicit Worker(const ScriptOptions& options) : options_(options) {}
  ~Worker() { stop(); }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  Result<std::string> call(const std::string& request) {
    if (pid_ <= 0) PS_RETURN_IF_ERROR(start());
    const auto deadline = SteadyClock::now() + options_.timeout;
    std::string frame;
    for (int i = 0; i < 4; ++i) frame += static_cast<char>((request.size() >> (8 * i)) & 0xFF);
    frame += request;
    if (!write_all(frame)) {
      stop();
      return script_error("script worker is gone");
    }
    std::string header(4, '\0');
    if (!read_all(header, deadline)) return timed_out();
    std::size_t size = 0;
    for (int i = 0; i < 4; ++i) {
      size |= static_cast<std::size_t>(static_cast<unsigned char>(header[i])) << (8 * i);
    }
    std::string response(size, '\0');
    if (!read_all(response, deadline)) return timed_out();
    return response;
  }

 private:
  Status start() {
    int to_child[2];
    int from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0) return internal_error("pipe failed");
    if (::pipe2(from_child, O_CLOEXEC) != 0) {
      ::close(to_child[0]);
      ::close(to_child[1]);
      return internal_error("pipe failed");
    }
    // The worker starts with no signals blocked, whatever this thread blocks.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    const std::string limit = std::to_string(options_.memory_bytes);
    std::vector<char*> argv{const_cast<char*>(options_.worker_path.c_str()),
                            const_cast<char*>("--memory-limit"), const_cast<char*>(limit.c_str()),
                            nullptr};
    const int spawned = ::posix_spawn(&pid_, options_.worker_path.c_str(), &actions, &attributes,
                                      argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(to_child[0]);
    ::close(from_child[1]);
    to_worker_ = to_child[1];
    from_worker_ = from_child[0];
    if (spawned != 0) {
      pid_ = 0;
      stop();
      return internal_error("cannot start script worker " + options_.worker_path);
    }
    return Status::ok();
  }

  void stop() {
    if (to_worker_ >= 0) ::close(to_worker_);
    if (from_worker_ >= 0) ::close(from_worker_);
    to_worker_ = from_worker_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    pid_ = 0;
  }

  Status timed_out() {
    stop();  // the only way to stop a Duktape script: the next call starts a new worker
    return script_error("script timed out after " + std::to_string(options_.timeout.count()) +
                        " ms");
  }

  bool write_all(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t wrote = ::write(to_worker_, bytes.data() + done, bytes.size() - done);
      if (wrote <= 0) return false;
      done += static_cast<std::size_t>(wrote);
    }
    return true;
  }

  bool read_all(std::string& out, SteadyClock::time_point deadline) {
    std::size_t done = 0;
    while (done < out.size()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
      pollfd readable{from_worker_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) {
        return false;
      }
      ssize_t got = ::read(from_worker_, out.data() + done, out.size() - done);
      if (got <= 0) return false;
      done += static_cast<std::size_t>(got);
    }
    return true;
  }

  const ScriptOptions& options_;
  pid_t pid_ = 0;
  int to_worker_ = -1;
  int from_worker_ = -1;
};

std::string request_json(const ScriptCall& call) {
  auto msg = json::parse(call.msg_json);
  auto metadata = json::parse(call.metadata_json);
  boost::json::object request{{"script", call.script},
                              {"msg", msg ? *msg : boost::json::value(call.msg_json)},
                              {"metadata", metadata ? *metadata : boost::json::object{}},
                              {"msgType", call.msg_type}};
  return json::serialize(request);
}

Result<std::string> result_of(const Result<std::string>& response) {
  if (!response) return response.status();
  auto object = json::parse_object(*response);
  if (!object) return script_error("script worker answered nonsense");
  if (auto error = json::get_string(*object, "error")) return script_error(std::string(*error));
  const auto* result = object->if_contains("result");
  return result ? json::serialize(*result) : std::string("null");
}

}  // namespace

struct ScriptSandbox::Impl {
  ScriptOptions options;
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::pair<ScriptCall, ScriptDone>> calls;  // guarded by mutex
  bool stopping = false;                                // guarded by mutex
  std::vector<std::thread> threads;

  void serve() {
    // A worker that died leaves a broken pipe: writing to it must fail, not raise SIGPIPE.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    Worker worker(options);
    for (;;) {
      std::pair<ScriptCall, ScriptDone> next;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [this] { return stopping || !calls.empty(); });
        if (stopping) return;
        next = std::move(calls.front());
        calls.pop_front();
      }
      next.second(result_of(worker.call(request_json(next.first))));
    }
  }
};

ScriptSandbox::ScriptSandbox(ScriptOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  for (int i = 0; i < std::max(1, impl_->options.workers); ++i) {
    impl_->threads.emplace_back([impl = impl_.get()] {
      name_this_thread("script");
      impl->serve();
    });
  }
}

ScriptSandbox::~ScriptSandbox() {
  std::deque<std::pair<ScriptCall, ScriptDone>> left;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    left.swap(impl_->calls);
  }
  impl_->ready.notify_all();
  for (auto& thread : impl_->threads) thread.join();
  for (auto& [call, done] : left) done(Status(ErrorCode::kUnavailable, "script sandbox stopped"));
}

void ScriptSandbox::invoke(ScriptCall call, ScriptDone done) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->calls.emplace_back(std::move(call), std::move(done));
  }
  impl_->ready.notify_one();
}

}  // namespace pacificsoft::rule
