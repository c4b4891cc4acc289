#pragma once
// A thin layer over yaml-cpp that remembers, for every value, the key path that
// led to it ("nodes[2].target.mode") and its position in the file, so that
// every complaint about a config file can be one actionable line:
//   strata.yaml:14:7: nodes[2].target.mode: expected 'overwrite' or 'append', got 'upsert'
// yaml-cpp alone accepts duplicate keys and converts types silently; the
// checks here close those gaps.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata {

// One parsed YAML file. Holds the text too, because yaml-cpp does not say
// whether a scalar was written as a block (| or >), which decides on which
// line its text starts.
class YamlDocument {
 public:
  // Parses `text`. Throws Error "<file_name>:L:C: <yaml-cpp message>" on bad syntax.
  YamlDocument(std::string file_name, std::string text);

  const std::string& file_name() const { return file_name_; }
  const YAML::Node& root() const { return root_; }
  // True if the scalar whose mark is (line, column) (0-based) is a block scalar.
  bool IsBlockScalarAt(int line, int column) const;
  // Line `line` (0-based) of the text as written; empty past the end.
  std::string_view Line(int line) const;

 private:
  std::string file_name_;
  std::vector<std::string> lines_;
  YAML::Node root_;
};

// A value in a YamlDocument with its key path and 1-based position. Cheap to
// copy; the document must outlive it.
class YamlValue {
 public:
  // The document's root, with an empty key path.
  explicit YamlValue(const YamlDocument& doc);

  const std::string& path() const { return path_; }
  int line() const { return line_; }      // 1-based; 0 if unknown
  int column() const { return column_; }  // 1-based; 0 if unknown
  const YamlDocument& document() const { return *doc_; }
  const YAML::Node& node() const { return node_; }

  // "file:L:C: path: " — the prefix every message about this value starts with.
  std::string Where() const;
  // Throws Error(Where() + message).
  [[noreturn]] void Fail(const std::string& message) const;

  bool IsMap() const { return node_.IsMap(); }
  bool IsSequence() const { return node_.IsSequence(); }

  // Requires a mapping whose keys are distinct strings drawn from `allowed`.
  // `what` names the mapping in the unknown-key message ("in a sync node").
  void ExpectMap(std::initializer_list<std::string_view> allowed, std::string_view what) const;
  // Requires a mapping; returns its entries in file order (keys distinct strings).
  std::vector<std::pair<std::string, YamlValue>> Entries() const;
  // Requires a sequence; returns its items in file order.
  std::vector<YamlValue> Items() const;

  // The value under `key` of this mapping, if present.
  std::optional<YamlValue> Find(std::string_view key) const;
  // The value under `key`; fails "missing required key 'key'" if absent.
  YamlValue Get(std::string_view key) const;

  // Scalar conversions; each fails naming the expected type and what was found.
  std::string AsString() const;
  int64_t AsInt(int64_t min, int64_t max) const;
  double AsDouble() const;
  bool AsBool() const;
  std::vector<std::string> AsStringList() const;
  // AsString(), then strata::RequireIdentifier with the position prefixed.
  std::string AsIdentifier(std::string_view what) const;
  // AsString(), checked as `name` or `schema.name` (strata::ParseQualifiedName).
  std::string AsQualifiedName(std::string_view what) const;

 private:
  std::string AsChecked(void (*check)(std::string_view, std::string_view),
                        std::string_view what) const;
  YamlValue(const YamlDocument* doc, YAML::Node node, std::string path, YAML::Mark fallback);
  YamlValue Child(const YAML::Node& node, std::string path, const YAML::Mark& fallback) const;
  std::string KeyPath(const std::string& key) const;
  std::string Describe() const;

  const YamlDocument* doc_;
  YAML::Node node_;
  std::string path_;
  int line_ = 0;
  int column_ = 0;
};

}  // namespace strata
