#include "core/names.h"

#include <cctype>

#include "core/error.h"

namespace strata {

bool IsIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0])) && name[0] != '_') return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

void RequireIdentifier(std::string_view name, std::string_view what) {
  if (!IsIdentifier(name))
    throw Error(std::string(what) + " '" + std::string(name) +
                "' is not a valid name (letters, digits and _, not starting with a digit)");
}

bool IsPartitionValue(std::string_view value) {
  if (value.empty() || value.size() > 128 || value[0] == '.') return false;
  for (char c : value) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' ||
              c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void RequirePartitionValue(std::string_view value, std::string_view what) {
  if (!IsPartitionValue(value))
    throw Error(std::string(what) + " '" + std::string(value) +
                "' is not a valid partition value (letters, digits and _ . : + -)");
}

static std::string Quote(std::string_view text, char q) {
  std::string out(1, q);
  for (char c : text) {
    if (c == q) out += q;
    out += c;
  }
  out += q;
  return out;
}

std::string QuoteIdentifier(std::string_view name) {
  return Quote(name, '"');
}

QualifiedName ParseQualifiedName(std::string_view text, std::string_view what) {
  size_t dot = text.find('.');
  QualifiedName out;
  if (dot == std::string_view::npos) {
    out.name = std::string(text);
  } else {
    out.schema = std::string(text.substr(0, dot));
    out.name = std::string(text.substr(dot + 1));
  }
  if ((dot != std::string_view::npos && !IsIdentifier(out.schema)) || !IsIdentifier(out.name))
    throw Error(std::string(what) + " '" + std::string(text) +
                "' is not a valid name (name or schema.name; letters, digits and _, not "
                "starting with a digit)");
  return out;
}

std::string QuoteQualifiedName(const QualifiedName& name) {
  return (name.schema.empty() ? "" : QuoteIdentifier(name.schema) + ".") +
         QuoteIdentifier(name.name);
}
std::string QuoteLiteral(std::string_view text) {
  return Quote(text, '\'');
}

}  // namespace strata
