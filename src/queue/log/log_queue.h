// The embedded durable queue: one append-only log per partition on local disk (segments of
// checksummed records, docs/formats/queue_log.md), appends group-committed by one writer thread
// (fdatasync, then `done`), consumed records deleted segment by segment once committed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "queue/message_queue.h"

namespace pacificsoft::queue::log {

struct LogQueueOptions {
  std::uint32_t partitions = 4;
  std::uint64_t segment_bytes = std::uint64_t{64} << 20;
};

class LogQueue final : public MessageQueue {
 public:
  // Opens (creating) the queue in `dir`, recovering each partition to its last whole record.
  static Result<std::unique_ptr<LogQueue>> open(const std::string& dir, LogQueueOptions options);
  ~LogQueue() override;  // writes what is queued, reports it, stops the writer
  LogQueue(const LogQueue&) = delete;
  LogQueue& operator=(const LogQueue&) = delete;

  std::uint32_t partitions() const override;
  void append(std::uint32_t partition, std::string payload, AppendDone done) override;
  Result<std::vector<Record>> read(std::uint32_t partition, Offset from, std::size_t max_records,
                                   std::chrono::milliseconds wait) override;
  void set_arrival_listener(std::uint32_t partition, std::function<void()> listener) override;
  Status commit(std::uint32_t partition, Offset next) override;
  Offset committed(std::uint32_t partition) const override;
  std::uint64_t backlog(std::uint32_t partition) const override;

 private:
  struct Impl;
  explicit LogQueue(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacificsoft::queue::log
