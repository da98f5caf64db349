// Runs rule-node scripts (JavaScript, the reference's function signatures) in worker processes
// (pacificsoft-script, Duktape), so a script that loops or eats memory costs only its own call:
// past the time limit its worker is killed and the call fails; the next call gets a new worker.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"

namespace pacificsoft::rule {

struct ScriptOptions {
  std::string worker_path;  // the pacificsoft-script executable
  int workers = 2;          // processes, each running one call at a time
  std::chrono::milliseconds timeout{1000};
  std::size_t memory_bytes = std::size_t{16} << 20;  // per worker
};

struct ScriptCall {
  std::string script;         // the function body, run as function(msg, metadata, msgType)
  std::string msg_json;       // the message data (JSON text)
  std::string metadata_json;  // a JSON object of strings
  std::string msg_type;
};

// The script's return value as JSON text; InvalidArgument with the script's error or time-out.
using ScriptDone = std::function<void(Result<std::string>)>;

// Thread-safe.
class ScriptSandbox {
 public:
  explicit ScriptSandbox(ScriptOptions options);
  ~ScriptSandbox();  // finishes queued calls with an error, stops the workers
  ScriptSandbox(const ScriptSandbox&) = delete;
  ScriptSandbox& operator=(const ScriptSandbox&) = delete;

  // `done` runs on a sandbox thread.
  void invoke(ScriptCall call, ScriptDone done);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::rule
