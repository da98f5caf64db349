// The PostgreSQL entity store against a real server: the EntityStore contract
// (entity_store_conformance.h) and what only a server has (schema rows, lost connections, a
// database that is down). Needs PACIFICSOFT_TEST_POSTGRES_URL (tests/postgres/run.sh sets it);
// without it these tests are skipped, except the one for a server that cannot be reached.
#include "storage/postgres/postgres_entity_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "storage/entity_store_conformance.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_pool.h"
#include "storage/postgres/testing/test_schema.h"

namespace pacificsoft::storage::postgres {
namespace {

using test_support::closed_port;
using test_support::TestSchema;

class PostgresBackend final : public conformance::EntityStoreBackend {
 public:
  std::string skip_reason() const override { return schema_.skip_reason(); }
  Result<std::unique_ptr<EntityStore>> open() override {
    auto store = PostgresEntityStore::open({schema_.url(), 4});
    if (!store) return store.status();
    return std::unique_ptr<EntityStore>(std::move(*store));
  }

 private:
  TestSchema schema_;
};

using conformance::EntityStoreConformanceTest;

INSTANTIATE_TEST_SUITE_P(Postgres, EntityStoreConformanceTest,
                         ::testing::Values(conformance::BackendParam{
                             "postgres", [] { return std::make_unique<PostgresBackend>(); }}),
                         conformance::backend_name);

class PostgresEntityStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string reason = schema_.skip_reason();
    if (!reason.empty()) GTEST_SKIP() << reason;
    auto opened = PostgresEntityStore::open({schema_.url(), 2});
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    store_ = std::move(*opened);
  }

  EntityRecord device(const std::string& name) {
    EntityRecord record;
    record.kind = RecordKind::kDevice;
    record.id = Uuid::random();
    record.name = name;
    record.body = "{}";
    return record;
  }

  TestSchema schema_;
  std::unique_ptr<PostgresEntityStore> store_;
};

TEST_F(PostgresEntityStoreTest, NewerSchemaIsRefused) {
  store_.reset();
  ASSERT_TRUE(
      schema_.admin()
          .exec_script(("UPDATE " + schema_.name() + ".schema_version SET version = 99").c_str())
          .is_ok());
  auto opened = PostgresEntityStore::open({schema_.url(), 2});
  ASSERT_FALSE(opened.is_ok());
  EXPECT_EQ(opened.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos);
}

TEST_F(PostgresEntityStoreTest, StoresOpeningTogetherMigrateOnce) {
  TestSchema fresh;
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      results[i] = PostgresEntityStore::open({fresh.url(), 1}).status();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& status : results) EXPECT_TRUE(status.is_ok()) << status.to_string();
  PgParams params;
  auto version = fresh.admin().exec(
      "SELECT version FROM " + fresh.name() +
          ".schema_version WHERE schema = " + params.add(std::string_view("entities")),
      params);
  ASSERT_TRUE(version.is_ok()) << version.status().to_string();
  EXPECT_EQ(version->integer(0, 0), 1);
}

TEST_F(PostgresEntityStoreTest, UnknownRelationTypeInTableIsAnError) {
  model::EntityId asset{model::EntityType::kAsset, Uuid::random()};
  model::EntityId device_id{model::EntityType::kDevice, Uuid::random()};
  ASSERT_TRUE(store_->save_relation({asset, device_id, "Contains", "COMMON", "null"}).is_ok());
  ASSERT_TRUE(
      schema_.admin()
          .exec_script(("UPDATE " + schema_.name() + ".relation SET to_type = 'GADGET'").c_str())
          .is_ok());
  EXPECT_EQ(store_->find_relations({asset, true}).status().code(), ErrorCode::kInternal);
}

TEST_F(PostgresEntityStoreTest, TextThatPostgresCannotHoldIsInvalidArgument) {
  EntityRecord nul = device(std::string("a\0b", 3));
  EXPECT_EQ(store_->insert(nul).code(), ErrorCode::kInvalidArgument);
  EntityRecord bad_utf8 = device("bad \xC3\x28 utf-8");
  EXPECT_EQ(store_->insert(bad_utf8).code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_->insert(device("fine")).is_ok());
}

TEST_F(PostgresEntityStoreTest, ConnectionsTheServerEndedAreReplaced) {
  EntityRecord record = device("before");
  ASSERT_TRUE(store_->insert(record).is_ok());
  schema_.terminate_connections();
  auto read = store_->get(RecordKind::kDevice, record.id);
  ASSERT_TRUE(read.is_ok()) << read.status().to_string();
  EXPECT_TRUE(read->has_value());
}

TEST_F(PostgresEntityStoreTest, ConnectionLostMidTransactionIsUnavailableThenRecovers) {
  EntityRecord lost = device("lost");
  Status status = store_->transaction([&](EntityStore& tx) -> Status {
    PS_RETURN_IF_ERROR(tx.insert(lost));
    schema_.terminate_connections();
    return tx.insert(device("after"));
  });
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_NE(status.message().find("PostgreSQL unavailable"), std::string::npos) << status.message();
  EXPECT_FALSE(store_->get(RecordKind::kDevice, lost.id)->has_value());
  EXPECT_TRUE(store_->insert(lost).is_ok());
}

TEST_F(PostgresEntityStoreTest, PoolRefusesWhenEveryConnectionStaysBusy) {
  PgPool pool({schema_.url(), 1, std::chrono::milliseconds(100)});
  auto first = pool.acquire();
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  auto second = pool.acquire();
  EXPECT_EQ(second.status().code(), ErrorCode::kUnavailable);
}

TEST(PostgresDownTest, UnreachableServerIsUnavailableWithoutThePassword) {
  std::string url =
      "postgresql://pacific:s3cret@127.0.0.1:" + std::to_string(closed_port()) + "/things";
  auto opened = PostgresEntityStore::open({url, 2});
  ASSERT_FALSE(opened.is_ok());
  EXPECT_EQ(opened.status().code(), ErrorCode::kUnavailable);
  std::string message = opened.status().message();
  EXPECT_NE(message.find("postgresql://pacific@127.0.0.1:"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
}

}  // namespace
}  // namespace pacificsoft::storage::postgres
