#include "project_fixture.h"

#include <gtest/gtest.h>

#include "core/sqlite/sqlite_db.h"

namespace strata::test {

ProjectFixture::ProjectFixture(const std::string& source_sql) {
  SqliteDb db(dir() / "source.db", SqliteDb::Mode::kReadWriteCreate);
  if (!source_sql.empty()) db.Exec(source_sql);
}

void ProjectFixture::Write(const std::string& relative, const std::string& text) const {
  WriteFile(dir() / relative, text);
}

void ProjectFixture::WriteProject(const std::string& nodes_yaml,
                                  const std::string& extra_top) const {
  Write("strata.yaml", "name: test\nconnections:\n  src: { url: \"sqlite:source.db\" }\n" +
                           extra_top + "nodes:\n" + nodes_yaml);
}

void ProjectFixture::Source(const std::string& sql) const {
  SqliteDb(dir() / "source.db", SqliteDb::Mode::kReadWriteCreate).Exec(sql);
}

ProcessResult ProjectFixture::Strata(std::vector<std::string> args,
                                     const std::map<std::string, std::string>& env) const {
  args.insert(args.begin(), {"-C", dir().string()});
  return RunStrata(args, env);
}

BackgroundStrata ProjectFixture::Start(std::vector<std::string> args,
                                       const std::map<std::string, std::string>& env) const {
  args.insert(args.begin(), {"-C", dir().string()});
  return StartStrata(args, env, dir());
}

std::string ProjectFixture::Ok(std::vector<std::string> args) const {
  ProcessResult r = Strata(args);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  return r.out;
}

std::vector<std::vector<std::string>> StateRows(const std::filesystem::path& project_dir,
                                                const std::string& sql) {
  return DbRows(project_dir / ".strata" / "state.db", sql);
}

std::vector<std::vector<std::string>> CatalogRows(const std::filesystem::path& project_dir,
                                                  const std::string& sql) {
  return DbRows(project_dir / "warehouse" / "_strata" / "catalog.db", sql);
}

std::vector<std::vector<std::string>> DbRows(const std::filesystem::path& file,
                                             const std::string& sql) {
  SqliteDb db(file, SqliteDb::Mode::kReadOnly);
  SqliteStatement s(db, sql);
  std::vector<std::vector<std::string>> out;
  while (s.Step()) {
    out.emplace_back();
    for (int i = 0; i < s.ColumnCount(); ++i) out.back().push_back(s.Text(i));
  }
  return out;
}

}  // namespace strata::test
