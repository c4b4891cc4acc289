#include "schedule/yaml_reader.h"

#include <algorithm>
#include <limits>
#include <sstream>

#include "core/error.h"
#include "core/names.h"

namespace strata {
namespace {

std::string Location(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A typo is far likelier than a new feature: point at the closest allowed key.
std::string UnknownKeyHint(std::string_view key, std::initializer_list<std::string_view> allowed) {
  std::string_view best;
  size_t best_distance = 3;
  for (std::string_view candidate : allowed) {
    size_t d = EditDistance(key, candidate);
    if (d < best_distance) best = candidate, best_distance = d;
  }
  if (!best.empty()) return "did you mean '" + std::string(best) + "'?";
  std::string list;
  for (std::string_view candidate : allowed) {
    if (!list.empty()) list += ", ";
    list += candidate;
  }
  return "expected one of: " + list;
}

}  // namespace

YamlDocument::YamlDocument(std::string file_name, std::string text)
    : file_name_(std::move(file_name)) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines_.push_back(line);
  try {
    root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(Location(file_name_, e.mark) + ": " + e.msg);
  }
}

bool YamlDocument::IsBlockScalarAt(int line, int column) const {
  if (line < 0 || static_cast<size_t>(line) >= lines_.size()) return false;
  const std::string& text = lines_[line];
  if (column < 0 || static_cast<size_t>(column) >= text.size()) return false;
  return text[column] == '|' || text[column] == '>';
}

std::string_view YamlDocument::Line(int line) const {
  if (line < 0 || static_cast<size_t>(line) >= lines_.size()) return {};
  return lines_[line];
}

YamlValue::YamlValue(const YamlDocument& doc) : YamlValue(&doc, doc.root(), "", YAML::Mark()) {}

YamlValue::YamlValue(const YamlDocument* doc, YAML::Node node, std::string path,
                     YAML::Mark fallback)
    : doc_(doc), node_(std::move(node)), path_(std::move(path)) {
  // yaml-cpp places an empty value at the start of the next token, often the
  // next line; the key's own position is where the user will look.
  YAML::Mark mark = node_.IsNull() || node_.Mark().is_null() ? fallback : node_.Mark();
  if (!mark.is_null()) line_ = mark.line + 1, column_ = mark.column + 1;
}

YamlValue YamlValue::Child(const YAML::Node& node, std::string path,
                           const YAML::Mark& fallback) const {
  return YamlValue(doc_, node, std::move(path), fallback);
}

std::string YamlValue::KeyPath(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

std::string YamlValue::Where() const {
  std::string out = doc_->file_name();
  if (line_ > 0) out += ":" + std::to_string(line_) + ":" + std::to_string(column_);
  out += ": ";
  if (!path_.empty()) out += path_ + ": ";
  return out;
}

void YamlValue::Fail(const std::string& message) const {
  throw Error(Where() + message);
}

std::string YamlValue::Describe() const {
  if (node_.IsMap()) return "a mapping";
  if (node_.IsSequence()) return "a list";
  if (node_.IsScalar()) return "'" + node_.Scalar() + "'";
  return "an empty value";
}

void YamlValue::ExpectMap(std::initializer_list<std::string_view> allowed,
                          std::string_view what) const {
  Entries();  // a mapping with distinct string keys
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string& key = it->first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    Child(it->first, KeyPath(key), it->first.Mark())
        .Fail("unknown key '" + key + "' " + std::string(what) + " (" +
              UnknownKeyHint(key, allowed) + ")");
  }
}

std::vector<std::pair<std::string, YamlValue>> YamlValue::Entries() const {
  if (!node_.IsMap()) Fail("expected a mapping, got " + Describe());
  std::vector<std::pair<std::string, YamlValue>> entries;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Mark key_mark = it->first.Mark();
    if (!it->first.IsScalar()) Child(it->first, path_, key_mark).Fail("keys must be plain strings");
    const std::string key = it->first.Scalar();
    std::string child_path = KeyPath(key);
    for (const auto& entry : entries)
      if (entry.first == key)
        Child(it->first, child_path, key_mark)
            .Fail("duplicate key '" + key + "' (first at line " +
                  std::to_string(entry.second.line()) + ")");
    entries.emplace_back(key, Child(it->second, std::move(child_path), key_mark));
  }
  return entries;
}

std::vector<YamlValue> YamlValue::Items() const {
  if (!node_.IsSequence()) Fail("expected a list, got " + Describe());
  std::vector<YamlValue> items;
  YAML::Mark fallback = node_.Mark();
  for (size_t i = 0; i < node_.size(); ++i)
    items.push_back(Child(node_[i], path_ + "[" + std::to_string(i) + "]", fallback));
  return items;
}

std::optional<YamlValue> YamlValue::Find(std::string_view key) const {
  for (auto& [name, value] : Entries())
    if (name == key) return value;
  return std::nullopt;
}

YamlValue YamlValue::Get(std::string_view key) const {
  std::optional<YamlValue> value = Find(key);
  if (!value) Fail("missing required key '" + std::string(key) + "'");
  return *value;
}

std::string YamlValue::AsString() const {
  if (!node_.IsScalar()) Fail("expected a string, got " + Describe());
  return node_.Scalar();
}

int64_t YamlValue::AsInt(int64_t min, int64_t max) const {
  int64_t value = 0;
  if (!node_.IsScalar() || !YAML::convert<int64_t>::decode(node_, value))
    Fail("expected an integer, got " + Describe());
  if (value < min || value > max) {
    std::string range = max == std::numeric_limits<int64_t>::max()
                            ? "at least " + std::to_string(min)
                            : "between " + std::to_string(min) + " and " + std::to_string(max);
    Fail("must be " + range + ", got " + std::to_string(value));
  }
  return value;
}

double YamlValue::AsDouble() const {
  double value = 0;
  if (!node_.IsScalar() || !YAML::convert<double>::decode(node_, value))
    Fail("expected a number, got " + Describe());
  return value;
}

bool YamlValue::AsBool() const {
  bool value = false;
  if (!node_.IsScalar() || !YAML::convert<bool>::decode(node_, value))
    Fail("expected true or false, got " + Describe());
  return value;
}

std::vector<std::string> YamlValue::AsStringList() const {
  std::vector<std::string> out;
  for (const YamlValue& item : Items()) out.push_back(item.AsString());
  return out;
}

std::string YamlValue::AsChecked(void (*check)(std::string_view, std::string_view),
                                 std::string_view what) const {
  std::string value = AsString();
  try {
    check(value, what);
  } catch (const Error& e) {
    Fail(e.what());
  }
  return value;
}

std::string YamlValue::AsIdentifier(std::string_view what) const {
  return AsChecked(RequireIdentifier, what);
}

std::string YamlValue::AsQualifiedName(std::string_view what) const {
  return AsChecked([](std::string_view v, std::string_view w) { ParseQualifiedName(v, w); }, what);
}

}  // namespace strata
