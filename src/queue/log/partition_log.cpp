#include "queue/log/internal/partition_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

namespace pacificsoft::queue::log::detail {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kHeaderBytes = 16;  // length u32, crc u32, offset u64
constexpr std::uint32_t kMaxRecordBytes = 64U << 20;
constexpr std::size_t kCommittedBytes = 12;  // offset u64, crc u32

Status io_error(const std::string& what, const fs::path& path) {
  return Status(ErrorCode::kUnavailable, what + " " + path.string() + ": " + std::strerror(errno));
}

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint64_t get_le(const char* data, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[i])) << (8 * i);
  }
  return value;
}

std::uint32_t checksum(Offset offset, std::string_view payload) {
  std::string offset_bytes;
  put_le(offset_bytes, offset, 8);
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(offset_bytes.data()), 8);
  crc =
      crc32(crc, reinterpret_cast<const Bytef*>(payload.data()), static_cast<uInt>(payload.size()));
  return static_cast<std::uint32_t>(crc);
}

fs::path segment_path(const fs::path& dir, Offset base) {
  std::string name = std::to_string(base);
  return dir / (std::string(20 - name.size(), '0') + name + ".log");
}

// Reads exactly `size` bytes at `position`; false at end of file or on error.
bool read_at(int fd, std::uint64_t position, char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t got = ::pread(fd, out + done, size - done, static_cast<off_t>(position + done));
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

Status sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open", dir);
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? Status::ok() : io_error("cannot sync", dir);
}

// One record read back: its header fields, checked against the offset expected there.
struct Header {
  std::uint32_t length = 0;
  std::uint32_t crc = 0;
  Offset offset = 0;
};

bool read_header(int fd, std::uint64_t position, Header& header) {
  std::array<char, kHeaderBytes> bytes{};
  if (!read_at(fd, position, bytes.data(), bytes.size())) return false;
  header.length = static_cast<std::uint32_t>(get_le(bytes.data(), 4));
  header.crc = static_cast<std::uint32_t>(get_le(bytes.data() + 4, 4));
  header.offset = get_le(bytes.data() + 8, 8);
  return header.length <= kMaxRecordBytes;
}

}  // namespace

PartitionLog::PartitionLog(fs::path dir, std::uint64_t segment_bytes)
    : dir_(std::move(dir)), segment_bytes_(segment_bytes) {}

PartitionLog::~PartitionLog() {
  if (append_fd_ >= 0) ::close(append_fd_);
  if (committed_fd_ >= 0) ::close(committed_fd_);
  close_reader();
}

int PartitionLog::reader_fd(const Segment& segment) {
  if (read_fd_ >= 0 && read_base_ == segment.base) return read_fd_;
  close_reader();
  read_fd_ = ::open(segment.path.c_str(), O_RDONLY | O_CLOEXEC);
  read_base_ = segment.base;
  return read_fd_;
}

void PartitionLog::close_reader() {
  if (read_fd_ >= 0) ::close(read_fd_);
  read_fd_ = -1;
}

Result<std::unique_ptr<PartitionLog>> PartitionLog::open(const fs::path& dir,
                                                         std::uint64_t segment_bytes) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) return Status(ErrorCode::kUnavailable, "cannot create " + dir.string());
  std::unique_ptr<PartitionLog> log(new PartitionLog(dir, segment_bytes));
  PS_RETURN_IF_ERROR(log->recover());
  return log;
}

Status PartitionLog::recover() {
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().extension() != ".log") continue;
    segments_.push_back({std::stoull(entry.path().stem().string()), entry.path()});
  }
  std::sort(segments_.begin(), segments_.end(),
            [](const Segment& a, const Segment& b) { return a.base < b.base; });
  if (segments_.empty()) segments_.push_back({0, segment_path(dir_, 0)});
  const Segment& last = segments_.back();
  int fd = ::open(last.path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot open", last.path);
  // Scan the open segment: the first record that is torn, corrupt or out of sequence ends it.
  std::uint64_t position = 0;
  Offset expected = last.base;
  Header header;
  std::string payload;
  while (read_header(fd, position, header) && header.offset == expected) {
    payload.resize(header.length);
    if (!read_at(fd, position + kHeaderBytes, payload.data(), header.length) ||
        checksum(header.offset, payload) != header.crc) {
      break;
    }
    position += kHeaderBytes + header.length;
    ++expected;
  }
  ::close(fd);
  next_offset_ = expected;
  PS_RETURN_IF_ERROR(open_for_append(last, position));
  return recover_committed();
}

Status PartitionLog::recover_committed() {
  committed_ = segments_.front().base;
  const fs::path path = dir_ / "committed";
  committed_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (committed_fd_ < 0) return io_error("cannot open", path);
  std::array<char, kCommittedBytes> bytes{};
  if (read_at(committed_fd_, 0, bytes.data(), bytes.size())) {
    const Offset stored = get_le(bytes.data(), 8);
    const std::string_view offset_bytes(bytes.data(), 8);
    // A torn write (the crc disagrees) replays from the oldest segment: at-least-once.
    if (get_le(bytes.data() + 8, 4) == checksum(0, offset_bytes)) {
      committed_ = std::clamp(stored, segments_.front().base, next_offset_);
    }
  }
  return Status::ok();
}

Status PartitionLog::open_for_append(const Segment& segment, std::uint64_t size) {
  if (append_fd_ >= 0) ::close(append_fd_);
  append_fd_ = ::open(segment.path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  append_path_ = segment.path;
  if (append_fd_ < 0) return io_error("cannot open", segment.path);
  // Cut off a torn tail so new records follow the last whole one.
  if (::ftruncate(append_fd_, static_cast<off_t>(size)) != 0 ||
      ::lseek(append_fd_, static_cast<off_t>(size), SEEK_SET) < 0) {
    return io_error("cannot position", segment.path);
  }
  append_size_ = size;
  return sync_directory(dir_);
}

Status PartitionLog::roll() {
  PS_RETURN_IF_ERROR(sync());
  segments_.push_back({next_offset_, segment_path(dir_, next_offset_)});
  return open_for_append(segments_.back(), 0);
}

Status PartitionLog::write(const std::vector<std::string_view>& payloads) {
  for (std::string_view payload : payloads) {
    if (payload.size() > kMaxRecordBytes) {
      return invalid_argument("queue record over " + std::to_string(kMaxRecordBytes) + " bytes");
    }
  }
  std::string buffer;
  Offset buffer_first = next_offset_;
  for (std::string_view payload : payloads) {
    if (append_size_ + buffer.size() >= segment_bytes_ && append_size_ + buffer.size() > 0) {
      PS_RETURN_IF_ERROR(flush(buffer, buffer_first));
      PS_RETURN_IF_ERROR(roll());
    }
    put_le(buffer, payload.size(), 4);
    put_le(buffer, checksum(next_offset_, payload), 4);
    put_le(buffer, next_offset_, 8);
    buffer += payload;
    ++next_offset_;
  }
  return flush(buffer, buffer_first);
}

Status PartitionLog::flush(std::string& buffer, Offset& buffer_first) {
  if (buffer.empty()) return Status::ok();
  if (!write_all(append_fd_, buffer)) {
    Status error = io_error("cannot write", append_path_);
    // Whole records or none: a partly written buffer is cut off and its offsets given out
    // again, so the next record follows the last whole one (else a reader would stop there).
    next_offset_ = buffer_first;
    const auto size = static_cast<off_t>(append_size_);
    if (::ftruncate(append_fd_, size) != 0 || ::lseek(append_fd_, size, SEEK_SET) < 0) {
      return io_error("cannot cut a failed write off", append_path_);
    }
    return error;
  }
  append_size_ += buffer.size();
  dirty_ = true;
  buffer.clear();
  buffer_first = next_offset_;
  return Status::ok();
}

PendingSync& PendingSync::operator=(PendingSync&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    outcome_ = std::move(other.outcome_);
  }
  return *this;
}

PendingSync::~PendingSync() {
  if (fd_ >= 0) ::close(fd_);
}

Status PendingSync::run() {
  if (fd_ < 0) return outcome_;
  const bool synced = ::fdatasync(fd_) == 0;
  Status status = synced ? Status::ok() : io_error("cannot sync", path_);
  ::close(fd_);
  fd_ = -1;
  return status;
}

PendingSync PartitionLog::pending_sync() {
  if (!dirty_) return {};
  const int fd = ::dup(append_fd_);
  if (fd < 0) return PendingSync(sync());  // out of descriptors: synced here, under the lock
  dirty_ = false;
  return {fd, append_path_};
}

Status PartitionLog::sync() {
  if (!dirty_) return Status::ok();
  if (::fdatasync(append_fd_) != 0) return io_error("cannot sync", append_path_);
  dirty_ = false;
  return Status::ok();
}

std::size_t PartitionLog::segment_index(Offset offset) const {
  auto after = std::upper_bound(segments_.begin(), segments_.end(), offset,
                                [](Offset value, const Segment& s) { return value < s.base; });
  return after == segments_.begin() ? 0 : static_cast<std::size_t>(after - segments_.begin() - 1);
}

Result<std::vector<Record>> PartitionLog::read(Offset from, std::size_t max_records, Offset end) {
  std::vector<Record> records;
  from = std::max(from, segments_.front().base);
  std::size_t index = segment_index(from);
  std::uint64_t position = 0;
  Offset offset = segments_[index].base;
  if (hint_offset_ == from && hint_segment_ == index) {
    position = hint_position_;
    offset = from;
  }
  while (records.size() < max_records && offset < end && index < segments_.size()) {
    const int fd = reader_fd(segments_[index]);
    if (fd < 0) return io_error("cannot open", segments_[index].path);
    Header header;
    while (records.size() < max_records && offset < end && read_header(fd, position, header)) {
      if (header.offset != offset) break;
      if (offset >= from) {
        Record record{offset, std::string(header.length, '\0')};
        if (!read_at(fd, position + kHeaderBytes, record.payload.data(), header.length) ||
            checksum(offset, record.payload) != header.crc) {
          return internal_error("queue record " + std::to_string(offset) + " is corrupt in " +
                                segments_[index].path.string());
        }
        records.push_back(std::move(record));
      }
      position += kHeaderBytes + header.length;
      ++offset;
    }
    const bool segment_done = index + 1 < segments_.size() && offset >= segments_[index + 1].base;
    if (!segment_done) break;
    ++index;
    position = 0;
  }
  hint_offset_ = offset;
  hint_segment_ = index;
  hint_position_ = position;
  return records;
}

Result<std::vector<fs::path>> PartitionLog::commit(Offset next) {
  committed_ = std::clamp(next, committed_, next_offset_);
  std::string bytes;
  put_le(bytes, committed_, 8);
  put_le(bytes, checksum(0, bytes), 4);
  // Rewritten in place and not synced: no file is created or renamed per commit (each would be
  // a metadata change every later fdatasync of the file system pays for); a committed offset
  // lost or torn in a crash only replays messages (at-least-once).
  if (::pwrite(committed_fd_, bytes.data(), bytes.size(), 0) !=
      static_cast<ssize_t>(bytes.size())) {
    return io_error("cannot write", dir_ / "committed");
  }
  std::vector<fs::path> retired;
  while (segments_.size() > 1 && segments_[1].base <= committed_) {
    if (read_base_ == segments_.front().base) close_reader();
    retired.push_back(segments_.front().path);
    segments_.erase(segments_.begin());
    if (hint_segment_ == 0) {
      hint_offset_ = ~Offset{0};  // its segment is gone: the next read scans
    } else {
      --hint_segment_;
    }
  }
  return retired;
}

}  // namespace pacificsoft::queue::log::detail
