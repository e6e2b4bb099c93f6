#pragma once

#include <nlohmann/json.hpp>

#include "domain/history.hpp"

// History entries as the card's Historie tab reads them (see openapi HistoryEntry).
namespace kartoteka::http::json {

nlohmann::json to_json(const domain::HistoryEntry& entry);
/// {items, next_cursor}; the cursor is the id of the last entry shown, as text.
nlohmann::json to_json(const domain::HistoryPage& page);

}  // namespace kartoteka::http::json
