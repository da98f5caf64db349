#include "storage/sqlite/internal/wal_checkpointer.h"

#include <utility>

#include "common/log.h"
#include "common/thread_name.h"
#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::open(const std::string& path,
                                                               WalLimits limits) {
  auto db = SqliteDb::open(path, "FULL");
  if (!db) return db.status();
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(std::move(*db), limits));
}

WalCheckpointer::WalCheckpointer(std::unique_ptr<SqliteDb> db, WalLimits limits)
    : db_(std::move(db)), limits_(limits), thread_([this] {
        name_this_thread("ts-checkpoint");
        loop();
      }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wanted_or_stopping_.notify_one();
  thread_.join();
}

void WalCheckpointer::watch(SqliteDb& writer) {
  writer.set_wal_hook([this](SqliteDb& db, int wal_pages) { on_commit(db, wal_pages); });
}

void WalCheckpointer::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return (!wanted_ && !running_) || stopping_; });
}

void WalCheckpointer::on_commit(SqliteDb& writer, int wal_pages) {
  if (wal_pages >= limits_.writer_pages) {
    Status done = writer.checkpoint();
    if (!done) spdlog::warn("telemetry WAL checkpoint by the writer failed: {}", done.to_string());
    return;
  }
  if (wal_pages < limits_.background_pages) return;
  {
    std::lock_guard lock(mutex_);
    wanted_ = true;
  }
  wanted_or_stopping_.notify_one();
}

void WalCheckpointer::loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wanted_or_stopping_.wait(lock, [this] { return wanted_ || stopping_; });
      if (stopping_) break;
      wanted_ = false;
      running_ = true;
    }
    Status done = db_->checkpoint();
    if (!done) spdlog::warn("telemetry WAL checkpoint failed: {}", done.to_string());
    {
      std::lock_guard lock(mutex_);
      running_ = false;
    }
    idle_.notify_all();
  }
  idle_.notify_all();
}

}  // namespace pacificsoft::storage::sqlite
