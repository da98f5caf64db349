// Splits a Uri-Path into the device API's parts; anything else is not ours.
#include "transport/coap/internal/device_path.h"

#include <array>
#include <charconv>

namespace pacificsoft::transport::coap::detail {

namespace {

constexpr std::size_t kMaxSegments = 5;

// Splits on '/', ignoring one leading and one trailing slash; nullopt when there are too many.
std::optional<std::array<std::string_view, kMaxSegments>> split(std::string_view path,
                                                                std::size_t& count) {
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.ends_with('/')) path.remove_suffix(1);
  std::array<std::string_view, kMaxSegments> segments{};
  count = 0;
  while (!path.empty()) {
    if (count == kMaxSegments) return std::nullopt;
    auto slash = path.find('/');
    segments[count++] = path.substr(0, slash);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

std::optional<Feature> feature_of(std::string_view name) {
  if (name == "telemetry") return Feature::kTelemetry;
  if (name == "attributes") return Feature::kAttributes;
  if (name == "rpc") return Feature::kRpc;
  return std::nullopt;
}

}  // namespace

std::optional<DevicePath> parse_device_path(std::string_view uri_path) {
  std::size_t count = 0;
  auto segments = split(uri_path, count);
  if (!segments || count < 3 || (*segments)[0] != "api" || (*segments)[1] != "v1") {
    return std::nullopt;
  }
  const auto& s = *segments;
  if (count == 3) {
    if (s[2] != "provision") return std::nullopt;
    return DevicePath{Feature::kProvision, {}, 0};
  }
  auto feature = feature_of(s[3]);
  if (!feature || s[2].empty()) return std::nullopt;
  DevicePath path{*feature, std::string(s[2]), 0};
  if (count == 4) return path;
  if (count != 5 || *feature != Feature::kRpc) return std::nullopt;
  const char* end = s[4].data() + s[4].size();
  auto [next, error] = std::from_chars(s[4].data(), end, path.request_id);
  if (error != std::errc() || next != end || s[4].empty()) return std::nullopt;
  path.feature = Feature::kRpcReply;
  return path;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace pacificsoft::transport::coap::detail
