// The SQLite entity store on a real file: the EntityStore contract (entity_store_conformance.h)
// and what only a file has (schema versions, rows edited behind the store's back).
#include "storage/sqlite/sqlite_entity_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "storage/entity_store_conformance.h"

namespace pacificsoft::storage::sqlite {
namespace {

// A temporary directory holding one entities.db.
class TempFile {
 public:
  TempFile()
      : dir_(std::filesystem::temp_directory_path() / ("ps_store_" + Uuid::random().to_string())) {
    std::filesystem::create_directories(dir_);
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return (dir_ / "entities.db").string(); }

 private:
  std::filesystem::path dir_;
};

class SqliteBackend final : public conformance::EntityStoreBackend {
 public:
  Result<std::unique_ptr<EntityStore>> open() override {
    auto store = SqliteEntityStore::open(file_.path());
    if (!store) return store.status();
    return std::unique_ptr<EntityStore>(std::move(*store));
  }

 private:
  TempFile file_;
};

using conformance::EntityStoreConformanceTest;

INSTANTIATE_TEST_SUITE_P(Sqlite, EntityStoreConformanceTest,
                         ::testing::Values(conformance::BackendParam{
                             "sqlite", [] { return std::make_unique<SqliteBackend>(); }}),
                         conformance::backend_name);

class SqliteEntityStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    store_.reset();
    auto opened = SqliteEntityStore::open(file_.path());
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    store_ = std::move(*opened);
  }
  void exec_behind_the_store(const char* sql) {
    store_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file_.path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }

  TempFile file_;
  std::unique_ptr<SqliteEntityStore> store_;
};

TEST_F(SqliteEntityStoreTest, NewerSchemaIsRefused) {
  exec_behind_the_store("UPDATE schema_version SET version = 99");
  auto opened = SqliteEntityStore::open(file_.path());
  ASSERT_FALSE(opened.is_ok());
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos);
}

TEST_F(SqliteEntityStoreTest, UnknownRelationTypeInFileIsAnError) {
  model::EntityId asset{model::EntityType::kAsset, Uuid::random()};
  model::EntityId device_id{model::EntityType::kDevice, Uuid::random()};
  ASSERT_TRUE(store_->save_relation({asset, device_id, "Contains", "COMMON", "null"}).is_ok());
  exec_behind_the_store("UPDATE relation SET to_type = 'GADGET'");
  reopen();
  EXPECT_EQ(store_->find_relations({asset, true}).status().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace pacificsoft::storage::sqlite
