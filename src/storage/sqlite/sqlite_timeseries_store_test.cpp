// The SQLite telemetry stores on a real file: the TimeseriesStore and AttributeStore contract
// (telemetry_store_conformance.h) and what only the file has (dictionary rows, schema version).
#include "storage/sqlite/sqlite_entity_store.h"
#include "storage/sqlite/telemetry_test_fixture.h"
#include "storage/telemetry_store_conformance.h"

namespace pacificsoft::storage::sqlite {
namespace {

using model::AttributeScope;

class SqliteTelemetryBackend final : public conformance::TelemetryBackend {
 public:
  SqliteTelemetryBackend()
      : dir_(std::filesystem::temp_directory_path() / ("ps_ts_" + Uuid::random().to_string())) {
    std::filesystem::create_directories(dir_);
  }
  ~SqliteTelemetryBackend() override { std::filesystem::remove_all(dir_); }
  SqliteTelemetryBackend(const SqliteTelemetryBackend&) = delete;
  SqliteTelemetryBackend& operator=(const SqliteTelemetryBackend&) = delete;

  Result<TelemetryStores> open(const TelemetryWriteOptions& options) override {
    auto db = TelemetryDb::open((dir_ / "telemetry.db").string(), options);
    if (!db) return db.status();
    return TelemetryStores{std::make_unique<SqliteTimeseriesStore>(*db),
                           std::make_unique<SqliteAttributeStore>(*db)};
  }

 private:
  std::filesystem::path dir_;
};

using conformance::TelemetryAggregationTest;
using conformance::TelemetryStoreTest;
using conformance::TelemetryWriterTest;

PS_INSTANTIATE_TELEMETRY_CONFORMANCE(
    Sqlite, (conformance::TelemetryBackendParam{
                "sqlite", [] { return std::make_unique<SqliteTelemetryBackend>(); }}));

TEST_F(TelemetryTest, DictionariesHoldEachKeyAndEntityOnce) {
  ASSERT_TRUE(save({{"k", 1, 1L}}).is_ok());
  ASSERT_TRUE(save_attributes(AttributeScope::kServer, {{"k", 2L, 3}}).is_ok());
  reopen();
  ASSERT_TRUE(save({{"k", 2, 2L}, {"new", 2, 2L}}).is_ok());
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM ts_entity"), 1);
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM ts_key"), 2);
}

TEST_F(TelemetryTest, SchemaVersionIsSharedWithOtherStores) {
  EXPECT_EQ(sql_int("SELECT version FROM schema_version WHERE schema = 'telemetry'"), 1);
  auto entities = SqliteEntityStore::open(path());
  ASSERT_TRUE(entities.is_ok()) << entities.status().to_string();
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM schema_version"), 2);
  close();
  sql_int("UPDATE schema_version SET version = 99 WHERE schema = 'telemetry'");
  auto newer = TelemetryDb::open(path());
  EXPECT_EQ(newer.status().code(), ErrorCode::kInvalidArgument);
  sql_int("UPDATE schema_version SET version = 1 WHERE schema = 'telemetry'");
}

}  // namespace
}  // namespace pacificsoft::storage::sqlite
