// The telemetry WAL's checkpoints on a real file. Until a checkpoint copies them back, new pages
// live in the WAL only, so the database file's size shows whether one ran.
#include "storage/sqlite/internal/wal_checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

#include "common/uuid.h"
#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {
namespace {

constexpr int kRows = 100;
constexpr int kRowBytes = 50'000;  // 13 pages each: 1300 in all, past SQLite's own 1000

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_);
    auto db = SqliteDb::open(path_, "FULL");
    ASSERT_TRUE(db.status().is_ok()) << db.status().to_string();
    writer_ = std::move(*db);
    ASSERT_TRUE(writer_->exec("CREATE TABLE t (v BLOB)").is_ok());
    ASSERT_TRUE(writer_->exec("PRAGMA wal_checkpoint(TRUNCATE)").is_ok());
    empty_size_ = std::filesystem::file_size(path_);
  }
  void TearDown() override {
    writer_.reset();
    checkpointer_.reset();
    std::filesystem::remove_all(dir_);
  }

  void watch(WalLimits limits) {
    auto checkpointer = WalCheckpointer::open(path_, limits);
    ASSERT_TRUE(checkpointer.status().is_ok()) << checkpointer.status().to_string();
    checkpointer_ = std::move(*checkpointer);
    checkpointer_->watch(*writer_);
  }

  // kRows commits of one row each.
  void write_rows() {
    for (int i = 0; i < kRows; ++i) {
      auto insert = writer_->prepare("INSERT INTO t (v) VALUES (zeroblob(" +
                                     std::to_string(kRowBytes) + "))");
      ASSERT_TRUE(insert.status().is_ok());
      ASSERT_TRUE((*insert)->run().is_ok());
    }
  }

  // Most of them: the last commits may still be in the WAL alone.
  bool rows_in_database_file(int rows = kRows / 2) const {
    return std::filesystem::file_size(path_) >=
           empty_size_ + static_cast<std::uintmax_t>(rows) * kRowBytes;
  }

  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("ps_wal_" + Uuid::random().to_string());
  std::string path_ = (dir_ / "telemetry.db").string();
  std::unique_ptr<SqliteDb> writer_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::uintmax_t empty_size_ = 0;
};

TEST_F(WalCheckpointerTest, CheckpointsInTheBackgroundPastItsThreshold) {
  watch({.background_pages = 16, .writer_pages = 1'000'000});
  write_rows();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!rows_in_database_file() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(rows_in_database_file());
}

TEST_F(WalCheckpointerTest, WaitIdleReturnsOnceTheWantedCheckpointRan) {
  watch({.background_pages = 16, .writer_pages = 1'000'000});
  write_rows();
  checkpointer_->wait_idle();
  EXPECT_TRUE(rows_in_database_file(kRows));  // the last commit's too
}

TEST_F(WalCheckpointerTest, WriterCheckpointsItselfPastTheHardLimit) {
  watch({.background_pages = 1'000'000, .writer_pages = 16});
  write_rows();
  EXPECT_TRUE(rows_in_database_file());  // synchronously, in the commits
}

TEST_F(WalCheckpointerTest, BelowTheThresholdNothingIsCheckpointed) {
  // SQLite's own automatic checkpoint (at 1000 pages) is off as well.
  watch({.background_pages = 1'000'000, .writer_pages = 1'000'000});
  write_rows();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(rows_in_database_file());
}

}  // namespace
}  // namespace pacificsoft::storage::sqlite
