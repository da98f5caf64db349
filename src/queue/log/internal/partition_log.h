// One partition's log on disk: its segments, the open segment it appends to, the committed
// offset. Not thread-safe: LogQueue serialises access per partition.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "queue/message_queue.h"

namespace pacificsoft::queue::log::detail {

// Syncing what was written to a partition's open segment, on a handle of its own so that it
// runs outside the partition's lock and beside further writes (a segment closed meanwhile was
// synced when it was closed). Closes the handle.
class PendingSync {
 public:
  PendingSync() = default;
  PendingSync(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  explicit PendingSync(Status outcome) : outcome_(std::move(outcome)) {}  // synced already
  PendingSync(PendingSync&& other) noexcept { *this = std::move(other); }
  PendingSync& operator=(PendingSync&& other) noexcept;
  ~PendingSync();
  Status run();  // ok when nothing needed syncing

 private:
  int fd_ = -1;
  std::filesystem::path path_;
  Status outcome_;  // without a handle
};

class PartitionLog {
 public:
  static Result<std::unique_ptr<PartitionLog>> open(const std::filesystem::path& dir,
                                                    std::uint64_t segment_bytes);
  ~PartitionLog();
  PartitionLog(const PartitionLog&) = delete;
  PartitionLog& operator=(const PartitionLog&) = delete;

  // The offset the next appended record gets.
  Offset next_offset() const { return next_offset_; }
  // Appends records to the open segment (rolling to a new one when full); not yet durable.
  Status write(const std::vector<std::string_view>& payloads);
  // What makes everything written so far durable.
  PendingSync pending_sync();
  Result<std::vector<Record>> read(Offset from, std::size_t max_records, Offset end);
  Offset committed() const { return committed_; }
  // Records the committed offset; returns the segments now wholly below it, no longer listed,
  // for the caller to delete.
  Result<std::vector<std::filesystem::path>> commit(Offset next);

 private:
  struct Segment {
    Offset base = 0;
    std::filesystem::path path;
  };
  PartitionLog(std::filesystem::path dir, std::uint64_t segment_bytes);
  Status recover();
  Status recover_committed();
  Status open_for_append(const Segment& segment, std::uint64_t size);
  Status roll();
  Status sync();
  // Writes the buffered records, whose first offset is buffer_first.
  Status flush(std::string& buffer, Offset& buffer_first);
  std::size_t segment_index(Offset offset) const;
  // The segment the consumer reads, kept open between reads.
  int reader_fd(const Segment& segment);
  void close_reader();

  std::filesystem::path dir_;
  std::uint64_t segment_bytes_;
  std::vector<Segment> segments_;  // by base offset; the last one is open for appends
  int append_fd_ = -1;
  std::filesystem::path append_path_;
  int committed_fd_ = -1;  // the `committed` file, rewritten in place
  int read_fd_ = -1;
  Offset read_base_ = 0;  // the segment read_fd_ reads
  std::uint64_t append_size_ = 0;
  bool dirty_ = false;  // written since the last sync
  Offset next_offset_ = 0;
  Offset committed_ = 0;
  // Where the last read stopped, so a consumer reading in order never rescans a segment.
  Offset hint_offset_ = 0;
  std::uint64_t hint_position_ = 0;
  std::size_t hint_segment_ = 0;
};

}  // namespace pacificsoft::queue::log::detail
