#include "sync/capture/capture_state.h"

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace strata {

std::string CaptureState::ToJson() const {
  nlohmann::json j{{"position", {{"value", position.value}, {"text", position.text}}},
                   {"next_seq", next_seq},
                   {"snapshot_ds", snapshot_ds},
                   {"last_commit_micros", last_commit_micros},
                   {"stored_micros", stored_micros}};
  return j.dump();
}

std::optional<CaptureState> CaptureState::FromJson(std::string_view text,
                                                   const std::string& table) {
  if (text.empty()) return std::nullopt;
  try {
    auto j = nlohmann::json::parse(text);
    CaptureState s;
    s.position.value = j.at("position").at("value").get<uint64_t>();
    s.position.text = j.at("position").at("text").get<std::string>();
    s.next_seq = j.at("next_seq").get<int64_t>();
    s.snapshot_ds = j.at("snapshot_ds").get<std::string>();
    s.last_commit_micros = j.value("last_commit_micros", int64_t{0});
    s.stored_micros = j.value("stored_micros", int64_t{0});
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error("change table '" + table + "': its capture state in the catalog is damaged (" +
                e.what() + ")");
  }
}

}  // namespace strata
