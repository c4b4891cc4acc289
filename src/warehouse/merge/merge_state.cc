#include "warehouse/merge/merge_state.h"

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace strata {
namespace {

nlohmann::json VersionJson(const MergeVersion& v) {
  return {{"ds", v.ds},
          {"watermark", v.watermark},
          {"commit_id", v.commit_id},
          {"dir", v.dir},
          {"files", v.files}};
}

MergeVersion ReadVersion(const nlohmann::json& j) {
  MergeVersion v;
  v.ds = j.at("ds").get<std::string>();
  v.watermark = j.at("watermark").get<std::string>();
  v.commit_id = j.at("commit_id").get<std::string>();
  v.dir = j.at("dir").get<std::string>();
  v.files = j.at("files").get<std::vector<std::string>>();
  return v;
}

}  // namespace

std::string MergeState::ToJson() const {
  return nlohmann::json{{"current", VersionJson(current)},
                        {"base", VersionJson(base)},
                        {"watermarks", watermarks},
                        {"unsorted", unsorted}}
      .dump();
}

MergeState MergeState::FromJson(std::string_view text, const std::string& table) {
  try {
    auto j = nlohmann::json::parse(text);
    MergeState s{ReadVersion(j.at("current")), ReadVersion(j.at("base")), {}};
    if (j.contains("watermarks"))
      s.watermarks = j.at("watermarks").get<std::map<std::string, std::string>>();
    if (j.contains("unsorted")) s.unsorted = j.at("unsorted").get<int64_t>();
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error("the catalog's merge state of table '" + table + "' is unreadable (" + e.what() +
                "); `strata catalog rebuild` resets it");
  }
}

}  // namespace strata
