// The AttributeStore contract and the write path both telemetry stores share, run against every
// backend: scopes, upserts, concurrent callers, back-pressure, shutdown and reopening.
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "storage/telemetry_store_conformance.h"

namespace pacificsoft::storage::conformance {

std::promise<void> hold_writer(TimeseriesStore& store, const model::EntityId& entity) {
  // Owned by the callback: it may still be inside set_value() when this function returns.
  auto entered = std::make_shared<std::promise<void>>();
  auto inside = entered->get_future();
  std::promise<void> release;
  store.save(entity, {{"k", 1, 1L}}, 0,
             [entered, held = release.get_future().share()](const Status&) {
               entered->set_value();
               held.wait();
             });
  inside.wait();
  return release;
}

namespace {

using model::AttributeKv;
using model::AttributeScope;
using model::TsKv;

TEST_P(TelemetryStoreTest, AttributesAreKeptPerScope) {
  ASSERT_TRUE(save_attributes(AttributeScope::kServer, {{"b", 2L, 10}, {"a", true, 11}}).is_ok());
  ASSERT_TRUE(save_attributes(AttributeScope::kShared, {{"a", 1.5, 12}}).is_ok());
  ASSERT_TRUE(
      save_attributes(AttributeScope::kClient, {{"c", model::JsonText{"[1]"}, 13}}).is_ok());
  EXPECT_EQ(*attrs_->find(entity_, AttributeScope::kServer, {}),
            (std::vector<AttributeKv>{{"a", true, 11}, {"b", 2L, 10}}));
  EXPECT_EQ(*attrs_->find(entity_, AttributeScope::kShared, {"a", "b", "a"}),
            (std::vector<AttributeKv>{{"a", 1.5, 12}}));
  EXPECT_EQ(*attrs_->keys(entity_, std::nullopt), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(*attrs_->keys(entity_, AttributeScope::kShared), (std::vector<std::string>{"a"}));
  // An upsert replaces value, type and time.
  ASSERT_TRUE(save_attributes(AttributeScope::kServer, {{"b", std::string("x"), 5}}).is_ok());
  EXPECT_EQ(*attrs_->find(entity_, AttributeScope::kServer, {"b"}),
            (std::vector<AttributeKv>{{"b", std::string("x"), 5}}));
  // Named twice in one save: the last one is kept.
  ASSERT_TRUE(save_attributes(AttributeScope::kServer, {{"b", 1L, 6}, {"b", 2L, 7}}).is_ok());
  EXPECT_EQ(*attrs_->find(entity_, AttributeScope::kServer, {"b"}),
            (std::vector<AttributeKv>{{"b", 2L, 7}}));
  ASSERT_TRUE(attrs_->remove(entity_, AttributeScope::kServer, {"a", "unknown"}).is_ok());
  EXPECT_EQ(*attrs_->keys(entity_, AttributeScope::kServer), (std::vector<std::string>{"b"}));
  EXPECT_EQ(attrs_->find(entity_, AttributeScope::kShared, {"a"})->size(), 1U);
  // Attributes are not time series.
  EXPECT_TRUE(ts_->keys(entity_)->empty());
  EXPECT_TRUE(
      attrs_->find({model::EntityType::kAsset, entity_.id}, AttributeScope::kServer, {})->empty());
}

TEST_P(TelemetryStoreTest, AttributeValuesOfEveryType) {
  std::vector<AttributeKv> values = {{"b", false, 1},
                                     {"d", -0.25, 2},
                                     {"j", model::JsonText{R"({"x":"y"})"}, 3},
                                     {"l", std::int64_t{-7}, 4},
                                     {"s", std::string("a\0b", 3), 5}};
  ASSERT_TRUE(save_attributes(AttributeScope::kClient, values).is_ok());
  EXPECT_EQ(*attrs_->find(entity_, AttributeScope::kClient, {}), values);
}

TEST_P(TelemetryStoreTest, UnknownScopeIsRefused) {
  auto bad = static_cast<AttributeScope>(7);
  EXPECT_EQ(save_attributes(bad, {{"a", 1L, 1}}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(attrs_->find(entity_, bad, {}).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(attrs_->keys(entity_, bad).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(attrs_->remove(entity_, bad, {"a"}).code(), ErrorCode::kInvalidArgument);
}

TEST_P(TelemetryWriterTest, ManyConcurrentCallersAllCommit) {
  constexpr int kThreads = 8;
  constexpr int kSaves = 500;
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSaves; ++i) {
        std::int64_t ts = t * kSaves + i;
        ts_->save(entity_, {{"k", ts, ts}, {"t" + std::to_string(t), ts, ts}}, 0,
                  [&](const Status& status) { (status.is_ok() ? ok : failed)++; });
        if (i % 100 == 0) {
          EXPECT_TRUE(ts_->latest(entity_, {}).is_ok());  // reads meanwhile
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(save({}).is_ok());  // queued after all of them: they are done too
  EXPECT_EQ(ok.load(), kThreads * kSaves);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(query(raw("k", 0, kThreads * kSaves, 1'000'000)).size(),
            static_cast<std::size_t>(kThreads * kSaves));
  EXPECT_EQ(ts_->keys(entity_)->size(), static_cast<std::size_t>(kThreads + 1));
  EXPECT_EQ(ts_->latest(entity_, {"k"})->at(0).ts, kThreads * kSaves - 1);
}

TEST_P(TelemetryWriterTest, ShutdownCommitsEveryQueuedWrite) {
  constexpr int kSaves = 2000;
  std::atomic<int> ok{0};
  for (int i = 0; i < kSaves; ++i) {
    ts_->save(entity_, {{"k", i, std::int64_t{i}}}, 0,
              [&](const Status& status) { ok += status.is_ok() ? 1 : 0; });
  }
  close();
  EXPECT_EQ(ok.load(), kSaves);
  reopen();
  EXPECT_EQ(query(raw("k", 0, kSaves, kSaves)).size(), static_cast<std::size_t>(kSaves));
}

TEST_P(TelemetryWriterTest, CommitIntervalSpacesCommitsButNotTheFirstOrTheLast) {
  constexpr auto kInterval = std::chrono::seconds(4);
  reopen(TelemetryWriteOptions{.commit_interval = kInterval});
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(save({{"k", 1, 1L}}).is_ok());  // the first after an idle spell: at once
  EXPECT_LT(std::chrono::steady_clock::now() - started, kInterval / 2);
  ASSERT_TRUE(save({{"k", 2, 2L}}).is_ok());  // waits for the interval to pass
  EXPECT_GE(std::chrono::steady_clock::now() - started, kInterval);
  std::promise<Status> last;
  ts_->save(entity_, {{"k", 3, 3L}}, 0, [&](Status status) { last.set_value(status); });
  const auto closing = std::chrono::steady_clock::now();
  close();  // commits what is queued without waiting for the interval
  EXPECT_LT(std::chrono::steady_clock::now() - closing, kInterval / 2);
  EXPECT_TRUE(last.get_future().get().is_ok());
  reopen();
  EXPECT_EQ(query(raw("k", 0, 10)).size(), 3U);
}

TEST_P(TelemetryWriterTest, ReopenKeepsDataAndDictionaries) {
  ASSERT_TRUE(save({{"k", 1, 1L}}).is_ok());
  ASSERT_TRUE(save_attributes(AttributeScope::kServer, {{"k", 2L, 3}}).is_ok());
  reopen();
  EXPECT_EQ(*ts_->latest(entity_, {}), (std::vector<TsKv>{{"k", 1, 1L}}));
  ASSERT_TRUE(save({{"k", 2, 2L}, {"new", 2, 2L}}).is_ok());
  EXPECT_EQ(query(raw("k", 0, 10)).size(), 2U);
  EXPECT_EQ(attrs_->find(entity_, AttributeScope::kServer, {"k"})->size(), 1U);
}

TEST_P(TelemetryWriterTest, FullQueueBlocksThenRefuses) {
  reopen(TelemetryWriteOptions{.max_queued_points = 10,
                               .enqueue_timeout = std::chrono::milliseconds(50)});
  std::promise<void> release = hold_writer(*ts_, entity_);  // nothing leaves the queue
  std::vector<TsKv> ten;
  for (std::int64_t i = 0; i < 10; ++i) ten.push_back({"k", 100 + i, i});
  std::promise<Status> queued;
  ts_->save(entity_, ten, 0, [&](Status status) { queued.set_value(status); });
  auto caller = std::this_thread::get_id();
  std::thread::id refused_on;
  Status refused;
  ts_->save(entity_, {{"k", 2, 2L}}, 0, [&](Status status) {
    refused = status;
    refused_on = std::this_thread::get_id();
  });
  EXPECT_EQ(refused.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(refused_on, caller);
  release.set_value();
  EXPECT_TRUE(queued.get_future().get().is_ok());
  EXPECT_EQ(query(raw("k", 0, 1000)).size(), 11U);
}

TEST_P(TelemetryWriterTest, DoneCallbacksMayWriteAgain) {
  std::promise<Status> nested;
  ts_->save(entity_, {{"k", 1, 1L}}, 0, [&](const Status&) {
    TsDelete request{{"k"}, 0, 0, true, true};
    Status removed = ts_->remove(entity_, request);  // runs at once on the writer thread
    ts_->save(entity_, {{"k", 5, 5L}}, 0, [&, removed](Status status) {
      nested.set_value(removed.is_ok() ? status : removed);
    });
  });
  EXPECT_TRUE(nested.get_future().get().is_ok());
  EXPECT_EQ(query(raw("k", 0, 10)), (std::vector<TsKv>{{"k", 5, 5L}}));
}

TEST_P(TelemetryWriterTest, RemoveAfterQueuedSaveSeesIt) {
  // A removal waits for the writes queued before it, so it never misses them.
  std::atomic<int> ok{0};
  for (std::int64_t i = 0; i < 100; ++i) {
    ts_->save(entity_, {{"k", i, i}}, 0, [&](const Status& status) { ok += status ? 1 : 0; });
  }
  TsDelete request{{"k"}, 0, 0, true, true};
  ASSERT_TRUE(ts_->remove(entity_, request).is_ok());
  EXPECT_EQ(ok.load(), 100);
  EXPECT_TRUE(query(raw("k", 0, 1000)).empty());
  EXPECT_TRUE(ts_->latest(entity_, {"k"})->empty());
}

// Many entities the store never saw, written in one batch with new keys and attributes: each
// keeps its own data, read back with empty caches. (No removal among them: a job failing would
// make each one run alone, which hides a batch that cannot commit.)
TEST_P(TelemetryWriterTest, NewEntitiesOfOneBatchKeepTheirOwnData) {
  std::promise<void> release = hold_writer(*ts_, entity_);
  constexpr std::int64_t kEntities = 300;
  std::vector<model::EntityId> entities;
  std::atomic<int> ok{0};
  auto count = [&](const Status& status) { ok += status.is_ok() ? 1 : 0; };
  for (std::int64_t i = 0; i < kEntities; ++i) {
    entities.push_back({model::EntityType::kDevice, Uuid::random()});
    ts_->save(entities.back(), {{"k", 10, i}, {"new" + std::to_string(i % 7), 10, i}}, 0, count);
    if (i % 3 == 0) {
      attrs_->save(entities.back(), AttributeScope::kServer, {{"a", i, 5}}, count);
      // After the attribute made the entity known: replaces the point above.
      ts_->save(entities.back(), {{"k", 10, i + kEntities}}, 0, count);
    }
  }
  release.set_value();
  ASSERT_TRUE(save({}).is_ok());  // queued after all of them: they are done too
  EXPECT_EQ(ok.load(), kEntities + kEntities / 3 * 2);
  reopen();
  for (std::int64_t i = 0; i < kEntities; ++i) {
    const auto& entity = entities[static_cast<std::size_t>(i)];
    std::int64_t k = i % 3 == 0 ? i + kEntities : i;
    EXPECT_EQ(*ts_->latest(entity, {"k"}), (std::vector<TsKv>{{"k", 10, k}})) << i;
    EXPECT_EQ(*ts_->keys(entity), (std::vector<std::string>{"k", "new" + std::to_string(i % 7)}))
        << i;
    EXPECT_EQ(attrs_->find(entity, AttributeScope::kServer, {"a"})->size(), i % 3 == 0 ? 1U : 0U);
  }
}

}  // namespace
}  // namespace pacificsoft::storage::conformance
