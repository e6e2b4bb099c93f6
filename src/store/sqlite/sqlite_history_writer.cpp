#include "store/sqlite/sqlite_history_writer.hpp"

#include <nlohmann/json.hpp>

namespace kartoteka::store::sqlite {
namespace {

constexpr const char* kInsertHistory =
    "INSERT INTO history (customer_id, subject, subject_id, subject_label, action, changes_json, user_id, "
    "channel, channel_detail, restored_from, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

std::string changes_to_json(const std::vector<domain::FieldChange>& changes) {
    auto array = nlohmann::json::array();
    for (const auto& change : changes) {
        // The values are JSON already; parsing them back keeps the stored document one JSON value.
        array.push_back({
            {"field", change.field},
            {"before", nlohmann::json::parse(change.before_json)},
            {"after", nlohmann::json::parse(change.after_json)},
        });
    }
    return array.dump();
}

}  // namespace

domain::HistoryEntryId append_history(Connection& connection, const domain::HistoryEntry& entry) {
    connection.prepare(kInsertHistory)
        .bind("$1", entry.customer_id)
        .bind("$2", std::string_view(domain::to_string(entry.subject)))
        .bind("$3", entry.subject_id)
        .bind("$4", std::string_view(entry.subject_label))
        .bind("$5", std::string_view(domain::to_string(entry.action)))
        .bind("$6", std::string_view(changes_to_json(entry.changes)))
        .bind("$7", entry.actor.user_id)
        .bind("$8", std::string_view(domain::to_string(entry.actor.channel)))
        .bind("$9", std::string_view(entry.actor.detail))
        .bind("$10", entry.restored_from)
        .bind("$11", entry.at)
        .run();
    return connection.last_insert_id();
}

}  // namespace kartoteka::store::sqlite
