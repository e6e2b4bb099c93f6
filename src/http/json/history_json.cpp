#include "http/json/history_json.hpp"

#include <string>

#include "util/time.hpp"

namespace kartoteka::http::json {

using nlohmann::json;

nlohmann::json to_json(const domain::HistoryEntry& entry) {
    json changes = json::array();
    for (const auto& change : entry.changes) {
        json item = json::object();
        item.emplace("field", change.field);
        item.emplace("before", json::parse(change.before_json));
        item.emplace("after", json::parse(change.after_json));
        changes.push_back(std::move(item));
    }
    json actor = nullptr;
    if (entry.actor.user_id) {
        actor = json{{"id", *entry.actor.user_id}, {"display_name", entry.actor_name}};
    }
    json result = json::object();
    result.emplace("id", entry.id);
    result.emplace("subject", domain::to_string(entry.subject));
    result.emplace("subject_id", entry.subject_id);
    result.emplace("subject_label", entry.subject_label);
    result.emplace("action", domain::to_string(entry.action));
    result.emplace("changes", std::move(changes));
    result.emplace("actor", std::move(actor));
    result.emplace("channel", domain::to_string(entry.actor.channel));
    result.emplace("channel_detail", entry.actor.detail.empty() ? json(nullptr) : json(entry.actor.detail));
    result.emplace("restored_from", entry.restored_from ? json(*entry.restored_from) : json(nullptr));
    result.emplace("at", util::format_rfc3339(entry.at));
    return result;
}

nlohmann::json to_json(const domain::HistoryPage& page) {
    json items = json::array();
    for (const auto& entry : page.items) {
        items.push_back(to_json(entry));
    }
    json result = json::object();
    result.emplace("items", std::move(items));
    result.emplace("next_cursor", page.next_before_id ? json(std::to_string(*page.next_before_id)) : json(nullptr));
    return result;
}

}  // namespace kartoteka::http::json
