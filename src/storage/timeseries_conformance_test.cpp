// The TimeseriesStore contract, run against every backend: types, idempotence, latest values,
// raw and aggregated queries with their edges, removal and TTL.
#include <cmath>
#include <future>
#include <limits>

#include "storage/telemetry_store_conformance.h"

namespace pacificsoft::storage::conformance {

void TelemetryStoreTest::SetUp() {
  backend_ = GetParam().make();
  std::string reason = backend_->skip_reason();
  if (!reason.empty()) GTEST_SKIP() << reason;
  reopen();
}

void TelemetryStoreTest::TearDown() {
  close();
  backend_.reset();
}

void TelemetryStoreTest::close() {
  ts_.reset();
  attrs_.reset();
}

void TelemetryStoreTest::reopen(const TelemetryWriteOptions& options) {
  close();
  auto opened = backend_->open(options);
  ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
  ts_ = std::move(opened->timeseries);
  attrs_ = std::move(opened->attributes);
}

Status TelemetryStoreTest::save(std::vector<model::TsKv> points, std::int64_t ttl_s) {
  std::promise<Status> done;
  ts_->save(entity_, std::move(points), ttl_s,
            [&done](Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

Status TelemetryStoreTest::save_attributes(model::AttributeScope scope,
                                           std::vector<model::AttributeKv> values) {
  std::promise<Status> done;
  attrs_->save(entity_, scope, std::move(values),
               [&done](Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

std::vector<model::TsKv> TelemetryStoreTest::query(const TsQuery& query) {
  auto result = ts_->query(entity_, query);
  EXPECT_TRUE(result.is_ok()) << result.status().to_string();
  return result.is_ok() ? *result : std::vector<model::TsKv>();
}

TsQuery raw(std::string key, std::int64_t start, std::int64_t end, int limit, bool ascending) {
  TsQuery query;
  query.key = std::move(key);
  query.start_ts = start;
  query.end_ts = end;
  query.limit = limit;
  query.ascending = ascending;
  return query;
}

TsQuery aggregated(std::string key, std::int64_t start, std::int64_t end, std::int64_t interval,
                   Aggregation aggregation) {
  TsQuery query = raw(std::move(key), start, end);
  query.interval_ms = interval;
  query.aggregation = aggregation;
  return query;
}

std::string telemetry_backend_name(const ::testing::TestParamInfo<TelemetryBackendParam>& info) {
  return info.param.name;
}

void PrintTo(const TelemetryBackendParam& param, std::ostream* out) { *out << param.name; }

void TelemetryAggregationTest::SetUp() {
  TelemetryStoreTest::SetUp();
  if (IsSkipped()) return;
  using model::JsonText;
  ASSERT_TRUE(save({{"k", 0, 1L},
                    {"k", 9, 5L},
                    {"k", 10, 2.5},
                    {"k", 11, 3L},
                    {"k", 12, std::string("x")},
                    {"k", 25, true},
                    {"k", 30, JsonText{"{}"}},
                    {"k", 35, 100L}})
                  .is_ok());
}

namespace {

using model::JsonText;
using model::KvValue;
using model::TsKv;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

TEST_P(TelemetryStoreTest, EveryTypeRoundTrips) {
  std::string huge(5'000'000, 'h');
  huge[17] = '\0';
  std::vector<TsKv> points = {
      {"b", 1, true},
      {"b", 2, false},
      {"l", 1, kMin},
      {"l", 2, kMax},
      {"d", 1, -0.5},
      {"d", 2, std::numeric_limits<double>::infinity()},
      {"d", 3, 0.1 + 0.2},
      {"d", 4, -std::numeric_limits<double>::infinity()},
      {"d", 5, std::numeric_limits<double>::denorm_min()},
      {"s", 1, std::string("")},
      {"s", 2, std::string("\xc3\xa9t\xc3\xa9 \xff")},
      {"s", 3, std::string("a\"b\\c,{d} NULL")},
      {"j", 1, JsonText{R"({"a":[1,2,{"b":null}]})"}},
      {"j", 2, JsonText{"42"}},
      {"h", 1, huge},
  };
  ASSERT_TRUE(save(points).is_ok());
  for (const std::string key : {"b", "l", "d", "s", "j", "h"}) {
    std::vector<TsKv> expected;
    for (const auto& point : points) {
      if (point.key == key) expected.insert(expected.begin(), point);
    }
    EXPECT_EQ(query(raw(key, 0, 10)), expected) << key;
    auto latest = ts_->latest(entity_, {key});
    ASSERT_TRUE(latest.is_ok());
    EXPECT_EQ(*latest, std::vector<TsKv>{expected.front()}) << key;
  }
  // JSON text "42" stays JSON, the string "42" stays a string.
  EXPECT_TRUE(std::holds_alternative<JsonText>(query(raw("j", 2, 3))[0].value));
}

TEST_P(TelemetryStoreTest, NanIsKeptAsNan) {
  ASSERT_TRUE(save({{"d", 1, std::numeric_limits<double>::quiet_NaN()}}).is_ok());
  auto points = query(raw("d", 0, 10));
  ASSERT_EQ(points.size(), 1U);
  EXPECT_TRUE(std::isnan(std::get<double>(points[0].value)));
}

TEST_P(TelemetryStoreTest, OversizedInputFailsOnlyItsOwnWrite) {
  reopen(TelemetryWriteOptions{.max_value_bytes = 100});
  std::promise<Status> bad;
  std::promise<Status> good;
  ts_->save(entity_, {{"k", 1, std::string(101, 'x')}}, 0,
            [&](Status status) { bad.set_value(status); });
  ts_->save(entity_, {{"k", 2, std::string(100, 'x')}}, 0,
            [&](Status status) { good.set_value(status); });
  EXPECT_EQ(bad.get_future().get().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(good.get_future().get().is_ok());
  EXPECT_EQ(save({{std::string(256, 'k'), 1, 1L}}).code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(save({{std::string(255, 'k'), 1, 1L}}).is_ok());
  EXPECT_EQ(query(raw("k", 0, 10)).size(), 1U);
}

TEST_P(TelemetryStoreTest, SamePointReplacesItself) {
  ASSERT_TRUE(save({{"k", 10, 1L}}).is_ok());
  ASSERT_TRUE(save({{"k", 10, std::string("x")}}).is_ok());
  EXPECT_EQ(query(raw("k", 0, 100)), (std::vector<TsKv>{{"k", 10, std::string("x")}}));
  EXPECT_EQ(*ts_->latest(entity_, {"k"}), (std::vector<TsKv>{{"k", 10, std::string("x")}}));
  ASSERT_TRUE(save({{"k", 10, 2L}, {"k", 10, 3L}}).is_ok());  // twice in one save: the last
  EXPECT_EQ(query(raw("k", 0, 100)), (std::vector<TsKv>{{"k", 10, 3L}}));
}

TEST_P(TelemetryStoreTest, LatestOnlyAdvances) {
  ASSERT_TRUE(save({{"k", 20, 1L}}).is_ok());
  ASSERT_TRUE(save({{"k", 10, 2L}}).is_ok());
  EXPECT_EQ(*ts_->latest(entity_, {"k"}), (std::vector<TsKv>{{"k", 20, 1L}}));
  ASSERT_TRUE(save({{"k", 20, 3L}}).is_ok());
  EXPECT_EQ(*ts_->latest(entity_, {"k"}), (std::vector<TsKv>{{"k", 20, 3L}}));
  ASSERT_TRUE(save({{"k", 5, 4L}, {"k", 40, 5L}, {"k", 40, 6L}, {"k", 30, 7L}}).is_ok());
  EXPECT_EQ(*ts_->latest(entity_, {"k"}), (std::vector<TsKv>{{"k", 40, 6L}}));
  ASSERT_TRUE(save({{"a", 1, true}}).is_ok());
  EXPECT_EQ(*ts_->latest(entity_, {}), (std::vector<TsKv>{{"a", 1, true}, {"k", 40, 6L}}));
  EXPECT_EQ(*ts_->latest(entity_, {"k", "missing", "k"}), (std::vector<TsKv>{{"k", 40, 6L}}));
  EXPECT_EQ(*ts_->keys(entity_), (std::vector<std::string>{"a", "k"}));
  model::EntityId other{model::EntityType::kAsset, entity_.id};  // same uuid, other type
  EXPECT_TRUE(ts_->latest(other, {})->empty());
  EXPECT_TRUE(ts_->keys(other)->empty());
}

TEST_P(TelemetryStoreTest, KeysSortByteWise) {
  ASSERT_TRUE(save({{"b", 1, 1L}, {"B", 1, 1L}, {"a_1", 1, 1L}, {"a-2", 1, 1L}}).is_ok());
  EXPECT_EQ(*ts_->keys(entity_), (std::vector<std::string>{"B", "a-2", "a_1", "b"}));
}

TEST_P(TelemetryStoreTest, RawQueryOrderLimitAndHalfOpenRange) {
  std::vector<TsKv> points;
  for (std::int64_t i = 0; i < 10; ++i) points.push_back({"k", i, i});
  ASSERT_TRUE(save(points).is_ok());
  auto ts_of = [](const std::vector<TsKv>& found) {
    std::vector<std::int64_t> out;
    for (const auto& point : found) out.push_back(point.ts);
    return out;
  };
  EXPECT_EQ(ts_of(query(raw("k", 2, 7))), (std::vector<std::int64_t>{6, 5, 4, 3, 2}));
  EXPECT_EQ(ts_of(query(raw("k", 2, 7, 100, true))), (std::vector<std::int64_t>{2, 3, 4, 5, 6}));
  EXPECT_EQ(ts_of(query(raw("k", 2, 7, 2))), (std::vector<std::int64_t>{6, 5}));
  EXPECT_EQ(ts_of(query(raw("k", 2, 7, 2, true))), (std::vector<std::int64_t>{2, 3}));
  EXPECT_TRUE(query(raw("k", 2, 7, 0)).empty());
  EXPECT_TRUE(query(raw("k", 2, 7, -1)).empty());
  EXPECT_TRUE(query(raw("k", 7, 7)).empty());
  EXPECT_TRUE(query(raw("k", 7, 2)).empty());
  EXPECT_EQ(query(raw("k", kMin, kMax)).size(), 10U);
  EXPECT_TRUE(query(raw("other", 0, 10)).empty());
  EXPECT_TRUE(ts_->query({model::EntityType::kDevice, Uuid::random()}, raw("k", 0, 10))->empty());
}

TEST_P(TelemetryStoreTest, PointsFarApartInTime) {
  // Negative, pre-1970, present, and far-future ts (a partitioned table must take them all).
  std::vector<std::int64_t> stamps = {
      kMin, -1, 0, 1'700'000'000'000, 4'102'444'800'000, 253'402'300'800'000, kMax - 1};
  std::vector<TsKv> points;
  for (auto ts : stamps) points.push_back({"k", ts, ts});
  ASSERT_TRUE(save(points).is_ok());
  auto found = query(raw("k", kMin, kMax, 100, true));
  ASSERT_EQ(found.size(), stamps.size());
  for (std::size_t i = 0; i < stamps.size(); ++i) EXPECT_EQ(found[i].ts, stamps[i]);
  EXPECT_EQ(ts_->latest(entity_, {"k"})->at(0).ts, kMax - 1);
  EXPECT_EQ(query(aggregated("k", -10, 10, 20, Aggregation::kCount)),
            (std::vector<TsKv>{{"k", 0, 2L}}));
}

TEST_P(TelemetryAggregationTest, MinMaxSumAvgReadNumbersOnly) {
  EXPECT_EQ(run(Aggregation::kMin), (std::vector<TsKv>{{"k", 5, 1L}, {"k", 15, 2.5}}));
  EXPECT_EQ(run(Aggregation::kMax), (std::vector<TsKv>{{"k", 5, 5L}, {"k", 15, 3.0}}));
  EXPECT_EQ(run(Aggregation::kSum), (std::vector<TsKv>{{"k", 5, 6L}, {"k", 15, 5.5}}));
  EXPECT_EQ(run(Aggregation::kAvg), (std::vector<TsKv>{{"k", 5, 3.0}, {"k", 15, 2.75}}));
}

TEST_P(TelemetryAggregationTest, CountCountsEveryTypeAndLastBucketIsClipped) {
  EXPECT_EQ(run(Aggregation::kCount),
            (std::vector<TsKv>{{"k", 5, 2L}, {"k", 15, 3L}, {"k", 25, 1L}, {"k", 32, 1L}}));
  EXPECT_EQ(query(aggregated("k", 0, 36, 10, Aggregation::kCount)).back(), (TsKv{"k", 33, 2L}));
}

TEST_P(TelemetryAggregationTest, EmptyBucketsAreOmitted) {
  EXPECT_EQ(
      query(aggregated("k", 0, 100, 5, Aggregation::kCount)),
      (std::vector<TsKv>{
          {"k", 2, 1L}, {"k", 7, 1L}, {"k", 12, 3L}, {"k", 27, 1L}, {"k", 32, 1L}, {"k", 37, 1L}}));
  EXPECT_TRUE(query(aggregated("k", 36, 100, 5, Aggregation::kMin)).empty());
  EXPECT_TRUE(query(aggregated("k", 20, 30, 10, Aggregation::kAvg)).empty());
}

TEST_P(TelemetryAggregationTest, ManyBucketsAnswerAsFewDo) {
  // 2000 buckets, then 2001 (SQLite switches from a statement per bucket to one GROUP BY there);
  // the extra bucket is empty.
  for (auto aggregation : {Aggregation::kMin, Aggregation::kMax, Aggregation::kSum,
                           Aggregation::kAvg, Aggregation::kCount}) {
    auto fewer = query(aggregated("k", 0, 4000, 2, aggregation));
    auto more = query(aggregated("k", 0, 4001, 2, aggregation));
    EXPECT_FALSE(fewer.empty());
    EXPECT_EQ(fewer, more) << static_cast<int>(aggregation);
  }
  EXPECT_EQ(query(aggregated("k", 0, 4001, 2, Aggregation::kMin))[2],
            (TsKv{"k", 11, 2.5}));  // [10, 12): 2.5 and 3 → a double
}

TEST_P(TelemetryStoreTest, ManyBucketsWithDataEverywhereComeBackWholeAndInOrder) {
  // 200 buckets of two points each (SQLite computes the later half on a second connection).
  std::vector<TsKv> points;
  for (std::int64_t i = 0; i < 400; ++i) points.push_back({"m", i * 5, i});
  ASSERT_TRUE(save(points).is_ok());
  std::vector<TsKv> expected;
  for (std::int64_t bucket = 0; bucket < 200; ++bucket) {
    expected.push_back({"m", bucket * 10 + 5, static_cast<double>(bucket * 2) + 0.5});
  }
  EXPECT_EQ(query(aggregated("m", 0, 2000, 10, Aggregation::kAvg)), expected);
}

TEST_P(TelemetryAggregationTest, InvalidIntervalOrRange) {
  EXPECT_EQ(ts_->query(entity_, aggregated("k", 0, 35, 0, Aggregation::kMin)).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ts_->query(entity_, aggregated("nokey", 0, 35, -5, Aggregation::kMin)).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      ts_->query(entity_, aggregated("k", kMin, kMax, kMax, Aggregation::kMin)).status().code(),
      ErrorCode::kInvalidArgument);
  EXPECT_TRUE(query(aggregated("k", 35, 0, 10, Aggregation::kMin)).empty());
  EXPECT_EQ(query(aggregated("k", -kMax / 2, kMax / 2, kMax, Aggregation::kCount)).size(), 1U);
}

TEST_P(TelemetryStoreTest, LongSumOverflowAnswersADouble) {
  ASSERT_TRUE(save({{"k", 0, kMax}, {"k", 1, kMax}, {"k", 5, 1L}}).is_ok());
  for (std::int64_t end : {10L, 4001L}) {
    auto sums = query(aggregated("k", 0, end, 2, Aggregation::kSum));
    ASSERT_EQ(sums.size(), 2U) << end;
    EXPECT_DOUBLE_EQ(std::get<double>(sums[0].value), 2.0 * static_cast<double>(kMax));
    // The other bucket's sum is 1 (SQLite answers 1.0 once one bucket of a GROUP BY overflowed).
    EXPECT_TRUE(sums[1].value == KvValue(1L) || sums[1].value == KvValue(1.0));
  }
  EXPECT_EQ(query(aggregated("k", 0, 10, 2, Aggregation::kSum))[1].value, KvValue(1L));
}

TEST_P(TelemetryStoreTest, RemoveRangeAllAndLatest) {
  std::vector<TsKv> points;
  for (std::int64_t i = 0; i < 10; ++i) points.push_back({"k", i, i});
  ASSERT_TRUE(save(points).is_ok());
  ASSERT_TRUE(save({{"other", 1, 1L}}).is_ok());
  TsDelete request{{"k", "unknown"}, 3, 6, false, true};
  ASSERT_TRUE(ts_->remove(entity_, request).is_ok());
  EXPECT_EQ(query(raw("k", 0, 10, 100, true)).size(), 7U);
  EXPECT_EQ(ts_->latest(entity_, {"k"})->size(), 1U);  // latest (9) was not in the range
  request = {{"k"}, 9, 10, false, false};
  ASSERT_TRUE(ts_->remove(entity_, request).is_ok());
  EXPECT_EQ(ts_->latest(entity_, {"k"})->at(0), (TsKv{"k", 9, 9L}));  // kept on request
  request = {{"k"}, 8, 100, false, true};
  ASSERT_TRUE(ts_->remove(entity_, request).is_ok());
  EXPECT_TRUE(ts_->latest(entity_, {"k"})->empty());  // dropped, not rewritten to ts 7
  EXPECT_EQ(*ts_->keys(entity_), std::vector<std::string>{"other"});
  EXPECT_EQ(query(raw("k", 0, 10)).front().ts, 7);
  request = {{"k"}, 0, 0, true, true};
  ASSERT_TRUE(ts_->remove(entity_, request).is_ok());
  EXPECT_TRUE(query(raw("k", kMin, kMax)).empty());
  EXPECT_EQ(query(raw("other", 0, 10)).size(), 1U);
  request = {{"other"}, 0, 0, true, true};
  EXPECT_TRUE(ts_->remove({model::EntityType::kAsset, Uuid::random()}, request).is_ok());
}

TEST_P(TelemetryStoreTest, TtlExpiresPointsButNotLatest) {
  ASSERT_TRUE(save({{"k", 1000, 1L}}, 10).is_ok());          // expires at 11000
  ASSERT_TRUE(save({{"k", 2000, 2L}}).is_ok());              // kept forever
  ASSERT_TRUE(save({{"far", kMax - 5, 1L}}, kMax).is_ok());  // saturates, never expires
  ASSERT_TRUE(ts_->remove_expired(10'999).is_ok());
  EXPECT_EQ(query(raw("k", 0, 10'000)).size(), 2U);
  ASSERT_TRUE(ts_->remove_expired(11'000).is_ok());
  EXPECT_EQ(query(raw("k", 0, 10'000)), (std::vector<TsKv>{{"k", 2000, 2L}}));
  EXPECT_EQ(query(raw("far", 0, kMax)).size(), 1U);
  // More than one expiry chunk.
  std::vector<TsKv> many;
  for (std::int64_t i = 0; i < 25'000; ++i) many.push_back({"many", i, i});
  ASSERT_TRUE(save(many, 1).is_ok());
  ASSERT_TRUE(save({{"many", 50'000, 1L}}).is_ok());
  ASSERT_TRUE(ts_->remove_expired(30'000).is_ok());
  EXPECT_EQ(query(raw("many", 0, kMax)), (std::vector<TsKv>{{"many", 50'000, 1L}}));
  EXPECT_EQ(ts_->latest(entity_, {"k"})->at(0).ts, 2000);
}

}  // namespace
}  // namespace pacificsoft::storage::conformance
