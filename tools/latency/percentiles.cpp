#include "latency/percentiles.h"

#include <algorithm>
#include <cmath>

namespace pacificsoft::tools {

Percentiles percentiles(std::vector<std::uint32_t>& samples_us) {
  Percentiles result;
  if (samples_us.empty()) return result;
  std::sort(samples_us.begin(), samples_us.end());
  auto rank = [&](double fraction) {
    auto index =
        static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples_us.size())));
    index = std::clamp<std::size_t>(index, 1, samples_us.size()) - 1;
    return samples_us[index] / 1000.0;
  };
  result.p50_ms = rank(0.50);
  result.p90_ms = rank(0.90);
  result.p99_ms = rank(0.99);
  result.max_ms = samples_us.back() / 1000.0;
  return result;
}

}  // namespace pacificsoft::tools
