#pragma once
// Files only the project's owner may read. The state database, the logs and
// the dirty-record files hold whole source rows and messages, so strata
// creates them owner-only (folders 0700, files 0600) whatever the umask, and
// tightens ones an older strata left open. Thread-safe.

#include <filesystem>
#include <string>
#include <string_view>

namespace strata {

// Creates `dir` and any missing parents with mode 0700, and makes `dir` itself
// 0700 if it already existed wider. Throws strata::Error naming the folder.
void MakePrivateDir(const std::filesystem::path& dir);

// Creates `file` (empty) with mode 0600 if missing, in a private folder, and
// makes it 0600 if it exists wider.
void MakePrivateFile(const std::filesystem::path& file);

// Appends `text` to `file`, created as MakePrivateFile does.
void AppendPrivateFile(const std::filesystem::path& file, std::string_view text);

// Prints one warning line on stderr, once per file per process, if `file`
// can be read by users other than its owner. `what` names it ("password_file").
// Never reads the file's content.
void WarnIfReadableByOthers(const std::filesystem::path& file, std::string_view what);

}  // namespace strata
