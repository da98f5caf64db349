// model::parse_telemetry on the payloads devices send most: 5 keys at server time, and the same
// keys with their own ts ({"ts":..., "values":{...}}); and the printing of doubles that puts
// the values back into each message's JSON.
#include <benchmark/benchmark.h>

#include <string_view>

#include "common/json.h"
#include "model/telemetry_json.h"

namespace pacificsoft::model {
namespace {

constexpr std::string_view kPlain =
    R"({"temperature":21.5,"humidity":42,"voltage":3.31,"status":"ok","tx":1700000000000000})";
constexpr std::string_view kWithTs =
    R"({"ts":1700000000000,"values":{"temperature":21.5,"humidity":42,"voltage":3.31,)"
    R"("status":"ok","tx":1700000000000000}})";

void parse(benchmark::State& state, std::string_view payload) {
  for (auto _ : state) {
    auto points = parse_telemetry(payload, 1'700'000'000'000, NullValues::kSkip);
    if (!points.is_ok() || points->size() != 5) {
      state.SkipWithError("payload not parsed into 5 points");
      break;
    }
    benchmark::DoNotOptimize(points);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(payload.size()));
}

void bm_parse_telemetry_5_keys(benchmark::State& state) { parse(state, kPlain); }
void bm_parse_telemetry_5_keys_with_ts(benchmark::State& state) { parse(state, kWithTs); }

void bm_format_double(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(json::format_double(21.5));
    benchmark::DoNotOptimize(json::format_double(3.31));
  }
  state.SetItemsProcessed(state.iterations() * 2);
}

BENCHMARK(bm_parse_telemetry_5_keys);
BENCHMARK(bm_parse_telemetry_5_keys_with_ts);
BENCHMARK(bm_format_double);

}  // namespace
}  // namespace pacificsoft::model

BENCHMARK_MAIN();
