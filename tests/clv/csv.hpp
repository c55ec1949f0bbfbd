// Test helper: reads the numeric columns of a small CSV file with a header line.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace northstar_test {

/// Columns of a CSV file by header name (every field parsed as double).
inline std::map<std::string, std::vector<double>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  {
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ',')) {
      if (!f.empty() && f.back() == '\r') f.pop_back();
      names.push_back(f);
    }
  }
  std::map<std::string, std::vector<double>> cols;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    std::stringstream ss(line);
    std::string f;
    for (const auto& name : names) {
      if (!std::getline(ss, f, ',')) throw std::runtime_error("short line in " + path + ": " + line);
      cols[name].push_back(std::stod(f));
    }
  }
  return cols;
}

/// Path of a data file shipped with the repository.
inline std::string example_data(const std::string& file) {
  return std::string(NORTHSTAR_SOURCE_DIR) + "/examples/data/" + file;
}

}  // namespace northstar_test
