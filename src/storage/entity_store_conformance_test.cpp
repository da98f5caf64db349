// The EntityStore contract, run against every backend: round trips, uniqueness, queries,
// relations, transactions and persistence. Backend-only matters (files, schema rows) stay in the
// backends' own tests.
#include "storage/entity_store_conformance.h"

#include <thread>

namespace pacificsoft::storage::conformance {

void EntityStoreConformanceTest::SetUp() {
  backend_ = GetParam().make();
  std::string reason = backend_->skip_reason();
  if (!reason.empty()) GTEST_SKIP() << reason;
  reopen();
}

void EntityStoreConformanceTest::TearDown() {
  store_.reset();
  backend_.reset();
}

void EntityStoreConformanceTest::reopen() {
  store_.reset();
  auto opened = backend_->open();
  ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
  store_ = std::move(*opened);
}

EntityRecord EntityStoreConformanceTest::device(const std::string& name,
                                                std::int64_t created) const {
  EntityRecord record;
  record.kind = RecordKind::kDevice;
  record.id = Uuid::random();
  record.created_time = created;
  record.tenant_id = tenant_;
  record.name = name;
  record.type = "default";
  record.unique_key = tenant_.to_string() + "/" + name;
  record.body = R"({"name":")" + name + R"("})";
  return record;
}

std::vector<std::string> EntityStoreConformanceTest::names(const RecordQuery& query) {
  auto page = store_->list(query);
  EXPECT_TRUE(page.is_ok()) << page.status().to_string();
  std::vector<std::string> out;
  if (!page) return out;
  for (const auto& record : page->records) out.push_back(record.name);
  return out;
}

std::string backend_name(const ::testing::TestParamInfo<BackendParam>& info) {
  return info.param.name;
}

void PrintTo(const BackendParam& param, std::ostream* out) { *out << param.name; }

namespace {

TEST_P(EntityStoreConformanceTest, InsertGetUpdateRemove) {
  EntityRecord record = device("A");
  record.unique_key2 = "second";
  ASSERT_TRUE(store_->insert(record).is_ok());
  auto read = store_->get(RecordKind::kDevice, record.id);
  ASSERT_TRUE(read.is_ok());
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ((*read)->name, "A");
  EXPECT_EQ((*read)->unique_key2, std::optional<std::string>("second"));
  EXPECT_EQ((*read)->tenant_id, tenant_);
  EXPECT_EQ((*read)->body, record.body);
  EXPECT_FALSE(store_->get(RecordKind::kAsset, record.id)->has_value());

  record.name = "B";
  record.body = "{}";
  ASSERT_TRUE(store_->update(record).is_ok());
  EXPECT_EQ((*store_->get(RecordKind::kDevice, record.id))->name, "B");
  ASSERT_TRUE(store_->remove(RecordKind::kDevice, record.id).is_ok());
  EXPECT_FALSE(store_->get(RecordKind::kDevice, record.id)->has_value());
  EXPECT_EQ(store_->remove(RecordKind::kDevice, record.id).code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->update(record).code(), ErrorCode::kNotFound);
}

TEST_P(EntityStoreConformanceTest, UniqueKeysAndIdsAreEnforced) {
  EntityRecord first = device("A");
  ASSERT_TRUE(store_->insert(first).is_ok());
  EXPECT_EQ(store_->insert(device("A")).code(), ErrorCode::kAlreadyExists);
  EntityRecord same_id = device("B");
  same_id.id = first.id;
  EXPECT_EQ(store_->insert(same_id).code(), ErrorCode::kAlreadyExists);
  EntityRecord other = device("C");
  ASSERT_TRUE(store_->insert(other).is_ok());
  other.unique_key = first.unique_key;
  EXPECT_EQ(store_->update(other).code(), ErrorCode::kAlreadyExists);
  // Records without a unique key never clash.
  EntityRecord no_key_1 = device("D");
  EntityRecord no_key_2 = device("E");
  no_key_1.unique_key.reset();
  no_key_2.unique_key.reset();
  EXPECT_TRUE(store_->insert(no_key_1).is_ok());
  EXPECT_TRUE(store_->insert(no_key_2).is_ok());
  auto found = store_->find_by_unique_key(RecordKind::kDevice, *first.unique_key);
  ASSERT_TRUE(found.is_ok() && found->has_value());
  EXPECT_EQ((*found)->id, first.id);
}

TEST_P(EntityStoreConformanceTest, ClashesSayWhichKey) {
  EntityRecord first = device("A");
  first.unique_key2 = "token";
  ASSERT_TRUE(store_->insert(first).is_ok());
  EntityRecord same_id = device("B");
  same_id.id = first.id;
  EXPECT_NE(store_->insert(same_id).message().find("id already exists"), std::string::npos);
  EntityRecord same_key = device("A");
  EXPECT_NE(store_->insert(same_key).message().find("unique key already exists"),
            std::string::npos);
  EntityRecord same_key2 = device("C");
  same_key2.unique_key2 = "token";
  Status clash = store_->insert(same_key2);
  EXPECT_EQ(clash.code(), ErrorCode::kAlreadyExists);
  EXPECT_NE(clash.message().find("unique key 2 already exists"), std::string::npos);
  // Unique per kind: another kind may use the same keys.
  EntityRecord asset = device("A");
  asset.kind = RecordKind::kAsset;
  asset.unique_key2 = "token";
  EXPECT_TRUE(store_->insert(asset).is_ok());
}

TEST_P(EntityStoreConformanceTest, LookupsByKeysAndAbsence) {
  EntityRecord record = device("A");
  record.unique_key2 = "activation";
  record.created_time = 42;
  ASSERT_TRUE(store_->insert(record).is_ok());
  auto by_key2 = store_->find_by_unique_key2(RecordKind::kDevice, "activation");
  ASSERT_TRUE(by_key2.is_ok() && by_key2->has_value());
  EXPECT_EQ((*by_key2)->id, record.id);
  EXPECT_FALSE(store_->find_by_unique_key(RecordKind::kDevice, "nope")->has_value());
  EXPECT_FALSE(store_->find_by_unique_key2(RecordKind::kAsset, "activation")->has_value());
  EXPECT_FALSE(store_->get(RecordKind::kDevice, Uuid::random())->has_value());

  record.created_time = 7;  // update keeps the stored creation time
  record.unique_key2.reset();
  ASSERT_TRUE(store_->update(record).is_ok());
  auto read = store_->get(RecordKind::kDevice, record.id);
  EXPECT_EQ((*read)->created_time, 42);
  EXPECT_FALSE((*read)->unique_key2.has_value());
}

TEST_P(EntityStoreConformanceTest, ListFiltersSearchesSortsAndPages) {
  for (const char* name : {"Beta", "alpha", "Gamma_1", "gamma%2", "Delta"}) {
    ASSERT_TRUE(store_->insert(device(name)).is_ok());
  }
  EntityRecord other_tenant = device("alpha-other");
  other_tenant.tenant_id = Uuid::random();
  other_tenant.unique_key.reset();
  ASSERT_TRUE(store_->insert(other_tenant).is_ok());

  RecordQuery query{RecordKind::kDevice, tenant_};
  query.sort = SortField::kName;
  query.page_size = 2;
  EXPECT_EQ(names(query), (std::vector<std::string>{"alpha", "Beta"}));
  query.page = 2;  // byte order: '%' sorts before '_'
  EXPECT_EQ(names(query), (std::vector<std::string>{"Gamma_1"}));
  EXPECT_EQ(store_->list(query)->total_elements, 5);

  query.page = 0;
  query.page_size = 10;
  query.descending = true;
  EXPECT_EQ(names(query).front(), "Gamma_1");

  query.text_search = "GAMMA";
  EXPECT_EQ(names(query).size(), 2u);
  query.text_search = "a_";
  EXPECT_EQ(names(query), (std::vector<std::string>{"Gamma_1"}));
  query.text_search = "%";
  EXPECT_EQ(names(query), (std::vector<std::string>{"gamma%2"}));
}

TEST_P(EntityStoreConformanceTest, ListByCustomerParentAndType) {
  Uuid customer = Uuid::random();
  Uuid profile = Uuid::random();
  EntityRecord assigned = device("assigned");
  assigned.customer_id = customer;
  assigned.parent_id = profile;
  assigned.type = "thermostat";
  ASSERT_TRUE(store_->insert(assigned).is_ok());
  ASSERT_TRUE(store_->insert(device("free")).is_ok());
  RecordQuery query{RecordKind::kDevice, tenant_, customer};
  EXPECT_EQ(names(query), (std::vector<std::string>{"assigned"}));
  RecordQuery by_parent{RecordKind::kDevice, tenant_};
  by_parent.parent_id = profile;
  EXPECT_EQ(names(by_parent), (std::vector<std::string>{"assigned"}));
  RecordQuery by_type{RecordKind::kDevice, tenant_};
  by_type.type = "default";
  EXPECT_EQ(names(by_type), (std::vector<std::string>{"free"}));
}

TEST_P(EntityStoreConformanceTest, ListRelatedFromAnEntity) {
  EntityRecord shared = device("shared");
  EntityRecord other = device("other");
  EntityRecord grouped = device("grouped");
  for (const auto& record : {shared, other, grouped}) ASSERT_TRUE(store_->insert(record));
  model::EntityId customer{model::EntityType::kCustomer, Uuid::random()};
  auto to = [](const EntityRecord& record) {
    return model::EntityId{model::EntityType::kDevice, record.id};
  };
  ASSERT_TRUE(store_->save_relation({customer, to(shared), "Contains", "DASHBOARD", "null"}));
  ASSERT_TRUE(store_->save_relation({customer, to(grouped), "Contains", "COMMON", "null"}));
  RecordQuery query{RecordKind::kDevice, tenant_};
  query.related_from = RelatedFrom{customer, "Contains", "DASHBOARD"};
  EXPECT_EQ(names(query), (std::vector<std::string>{"shared"}));
  EXPECT_EQ(store_->list(query)->total_elements, 1);
  query.related_from->type = "Manages";
  EXPECT_TRUE(names(query).empty());
}

TEST_P(EntityStoreConformanceTest, SortsByCreatedTimeWithIdTieBreak) {
  EntityRecord late = device("late", 30);
  EntityRecord early = device("early", 10);
  EntityRecord tie_a = device("tie_a", 20);
  EntityRecord tie_b = device("tie_b", 20);
  if (tie_b.id < tie_a.id) std::swap(tie_a.id, tie_b.id);
  for (const auto& record : {late, early, tie_a, tie_b}) ASSERT_TRUE(store_->insert(record));
  RecordQuery query{RecordKind::kDevice, tenant_};
  EXPECT_EQ(names(query), (std::vector<std::string>{"early", "tie_a", "tie_b", "late"}));
  query.descending = true;
  EXPECT_EQ(names(query), (std::vector<std::string>{"late", "tie_b", "tie_a", "early"}));
  query.page_size = 0;
  EXPECT_EQ(store_->list(query).status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(EntityStoreConformanceTest, SortsByTypeLabelAndIdInByteOrder) {
  EntityRecord a = device("a");
  EntityRecord b = device("b");
  EntityRecord c = device("c");
  a.type = "b-type";
  b.type = "B-type";  // upper case sorts first in byte order
  c.type = "b_type";
  a.label = "z";
  b.label = "é";  // UTF-8 bytes sort after ASCII
  c.label = "Z";
  for (const auto& record : {a, b, c}) ASSERT_TRUE(store_->insert(record));
  RecordQuery query{RecordKind::kDevice, tenant_};
  query.sort = SortField::kType;
  EXPECT_EQ(names(query), (std::vector<std::string>{"b", "a", "c"}));
  query.sort = SortField::kLabel;
  EXPECT_EQ(names(query), (std::vector<std::string>{"c", "a", "b"}));
  query.sort = SortField::kId;
  auto page = store_->list(query);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->records.size(), 3u);
  EXPECT_LT(page->records[0].id, page->records[1].id);
  EXPECT_LT(page->records[1].id, page->records[2].id);
}

TEST_P(EntityStoreConformanceTest, HostileStringsAreData) {
  const std::string name = "it's \"quoted\" \\ back; DROP TABLE entity; --";
  EntityRecord record = device(name);
  record.unique_key = name;
  ASSERT_TRUE(store_->insert(record).is_ok());
  EXPECT_TRUE(store_->find_by_unique_key(RecordKind::kDevice, name)->has_value());
  RecordQuery query{RecordKind::kDevice, tenant_};
  query.text_search = "\\ BACK";
  EXPECT_EQ(names(query), (std::vector<std::string>{name}));
  query.text_search = "IT'S \"quoted\"";
  EXPECT_EQ(names(query).size(), 1u);
  query.text_search = "$1";
  EXPECT_TRUE(names(query).empty());
}

TEST_P(EntityStoreConformanceTest, UnicodeRoundTripsAndFoldsAsciiOnly) {
  EntityRecord record = device("Température ✓ ÉTÉ");
  record.body = R"({"name":"Température ✓ ÉTÉ","emoji":"🌡"})";
  ASSERT_TRUE(store_->insert(record).is_ok());
  auto read = store_->get(RecordKind::kDevice, record.id);
  ASSERT_TRUE(read.is_ok() && read->has_value());
  EXPECT_EQ((*read)->name, record.name);
  EXPECT_EQ((*read)->body, record.body);
  RecordQuery query{RecordKind::kDevice, tenant_};
  query.text_search = "TEMPérature";
  EXPECT_EQ(names(query).size(), 1u);
  query.text_search = "TEMPÉRATURE";
  EXPECT_TRUE(names(query).empty());
  query.text_search = "été";  // case folding is ASCII only
  EXPECT_TRUE(names(query).empty());
}

TEST_P(EntityStoreConformanceTest, RelationsBothDirections) {
  model::EntityId asset{model::EntityType::kAsset, Uuid::random()};
  model::EntityId device_a{model::EntityType::kDevice, Uuid::random()};
  model::EntityId device_b{model::EntityType::kDevice, Uuid::random()};
  ASSERT_TRUE(store_->save_relation({asset, device_a, "Contains", "COMMON", "null"}).is_ok());
  ASSERT_TRUE(store_->save_relation({asset, device_b, "Contains", "COMMON", "null"}).is_ok());
  ASSERT_TRUE(store_->save_relation({asset, device_b, "Contains", "COMMON", "{\"a\":1}"}).is_ok());
  auto out = store_->find_relations({asset, true});
  ASSERT_TRUE(out.is_ok());
  EXPECT_EQ(out->size(), 2u);  // the second save replaced
  auto in = store_->find_relations({device_b, false, "Contains"});
  ASSERT_TRUE(in.is_ok());
  ASSERT_EQ(in->size(), 1u);
  EXPECT_EQ((*in)[0].additional_info, "{\"a\":1}");
  EXPECT_EQ((*in)[0].from, asset);
  EXPECT_TRUE(store_->find_relations({device_b, false, "Manages"})->empty());
  EXPECT_TRUE(store_->find_relations({device_b, false, "Contains", "OTHER"})->empty());
  ASSERT_TRUE(store_->delete_relation({asset, device_a, "Contains", "COMMON", ""}).is_ok());
  EXPECT_EQ(store_->delete_relation({asset, device_a, "Contains", "COMMON", ""}).code(),
            ErrorCode::kNotFound);
  ASSERT_TRUE(store_->delete_relations_of(device_b).is_ok());
  EXPECT_TRUE(store_->find_relations({asset, true})->empty());
}

TEST_P(EntityStoreConformanceTest, RemoveTenantRecordsTakesRelationsAlong) {
  EntityRecord mine = device("mine");
  EntityRecord theirs = device("theirs");
  theirs.tenant_id = Uuid::random();
  ASSERT_TRUE(store_->insert(mine).is_ok());
  ASSERT_TRUE(store_->insert(theirs).is_ok());
  model::EntityId mine_id{model::EntityType::kDevice, mine.id};
  model::EntityId theirs_id{model::EntityType::kDevice, theirs.id};
  ASSERT_TRUE(store_->save_relation({theirs_id, mine_id, "Uses", "COMMON", "null"}).is_ok());
  ASSERT_TRUE(store_->remove_tenant_records(tenant_).is_ok());
  EXPECT_FALSE(store_->get(RecordKind::kDevice, mine.id)->has_value());
  EXPECT_TRUE(store_->get(RecordKind::kDevice, theirs.id)->has_value());
  EXPECT_TRUE(store_->find_relations({theirs_id, true})->empty());
}

TEST_P(EntityStoreConformanceTest, RemoveTenantRecordsTakesTheTenantItself) {
  EntityRecord tenant;
  tenant.kind = RecordKind::kTenant;
  tenant.id = tenant_;
  tenant.name = "Tenant";
  ASSERT_TRUE(store_->insert(tenant).is_ok());
  model::EntityId tenant_id{model::EntityType::kTenant, tenant_};
  model::EntityId outside{model::EntityType::kAsset, Uuid::random()};
  ASSERT_TRUE(store_->save_relation({tenant_id, outside, "Contains", "COMMON", "null"}).is_ok());
  ASSERT_TRUE(store_->remove_tenant_records(tenant_).is_ok());
  EXPECT_FALSE(store_->get(RecordKind::kTenant, tenant_)->has_value());
  EXPECT_TRUE(store_->find_relations({outside, false})->empty());
}

TEST_P(EntityStoreConformanceTest, TransactionCommitsOrRollsBack) {
  EntityRecord kept = device("kept");
  EntityRecord dropped = device("dropped");
  ASSERT_TRUE(store_->transaction([&](EntityStore& tx) { return tx.insert(kept); }).is_ok());
  Status failed = store_->transaction([&](EntityStore& tx) -> Status {
    PS_RETURN_IF_ERROR(tx.insert(dropped));
    return tx.insert(device("kept"));  // unique key clash: the whole unit is undone
  });
  EXPECT_EQ(failed.code(), ErrorCode::kAlreadyExists);
  EXPECT_TRUE(store_->get(RecordKind::kDevice, kept.id)->has_value());
  EXPECT_FALSE(store_->get(RecordKind::kDevice, dropped.id)->has_value());
  // A unit that fails by its own decision is undone too, and the store stays usable.
  Status refused = store_->transaction([&](EntityStore& tx) -> Status {
    PS_RETURN_IF_ERROR(tx.insert(dropped));
    return not_found("changed my mind");
  });
  EXPECT_EQ(refused.code(), ErrorCode::kNotFound);
  EXPECT_FALSE(store_->get(RecordKind::kDevice, dropped.id)->has_value());
  EXPECT_TRUE(store_->insert(dropped).is_ok());
}

TEST_P(EntityStoreConformanceTest, TransactionSeesItsOwnWrites) {
  EntityRecord record = device("own");
  Status status = store_->transaction([&](EntityStore& tx) -> Status {
    PS_RETURN_IF_ERROR(tx.insert(record));
    auto read = tx.get(RecordKind::kDevice, record.id);
    if (!read) return read.status();
    if (!read->has_value()) return internal_error("own insert not visible");
    auto page = tx.list({RecordKind::kDevice, tenant_});
    if (!page) return page.status();
    return page->total_elements == 1 ? Status::ok() : internal_error("own insert not listed");
  });
  EXPECT_TRUE(status.is_ok()) << status.to_string();
}

TEST_P(EntityStoreConformanceTest, NestedTransactionRunsInline) {
  EntityRecord record = device("nested");
  Status status = store_->transaction([&](EntityStore& outer) {
    return outer.transaction([&](EntityStore& inner) { return inner.insert(record); });
  });
  ASSERT_TRUE(status.is_ok()) << status.to_string();
  EXPECT_TRUE(store_->get(RecordKind::kDevice, record.id)->has_value());
}

// Read-modify-write units from several threads never interleave: no increment is lost.
TEST_P(EntityStoreConformanceTest, ConcurrentTransactionsAreSerialised) {
  EntityRecord counter = device("counter");
  counter.body = "0";
  ASSERT_TRUE(store_->insert(counter).is_ok());
  constexpr int kThreads = 4;
  constexpr int kIncrements = 15;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        Status status = store_->transaction([&](EntityStore& tx) -> Status {
          auto read = tx.get(RecordKind::kDevice, counter.id);
          if (!read) return read.status();
          EntityRecord next = **read;
          std::this_thread::yield();
          next.body = std::to_string(std::stoi(next.body) + 1);
          return tx.update(next);
        });
        EXPECT_TRUE(status.is_ok()) << status.to_string();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ((*store_->get(RecordKind::kDevice, counter.id))->body,
            std::to_string(kThreads * kIncrements));
}

TEST_P(EntityStoreConformanceTest, ConcurrentInsertsAllLand) {
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE(store_->insert(device("d" + std::to_string(t) + "-" + std::to_string(i))));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(store_->list({RecordKind::kDevice, tenant_})->total_elements, 200);
}

TEST_P(EntityStoreConformanceTest, DataSurvivesReopen) {
  EntityRecord record = device("durable");
  ASSERT_TRUE(store_->insert(record).is_ok());
  model::EntityId asset{model::EntityType::kAsset, Uuid::random()};
  model::EntityId device_id{model::EntityType::kDevice, record.id};
  ASSERT_TRUE(store_->save_relation({asset, device_id, "Contains", "COMMON", "null"}).is_ok());
  reopen();
  auto read = store_->get(RecordKind::kDevice, record.id);
  ASSERT_TRUE(read.is_ok() && read->has_value());
  EXPECT_EQ((*read)->body, record.body);
  EXPECT_EQ(store_->find_relations({asset, true})->size(), 1u);
}

}  // namespace
}  // namespace pacificsoft::storage::conformance
