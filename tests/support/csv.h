#pragma once
// Reads the CSV that `strata sql --format csv` prints, so tests can compare
// values field by field.

#include <string>
#include <vector>

namespace strata::test {

// Parses RFC 4180 CSV: fields separated by commas, quoted when they hold a
// comma, a quote (doubled inside) or a newline. One vector per line.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

}  // namespace strata::test
