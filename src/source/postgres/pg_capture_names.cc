#include "source/postgres/pg_capture_names.h"

#include <cctype>

#include "core/error.h"
#include "core/names.h"

namespace strata {

PgCaptureNames MakePgCaptureNames(std::string_view project, std::string_view node) {
  RequireIdentifier(project, "project name");
  RequireIdentifier(node, "node name");
  std::string name = "strata_" + std::string(project) + "_" + std::string(node);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // PostgreSQL would silently cut a longer name, and two nodes could then
  // share a slot.
  if (name.size() > 63)
    throw Error("capture slot name '" + name + "' is longer than PostgreSQL's 63 characters; " +
                "shorten the project or node name");
  return {name, name};
}

}  // namespace strata
