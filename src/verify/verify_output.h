#pragma once
// How a VerifyReport reads: as text (a one-line verdict, then the rows that
// differ, one line per row) or as JSON (the verdict's numbers, the buckets
// that differ, the rows with their cells). Pure functions.

#include <nlohmann/json.hpp>
#include <string>

#include "verify/verify_task.h"

namespace strata {

// "verified t ds=20161114: 5,000,000 rows equal", or "…: differs: 3 rows (…)".
std::string VerifyVerdict(const VerifyReport& report, const Comparison& comparison);
// The verdict(s) and differing rows, each line ending in '\n'.
std::string FormatVerifyText(const VerifyReport& report);
nlohmann::json VerifyJson(const VerifyReport& report);

}  // namespace strata
