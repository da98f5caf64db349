// The SQLite time-series store on a real file: types, idempotence, latest, raw and aggregated
// queries with their edges, removal and TTL.
#include <cmath>
#include <limits>

#include "storage/sqlite/internal/ts_query.h"
#include "storage/sqlite/telemetry_test_fixture.h"

namespace pacificsoft::storage::sqlite {
namespace {

using model::JsonText;
using model::KvValue;
using model::TsKv;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

TEST_F(TelemetryTest, EveryTypeRoundTrips) {
  std::string huge(5'000'000, 'h');
  huge[17] = '\0';
  std::vector<TsKv> points = {
      {"b", 1, true},
      {"b", 2, false},
      {"l", 1, kMin},
      {"l", 2, kMax},
      {"d", 1, -0.5},
      {"d", 2, std::numeric_limits<double>::infinity()},
      {"s", 1, std::string("")},
      {"s", 2, std::string("\xc3\xa9t\xc3\xa9 \xff")},
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

TEST_F(TelemetryTest, NanIsKeptAsNan) {
  ASSERT_TRUE(save({{"d", 1, std::numeric_limits<double>::quiet_NaN()}}).is_ok());
  auto points = query(raw("d", 0, 10));
  ASSERT_EQ(points.size(), 1U);
  EXPECT_TRUE(std::isnan(std::get<double>(points[0].value)));
}

TEST_F(TelemetryTest, OversizedInputFailsOnlyItsOwnWrite) {
  reopen(TelemetryDbOptions{.max_value_bytes = 100});
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

TEST_F(TelemetryTest, SamePointReplacesItself) {
  ASSERT_TRUE(save({{"k", 10, 1L}}).is_ok());
  ASSERT_TRUE(save({{"k", 10, std::string("x")}}).is_ok());
  EXPECT_EQ(query(raw("k", 0, 100)), (std::vector<TsKv>{{"k", 10, std::string("x")}}));
  EXPECT_EQ(*ts_->latest(entity_, {"k"}), (std::vector<TsKv>{{"k", 10, std::string("x")}}));
}

TEST_F(TelemetryTest, LatestOnlyAdvances) {
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

TEST_F(TelemetryTest, RawQueryOrderLimitAndHalfOpenRange) {
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

// Points of key "k": buckets of 10 over [0, 35): [0,10) longs, [10,20) mixed with a string,
// [20,30) a boolean only, [30,35) a string only; ts 35 lies past the end.
class AggregationTest : public TelemetryTest {
 protected:
  void SetUp() override {
    TelemetryTest::SetUp();
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
  std::vector<TsKv> run(Aggregation aggregation) {
    return query(aggregated("k", 0, 35, 10, aggregation));
  }
};

TEST_F(AggregationTest, MinMaxSumAvgReadNumbersOnly) {
  EXPECT_EQ(run(Aggregation::kMin), (std::vector<TsKv>{{"k", 5, 1L}, {"k", 15, 2.5}}));
  EXPECT_EQ(run(Aggregation::kMax), (std::vector<TsKv>{{"k", 5, 5L}, {"k", 15, 3.0}}));
  EXPECT_EQ(run(Aggregation::kSum), (std::vector<TsKv>{{"k", 5, 6L}, {"k", 15, 5.5}}));
  EXPECT_EQ(run(Aggregation::kAvg), (std::vector<TsKv>{{"k", 5, 3.0}, {"k", 15, 2.75}}));
}

TEST_F(AggregationTest, CountCountsEveryTypeAndLastBucketIsClipped) {
  EXPECT_EQ(run(Aggregation::kCount),
            (std::vector<TsKv>{{"k", 5, 2L}, {"k", 15, 3L}, {"k", 25, 1L}, {"k", 32, 1L}}));
  EXPECT_EQ(query(aggregated("k", 0, 36, 10, Aggregation::kCount)).back(), (TsKv{"k", 33, 2L}));
}

TEST_F(AggregationTest, EmptyBucketsAreOmitted) {
  EXPECT_EQ(
      query(aggregated("k", 0, 100, 5, Aggregation::kCount)),
      (std::vector<TsKv>{
          {"k", 2, 1L}, {"k", 7, 1L}, {"k", 12, 3L}, {"k", 27, 1L}, {"k", 32, 1L}, {"k", 37, 1L}}));
  EXPECT_TRUE(query(aggregated("k", 36, 100, 5, Aggregation::kMin)).empty());
  EXPECT_TRUE(query(aggregated("k", 20, 30, 10, Aggregation::kAvg)).empty());
}

TEST_F(AggregationTest, GroupedStatementAgreesWithStatementPerBucket) {
  // 2000 buckets run one statement each, 2001 one GROUP BY; the extra bucket is empty.
  for (auto aggregation : {Aggregation::kMin, Aggregation::kMax, Aggregation::kSum,
                           Aggregation::kAvg, Aggregation::kCount}) {
    auto per_bucket = query(aggregated("k", 0, 2 * kMaxBucketStatements, 2, aggregation));
    auto grouped = query(aggregated("k", 0, 2 * kMaxBucketStatements + 1, 2, aggregation));
    EXPECT_FALSE(per_bucket.empty());
    EXPECT_EQ(per_bucket, grouped) << static_cast<int>(aggregation);
  }
  EXPECT_EQ(query(aggregated("k", 0, 2 * kMaxBucketStatements + 1, 2, Aggregation::kMin))[2],
            (TsKv{"k", 11, 2.5}));  // [10, 12): 2.5 and 3 → a double
}

TEST_F(AggregationTest, InvalidIntervalOrRange) {
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

TEST_F(TelemetryTest, LongSumOverflowAnswersADouble) {
  ASSERT_TRUE(save({{"k", 0, kMax}, {"k", 1, kMax}, {"k", 5, 1L}}).is_ok());
  for (std::int64_t end : {10L, 4001L}) {  // a statement per bucket, then GROUP BY
    auto sums = query(aggregated("k", 0, end, 2, Aggregation::kSum));
    ASSERT_EQ(sums.size(), 2U) << end;
    EXPECT_DOUBLE_EQ(std::get<double>(sums[0].value), 2.0 * static_cast<double>(kMax));
    EXPECT_EQ(sums[1].value, end == 10 ? KvValue(1L) : KvValue(1.0));
  }
}

TEST_F(TelemetryTest, RemoveRangeAllAndLatest) {
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

TEST_F(TelemetryTest, TtlExpiresPointsButNotLatest) {
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
}  // namespace pacificsoft::storage::sqlite
