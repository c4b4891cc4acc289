#pragma once
// `${env:NAME}` in strata.yaml: hosts, users and folders that differ between
// machines stay out of the file. Interpolated at load time in the values that
// name places or read source data: connection `url`, every path (`warehouse`,
// `password_file`, `tables`, `sql_file`) and a sync source's `where` and
// `query`. Any other `$` is left alone, for scheduling parameters.

#include <string>
#include <string_view>

#include "schedule/yaml_reader.h"

namespace strata {

// `text` with every ${env:NAME} replaced by that variable's value. Throws
// strata::Error "environment variable NAME (${env:NAME}) is not set" for an
// unset variable, or naming a malformed reference.
std::string InterpolateEnv(std::string_view text);

// value.AsString() interpolated; an error names the value's place.
std::string AsInterpolatedString(const YamlValue& value);

}  // namespace strata
