#pragma once
// One benchmark figure as one JSON line on stdout:
// {"bench", "metric", "value", "unit", "baseline", "ratio"}. The baseline is measured
// in the same run (machines here are noisy: ratios hold, absolute times drift).

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace swivel::bench {

inline void report(const std::string& bench, const std::string& metric, double value,
                   const std::string& unit, double baseline) {
    nlohmann::ordered_json line;
    line["bench"] = bench;
    line["metric"] = metric;
    line["value"] = value;
    line["unit"] = unit;
    line["baseline"] = baseline;
    line["ratio"] = baseline != 0 ? value / baseline : 0.0;
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
}

} // namespace swivel::bench
