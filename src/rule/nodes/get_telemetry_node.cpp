// metadata.TbGetTelemetryNode: the originator's time series of latestTsKeyNames over an interval
// (startInterval/endInterval before now, or timestamps from ${metadata}/$[data] patterns with
// useMetadataIntervalPatterns) added to the metadata, as the reference writes it: FIRST and LAST
// the value as a JSON string ("\"22\""), ALL a JSON array of {ts, value} (at most `limit`, in
// `orderBy` order, or one `aggregation` over the whole interval).
#include <charconv>

#include "rule/nodes/enrichment_nodes.h"
#include "rule/nodes/node_support.h"

namespace pacificsoft::rule {
namespace {

enum class FetchMode { kFirst, kLast, kAll };

struct TelemetryQuery {
  std::vector<std::string> key_patterns;
  FetchMode mode = FetchMode::kFirst;
  bool ascending = true;
  int limit = 1;
  storage::Aggregation aggregation = storage::Aggregation::kNone;
  bool use_patterns = false;
  std::int64_t start_before_ms = 0;  // the interval, before now
  std::int64_t end_before_ms = 0;
  std::string start_pattern;  // or these, with use_patterns
  std::string end_pattern;
};

// A timestamp a pattern gives, as the reference checks it.
Result<std::int64_t> pattern_ts(std::string_view pattern, const model::Msg& msg) {
  std::string name(pattern);
  std::erase_if(name,
                [](char c) { return c == '$' || c == '[' || c == ']' || c == '{' || c == '}'; });
  const std::string value = process_pattern(pattern, msg);
  if (value == pattern) return invalid_argument("Message value: '" + name + "' is undefined");
  std::int64_t ts = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), ts);
  if (error != std::errc() || end != value.data() + value.size()) {
    return invalid_argument("Message value: '" + name + "' has invalid format");
  }
  return ts;
}

class GetTelemetryNode final : public RuleNode {
 public:
  GetTelemetryNode(NodeServices& services, TelemetryQuery query)
      : services_(services), query_(std::move(query)) {}

  void on_msg(model::Msg msg, NodeDone done) override {
    auto start = query_.use_patterns ? pattern_ts(query_.start_pattern, msg)
                                     : services_.clock.now_ms() - query_.start_before_ms;
    auto end = query_.use_patterns ? pattern_ts(query_.end_pattern, msg)
                                   : services_.clock.now_ms() - query_.end_before_ms;
    Status bad = !start ? start.status() : end.status();
    if (bad.is_ok() && *start > *end) {
      bad = invalid_argument("Interval start should be less than Interval end");
    }
    if (!bad) {
      done(NodeResult::failure(std::move(msg), bad.message()));
      return;
    }
    MsgFields fields(MsgPart::kMetadata);
    for (const auto& pattern : query_.key_patterns) {
      storage::TsQuery read{process_pattern(pattern, msg), *start, *end, query_.aggregation};
      read.interval_ms = query_.aggregation == storage::Aggregation::kNone ? 0 : *end - *start;
      read.limit = query_.limit;
      read.ascending = query_.ascending;
      auto points = services_.telemetry.query_timeseries(msg.originator, read);
      if (!points) {
        done(read_failed(std::move(msg), points.status()));
        return;
      }
      if (points->empty()) continue;
      if (query_.mode != FetchMode::kAll) {
        // The reference writes the JSON text of the value's string form.
        const bj::string text(model::value_to_string(points->front().value));
        fields.put(read.key, bj::string(json::serialize(text)));
        continue;
      }
      bj::array all;
      for (const auto& point : *points) {
        all.push_back(bj::object{{"ts", point.ts}, {"value", model::value_to_json(point.value)}});
      }
      fields.put(read.key, std::move(all));
    }
    Status applied = fields.apply_to(msg);
    done(applied ? NodeResult::on(kSuccess, std::move(msg))
                 : NodeResult::failure(std::move(msg), applied.message()));
  }

 private:
  NodeServices& services_;
  TelemetryQuery query_;
};

Result<std::int64_t> unit_ms(std::string_view unit) {
  constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {{"MILLISECONDS", 1},
                                                                  {"SECONDS", 1000},
                                                                  {"MINUTES", 60'000},
                                                                  {"HOURS", 3'600'000},
                                                                  {"DAYS", 86'400'000}};
  for (const auto& [name, ms] : kUnits) {
    if (name == unit) return ms;
  }
  return invalid_argument("unknown time unit " + std::string(unit));
}

Result<std::int64_t> interval_ms(const bj::object& configuration, std::string_view amount_key,
                                 std::string_view unit_key, std::int64_t fallback) {
  auto unit = unit_ms(json::get_string(configuration, unit_key).value_or("MINUTES"));
  if (!unit) return unit.status();
  return json::get_int(configuration, amount_key).value_or(fallback) * *unit;
}

}  // namespace

Result<std::unique_ptr<RuleNode>> make_get_telemetry_node(const bj::object& configuration,
                                                          NodeServices& services) {
  TelemetryQuery query;
  query.key_patterns = config_strings(configuration, "latestTsKeyNames");
  if (query.key_patterns.empty()) return invalid_argument("Telemetry should be specified!");
  const auto mode = json::get_string(configuration, "fetchMode").value_or("FIRST");
  if (mode == "ALL") {
    query.mode = FetchMode::kAll;
    query.limit = static_cast<int>(json::get_int(configuration, "limit").value_or(1000));
    if (query.limit < 2 || query.limit > 1000) {
      return invalid_argument("Limit should be in a range from 2 to 1000.");
    }
    const auto order = json::get_string(configuration, "orderBy").value_or("ASC");
    if (order != "ASC" && order != "DESC") return invalid_argument("orderBy must be ASC or DESC");
    query.ascending = order == "ASC";
    auto aggregation =
        storage::parse_aggregation(json::get_string(configuration, "aggregation").value_or("NONE"));
    if (!aggregation) return invalid_argument("unknown aggregation");
    query.aggregation = *aggregation;
  } else if (mode == "FIRST" || mode == "LAST") {
    query.mode = mode == "FIRST" ? FetchMode::kFirst : FetchMode::kLast;
    query.ascending = mode == "FIRST";
  } else {
    return invalid_argument("fetchMode must be FIRST, LAST or ALL");
  }
  query.use_patterns = json::get_bool(configuration, "useMetadataIntervalPatterns").value_or(false);
  query.start_pattern = json::get_string(configuration, "startIntervalPattern").value_or("");
  query.end_pattern = json::get_string(configuration, "endIntervalPattern").value_or("");
  auto start = interval_ms(configuration, "startInterval", "startIntervalTimeUnit", 2);
  if (!start) return start.status();
  auto end = interval_ms(configuration, "endInterval", "endIntervalTimeUnit", 1);
  if (!end) return end.status();
  query.start_before_ms = *start;
  query.end_before_ms = *end;
  return std::unique_ptr<RuleNode>(std::make_unique<GetTelemetryNode>(services, std::move(query)));
}

}  // namespace pacificsoft::rule
