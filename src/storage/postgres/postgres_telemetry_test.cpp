// The PostgreSQL telemetry stores against a real server: the TimeseriesStore and AttributeStore
// contract (telemetry_store_conformance.h) and what only a server has (monthly partitions,
// retention, a database that goes away and returns). Needs PACIFICSOFT_TEST_POSTGRES_URL
// (tests/postgres/run.sh sets it); without it these tests are skipped, except the one for a
// server that cannot be reached.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "storage/postgres/internal/pg_partitions.h"
#include "storage/postgres/pg_telemetry_db.h"
#include "storage/postgres/postgres_attribute_store.h"
#include "storage/postgres/postgres_timeseries_store.h"
#include "storage/postgres/testing/test_schema.h"
#include "storage/telemetry_store_conformance.h"

namespace pacificsoft::storage::postgres {
namespace {

using model::TsKv;
using test_support::closed_port;
using test_support::TestSchema;

Result<TelemetryStores> open_stores(const std::string& url, const TelemetryWriteOptions& write,
                                    std::int64_t retention_days = 0) {
  auto db = PgTelemetryDb::open({url, 4, write, retention_days});
  if (!db) return db.status();
  return TelemetryStores{std::make_unique<PostgresTimeseriesStore>(*db),
                         std::make_unique<PostgresAttributeStore>(*db)};
}

class PgTelemetryBackend final : public conformance::TelemetryBackend {
 public:
  std::string skip_reason() const override { return schema_.skip_reason(); }
  Result<TelemetryStores> open(const TelemetryWriteOptions& options) override {
    return open_stores(schema_.url(), options);
  }

 private:
  TestSchema schema_;
};

using conformance::TelemetryAggregationTest;
using conformance::TelemetryStoreTest;
using conformance::TelemetryWriterTest;

PS_INSTANTIATE_TELEMETRY_CONFORMANCE(Postgres, (conformance::TelemetryBackendParam{
                                                   "postgres", [] {
                                                     return std::make_unique<PgTelemetryBackend>();
                                                   }}));

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t k2024Jan = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
constexpr std::int64_t k2024Mar = 1'709'251'200'000;  // 2024-03-01T00:00:00Z

TEST(PgPartitionsTest, MonthsOfTheCalendar) {
  EXPECT_EQ(month_of(0), 0);
  EXPECT_EQ(month_of(-1), -1);
  EXPECT_EQ(month_of(k2024Mar - 1), month_of(k2024Jan) + 1);  // 2024 is a leap year
  EXPECT_EQ(month_start(month_of(k2024Mar)), k2024Mar);
  EXPECT_EQ(partition_name(month_of(k2024Mar)), "ts_kv_2024_03");
  EXPECT_EQ(month_start(kEndMonth), 253'402'300'800'000);  // year 10000
  EXPECT_EQ(month_of(253'402'300'800'000 - 1), kEndMonth - 1);
  EXPECT_EQ(month_of(253'402'300'800'000), -1);
}

class PostgresTelemetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string reason = schema_.skip_reason();
    if (!reason.empty()) GTEST_SKIP() << reason;
    reopen();
  }
  void reopen(std::int64_t retention_days = 0) {
    stores_ = {};
    auto opened = open_stores(schema_.url(), {}, retention_days);
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    stores_ = std::move(*opened);
  }
  Status save(std::vector<TsKv> points) {
    std::promise<Status> done;
    stores_.timeseries->save(entity_, std::move(points), 0,
                             [&done](Status status) { done.set_value(std::move(status)); });
    return done.get_future().get();
  }
  std::size_t count(const std::string& key) {
    TsQuery query;
    query.key = key;
    query.start_ts = 0;
    query.end_ts = INT64_MAX;
    query.limit = 1'000'000;
    auto found = stores_.timeseries->query(entity_, query);
    EXPECT_TRUE(found.is_ok()) << found.status().to_string();
    return found.is_ok() ? found->size() : 0;
  }
  std::vector<std::string> partitions() {
    PgParams params;
    auto result = schema_.admin().exec(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = " +
            params.add(schema_.name() + ".ts_kv") + "::regclass ORDER BY 1",
        params);
    EXPECT_TRUE(result.is_ok()) << result.status().to_string();
    std::vector<std::string> names;
    for (int row = 0; result && row < result->rows(); ++row) names.push_back(result->text(row, 0));
    return names;
  }
  std::int64_t sql_int(const std::string& sql) {
    auto result = schema_.admin().exec(sql, PgParams());
    EXPECT_TRUE(result.is_ok()) << result.status().to_string();
    return result ? result->integer(0, 0) : -1;
  }
  // Points and latest values whose entity or key id has no dictionary row: ids that a
  // rolled-back transaction had drawn, used after all.
  std::int64_t orphan_rows() {
    std::string sum;
    for (const char* table : {"ts_kv", "ts_kv_latest"}) {
      if (!sum.empty()) sum += " + ";
      sum += "(SELECT COUNT(*) FROM " + schema_.name() + "." + table + " r WHERE NOT EXISTS " +
             "(SELECT 1 FROM " + schema_.name() + ".ts_entity e WHERE e.id = r.entity_id) OR " +
             "NOT EXISTS (SELECT 1 FROM " + schema_.name() + ".ts_key k WHERE k.id = r.key_id))";
    }
    return sql_int("SELECT " + sum);
  }

  TestSchema schema_;
  TelemetryStores stores_;
  model::EntityId entity_{model::EntityType::kDevice, Uuid::random()};
};

TEST_F(PostgresTelemetryTest, MonthlyPartitionsAreCreatedOnDemandAndAhead) {
  EXPECT_EQ(partitions(), (std::vector<std::string>{"ts_kv_before_1970", "ts_kv_from_10000"}));
  ASSERT_TRUE(save({{"k", k2024Jan + 5, 1L}, {"k", k2024Mar + 5, 2L}, {"k", -5, 3L}}).is_ok());
  EXPECT_EQ(partitions(), (std::vector<std::string>{"ts_kv_2024_01", "ts_kv_2024_03",
                                                    "ts_kv_before_1970", "ts_kv_from_10000"}));
  ASSERT_TRUE(stores_.timeseries->remove_expired(k2024Mar + 40 * kDay).is_ok());  // in April
  EXPECT_EQ(partitions(),
            (std::vector<std::string>{"ts_kv_2024_01", "ts_kv_2024_03", "ts_kv_2024_04",
                                      "ts_kv_2024_05", "ts_kv_before_1970", "ts_kv_from_10000"}));
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM " + schema_.name() + ".ts_kv_2024_03"), 1);
}

TEST_F(PostgresTelemetryTest, RetentionDropsWholeMonths) {
  reopen(30);
  ASSERT_TRUE(save({{"k", k2024Jan + 5, 1L}, {"k", k2024Mar + 5, 2L}}).is_ok());
  // 2024-03-25: January ended more than 30 days before, March did not.
  ASSERT_TRUE(stores_.timeseries->remove_expired(k2024Mar + 24 * kDay).is_ok());
  auto names = partitions();
  EXPECT_EQ(std::count(names.begin(), names.end(), "ts_kv_2024_01"), 0);
  EXPECT_EQ(std::count(names.begin(), names.end(), "ts_kv_2024_03"), 1);
  EXPECT_EQ(count("k"), 1U);
  // A late point of a dropped month: its partition comes back.
  ASSERT_TRUE(save({{"k", k2024Jan + 7, 4L}}).is_ok());
  EXPECT_EQ(count("k"), 2U);
}

TEST_F(PostgresTelemetryTest, DictionariesHoldEachKeyAndEntityOnce) {
  ASSERT_TRUE(save({{"k", 1, 1L}}).is_ok());
  reopen();
  ASSERT_TRUE(save({{"k", 2, 2L}, {"new", 2, 2L}}).is_ok());
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM " + schema_.name() + ".ts_entity"), 1);
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM " + schema_.name() + ".ts_key"), 2);
}

TEST_F(PostgresTelemetryTest, BatchFailingAfterNewDictionaryRowsLeavesNoStaleIds) {
  ASSERT_TRUE(save({{"k", k2024Jan + 5, 1L}}).is_ok());
  // The writer believes in January's partition; its insert fails after the dictionary rows of
  // the new entity and key went in, and the whole batch rolls back.
  ASSERT_TRUE(schema_.admin()
                  .exec_script(("DROP TABLE " + schema_.name() + ".ts_kv_2024_01").c_str())
                  .is_ok());
  entity_ = {model::EntityType::kDevice, Uuid::random()};
  EXPECT_EQ(save({{"fresh", k2024Jan + 6, 2L}}).code(), ErrorCode::kUnavailable);
  ASSERT_TRUE(save({{"fresh", k2024Jan + 6, 2L}}).is_ok());
  EXPECT_EQ(orphan_rows(), 0);
  reopen();
  EXPECT_EQ(*stores_.timeseries->latest(entity_, {}),
            (std::vector<TsKv>{{"fresh", k2024Jan + 6, 2L}}));
}

TEST_F(PostgresTelemetryTest, KeyTheDatabaseRefusesFailsOnlyItsOwnSave) {
  // The next two saves go in one transaction.
  std::promise<void> release = conformance::hold_writer(*stores_.timeseries, entity_);
  std::promise<Status> good;
  std::promise<Status> bad;
  stores_.timeseries->save(entity_, {{"fresh", 2, 2L}}, 0,
                           [&](Status status) { good.set_value(status); });
  stores_.timeseries->save({model::EntityType::kAsset, Uuid::random()}, {{"\xff", 2, 2L}}, 0,
                           [&](Status status) { bad.set_value(status); });
  release.set_value();
  EXPECT_TRUE(good.get_future().get().is_ok());
  EXPECT_EQ(bad.get_future().get().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(orphan_rows(), 0);
  reopen();
  EXPECT_EQ(stores_.timeseries->latest(entity_, {"fresh"})->size(), 1U);
}

// Two servers sharing the tables (cluster mode) add the same entities and keys at once: each
// gets one row, and both use its id.
TEST_F(PostgresTelemetryTest, NodesAddingTheSameNewEntitiesShareTheirIds) {
  auto other = open_stores(schema_.url(), {});
  ASSERT_TRUE(other.is_ok()) << other.status().to_string();
  constexpr int kEntities = 200;
  std::vector<model::EntityId> entities;
  for (int i = 0; i < kEntities; ++i) {
    entities.push_back({model::EntityType::kDevice, Uuid::random()});
  }
  std::atomic<int> ok{0};
  auto write = [&](TimeseriesStore& store, const std::string& node) {
    for (const auto& entity : entities) {
      store.save(entity, {{"shared", 1, 1L}, {node, 1, 1L}}, 0,
                 [&](const Status& status) { ok += status.is_ok() ? 1 : 0; });
    }
  };
  std::thread first(write, std::ref(*stores_.timeseries), "one");
  std::thread second(write, std::ref(*other->timeseries), "two");
  first.join();
  second.join();
  *other = {};  // closing commits what it queued
  reopen();
  EXPECT_EQ(ok.load(), 2 * kEntities);
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM " + schema_.name() + ".ts_entity"), kEntities);
  EXPECT_EQ(sql_int("SELECT COUNT(*) FROM " + schema_.name() + ".ts_key"), 3);
  EXPECT_EQ(orphan_rows(), 0);
  for (const auto& entity : entities) {
    EXPECT_EQ(*stores_.timeseries->keys(entity),
              (std::vector<std::string>{"one", "shared", "two"}));
  }
}

TEST_F(PostgresTelemetryTest, NewerSchemaIsRefused) {
  stores_ = {};
  ASSERT_TRUE(schema_.admin()
                  .exec_script(("UPDATE " + schema_.name() +
                                ".schema_version SET version = 99 WHERE schema = 'telemetry'")
                                   .c_str())
                  .is_ok());
  auto opened = PgTelemetryDb::open({schema_.url(), 2});
  EXPECT_EQ(opened.status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(PostgresTelemetryTest, ConnectionsTheServerEndedAreReplaced) {
  ASSERT_TRUE(save({{"k", 1, 1L}}).is_ok());
  schema_.terminate_connections();
  EXPECT_TRUE(save({{"k", 2, 2L}}).is_ok());
  EXPECT_EQ(count("k"), 2U);
}

// New connections to the test database refused (by a session on the maintenance database,
// since a database cannot close itself), as a server that went down.
class RefusedConnections {
 public:
  explicit RefusedConnections(TestSchema& schema) {
    auto database = schema.admin().exec("SELECT current_database()", PgParams());
    EXPECT_TRUE(database.is_ok()) << database.status().to_string();
    if (database) database_ = database->text(0, 0);
    std::string url = test_support::server_url();
    auto conn = PgConnection::connect(url + (url.find('?') == std::string::npos ? "?" : "&") +
                                      "dbname=postgres");
    EXPECT_TRUE(conn.is_ok()) << conn.status().to_string();
    if (conn) maintenance_ = std::move(*conn);
    allow(false);
  }
  ~RefusedConnections() { allow(true); }
  RefusedConnections(const RefusedConnections&) = delete;
  RefusedConnections& operator=(const RefusedConnections&) = delete;

 private:
  void allow(bool allowed) {
    if (!maintenance_ || database_.empty()) return;
    // The name came from the server; quoted as an identifier.
    std::string sql =
        "ALTER DATABASE \"" + database_ + "\" ALLOW_CONNECTIONS " + (allowed ? "true" : "false");
    EXPECT_TRUE(maintenance_->exec_script(sql.c_str()).is_ok());
  }

  std::string database_;
  std::unique_ptr<PgConnection> maintenance_;
};

TEST_F(PostgresTelemetryTest, DatabaseDownIsUnavailableThenRecovers) {
  ASSERT_TRUE(save({{"k", 1, 1L}}).is_ok());
  {
    RefusedConnections down(schema_);
    schema_.terminate_connections();
    EXPECT_EQ(save({{"k", 2, 2L}}).code(), ErrorCode::kUnavailable);
    EXPECT_EQ(save({{"fresh", 2, 2L}}).code(), ErrorCode::kUnavailable);
    EXPECT_EQ(stores_.timeseries->latest(entity_, {}).status().code(), ErrorCode::kUnavailable);
    std::promise<Status> attribute;
    stores_.attributes->save(entity_, model::AttributeScope::kServer, {{"a", 1L, 1}},
                             [&](Status status) { attribute.set_value(status); });
    EXPECT_EQ(attribute.get_future().get().code(), ErrorCode::kUnavailable);
  }
  EXPECT_TRUE(save({{"k", 2, 2L}, {"fresh", 2, 2L}}).is_ok());
  EXPECT_EQ(count("k"), 2U);
  EXPECT_EQ(stores_.timeseries->latest(entity_, {"k"})->at(0), (TsKv{"k", 2, 2L}));
}

TEST(PostgresTelemetryDownTest, UnreachableServerIsUnavailable) {
  std::string url = "postgresql://pacific:s3cret@127.0.0.1:" + std::to_string(closed_port()) + "/x";
  auto opened = PgTelemetryDb::open({url, 2});
  ASSERT_FALSE(opened.is_ok());
  EXPECT_EQ(opened.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(opened.status().message().find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace pacificsoft::storage::postgres
