#include <string>

#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_repositories.hpp"

namespace kartoteka::store::sqlite {
namespace {

// The actor's display name is joined at read time, so a renamed user shows under their current name.
constexpr const char* kEntryColumns =
    "h.id, h.customer_id, h.subject, h.subject_id, h.subject_label, h.action, h.changes_json, h.user_id, "
    "h.channel, h.channel_detail, h.restored_from, h.at, u.display_name";

// Four fixed shapes (subject filter x cursor) so each is one cached statement that walks the
// (customer_id, [subject,] id) index backwards.
std::string list_sql(bool by_subject, bool has_cursor) {
    std::string sql = "SELECT ";
    sql += kEntryColumns;
    sql += " FROM history h LEFT JOIN users u ON u.id = h.user_id WHERE h.customer_id = $1";
    if (by_subject) {
        sql += " AND h.subject = $2";
    }
    if (has_cursor) {
        sql += " AND h.id < $3";
    }
    sql += " ORDER BY h.id DESC LIMIT $4";
    return sql;
}

constexpr std::string_view kSelectEntry =
    "SELECT h.id, h.customer_id, h.subject, h.subject_id, h.subject_label, h.action, h.changes_json, h.user_id, "
    "h.channel, h.channel_detail, h.restored_from, h.at, u.display_name "
    "FROM history h LEFT JOIN users u ON u.id = h.user_id WHERE h.customer_id = $1 AND h.id = $2";

domain::Channel parse_channel(std::string_view text) {
    if (text == "api_token") {
        return domain::Channel::ApiToken;
    }
    if (text == "import") {
        return domain::Channel::Import;
    }
    if (text == "cli") {
        return domain::Channel::Cli;
    }
    return domain::Channel::Web;
}

std::vector<domain::FieldChange> parse_changes(std::string_view text) {
    std::vector<domain::FieldChange> changes;
    const auto document = nlohmann::json::parse(text);
    for (const auto& item : document) {
        changes.push_back({
            .field = item.at("field").get<std::string>(),
            .before_json = item.at("before").dump(),
            .after_json = item.at("after").dump(),
        });
    }
    return changes;
}

domain::HistoryEntry read_entry(const Statement& row) {
    domain::HistoryEntry entry;
    entry.id = row.int64(0);
    entry.customer_id = row.int64(1);
    // Rows are only written by append_history, so the names are always known ones.
    entry.subject = domain::parse_history_subject(row.text_view(2)).value_or(domain::HistorySubject::Customer);
    entry.subject_id = row.int64(3);
    entry.subject_label = row.text(4);
    entry.action = domain::parse_history_action(row.text_view(5)).value_or(domain::HistoryAction::Updated);
    entry.changes = parse_changes(row.text_view(6));
    if (!row.is_null(7)) {
        entry.actor.user_id = row.int64(7);
    }
    entry.actor.channel = parse_channel(row.text_view(8));
    entry.actor.detail = row.text(9);
    if (!row.is_null(10)) {
        entry.restored_from = row.int64(10);
    }
    entry.at = row.int64(11);
    if (!row.is_null(12)) {
        entry.actor_name = row.text(12);
    }
    return entry;
}

}  // namespace

Result<domain::HistoryPage> SqliteHistoryRepository::list(const domain::HistoryQuery& query) {
    if (query.limit == 0) {
        return fail(Error::invalid_field("limit", "must be at least 1"));
    }
    return database_.read([&](Connection& connection) -> Result<domain::HistoryPage> {
        auto statement = connection.prepare(list_sql(query.subject.has_value(), query.before_id.has_value()));
        statement.bind("$1", query.customer_id);
        if (query.subject) {
            statement.bind("$2", std::string_view(domain::to_string(*query.subject)));
        }
        if (query.before_id) {
            statement.bind("$3", *query.before_id);
        }
        statement.bind("$4", static_cast<std::int64_t>(query.limit + 1));
        domain::HistoryPage page;
        while (statement.step()) {
            if (page.items.size() == query.limit) {
                page.next_before_id = page.items.back().id;
                break;
            }
            page.items.push_back(read_entry(statement));
        }
        return page;
    });
}

Result<domain::HistoryEntry> SqliteHistoryRepository::find(domain::CustomerId customer_id, domain::HistoryEntryId id) {
    return database_.read([&](Connection& connection) -> Result<domain::HistoryEntry> {
        auto statement = connection.prepare(kSelectEntry);
        statement.bind("$1", customer_id).bind("$2", id);
        if (!statement.step()) {
            return fail(Error::not_found("history entry " + std::to_string(id) + " not found"));
        }
        return read_entry(statement);
    });
}

}  // namespace kartoteka::store::sqlite
