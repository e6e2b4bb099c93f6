#include "store/sqlite/sqlite_note_repository.hpp"

#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/sql/customer_cursor.hpp"
#include "store/sqlite/sqlite_customer_search.hpp"
#include "store/sqlite/sqlite_history_writer.hpp"
#include "util/time.hpp"

namespace kartoteka::store::sqlite {
namespace {

using domain::Note;
using domain::NoteId;
using domain::NoteParticipant;

// Portable SQL ($N placeholders, row values, no dialect functions), kept here because only notes use it.
constexpr std::string_view kNoteColumns =
    "n.id, n.customer_id, n.kind, n.occurred_at, n.place, n.subject, n.body, n.conclusions, n.next_steps, "
    "n.author_id, u.display_name, n.version, n.created_at, n.updated_at, n.deleted_at";

const std::string& select_note_by_id() {
    static const std::string sql =
        "SELECT " + std::string(kNoteColumns) + " FROM notes n JOIN users u ON u.id = n.author_id WHERE n.id = $1";
    return sql;
}

constexpr std::string_view kSelectParticipants =
    "SELECT contact_id, user_id, name FROM note_participants WHERE note_id = $1 ORDER BY position";

constexpr std::string_view kInsertNote =
    "INSERT INTO notes (customer_id, kind, occurred_at, place, subject, body, conclusions, next_steps, author_id, "
    "version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11)";

constexpr std::string_view kUpdateNote =
    "UPDATE notes SET kind = $1, occurred_at = $2, place = $3, subject = $4, body = $5, conclusions = $6, "
    "next_steps = $7, version = $8, updated_at = $9 WHERE id = $10";

constexpr std::string_view kTrashNote =
    "UPDATE notes SET deleted_at = $1, updated_at = $1, version = version + 1 WHERE id = $2";

constexpr std::string_view kInsertParticipant =
    "INSERT INTO note_participants (note_id, position, contact_id, user_id, name) VALUES ($1, $2, $3, $4, $5)";

constexpr std::string_view kDeleteParticipants = "DELETE FROM note_participants WHERE note_id = $1";

constexpr std::string_view kSelectCustomerTrashed = "SELECT deleted_at FROM customers WHERE id = $1";

constexpr std::string_view kSelectCustomerContacts = "SELECT id, name FROM contacts WHERE customer_id = $1";

constexpr std::string_view kSelectUserName = "SELECT display_name FROM users WHERE id = $1";

Note read_note(Statement& statement) {
    const auto kind = domain::parse_note_kind(statement.text_view(2));
    return Note{
        .id = statement.int64(0),
        .customer_id = statement.int64(1),
        .kind = kind.value_or(domain::NoteKind::Other),
        .occurred_at = statement.int64(3),
        .place = statement.text(4),
        .subject = statement.text(5),
        .body = statement.text(6),
        .conclusions = statement.text(7),
        .next_steps = statement.text(8),
        .participants = {},
        .author_id = statement.int64(9),
        .author_name = statement.text(10),
        .version = statement.int64(11),
        .created_at = statement.int64(12),
        .updated_at = statement.int64(13),
        .deleted_at = statement.is_null(14) ? std::nullopt : std::optional<domain::TimestampMs>(statement.int64(14)),
    };
}

void load_participants(Connection& connection, Note& note) {
    auto statement = connection.prepare(kSelectParticipants);
    statement.bind("$1", note.id);
    while (statement.step()) {
        note.participants.push_back(NoteParticipant{
            .contact_id = statement.is_null(0) ? std::nullopt : std::optional<domain::ContactId>(statement.int64(0)),
            .user_id = statement.is_null(1) ? std::nullopt : std::optional<domain::UserId>(statement.int64(1)),
            .name = statement.text(2),
        });
    }
}

Error note_not_found(NoteId id) {
    return Error::not_found("note " + std::to_string(id) + " not found");
}

/// The note whatever its state (the caller decides what a trashed one means).
std::optional<Note> load_note(Connection& connection, NoteId id) {
    std::optional<Note> note;
    {
        auto statement = connection.prepare(select_note_by_id());
        statement.bind("$1", id);
        if (!statement.step()) {
            return std::nullopt;
        }
        note = read_note(statement);
    }
    load_participants(connection, *note);
    return note;
}

Error customer_not_found(domain::CustomerId id) {
    return Error::not_found("customer " + std::to_string(id) + " not found");
}

/// A minute belongs on a live customer card: NotFound when the customer is missing, AlreadyExists (409)
/// with the code "customer.trashed" when it is in the trash.
Result<void> check_customer_live(Connection& connection, domain::CustomerId id) {
    auto statement = connection.prepare(kSelectCustomerTrashed);
    statement.bind("$1", id);
    if (!statement.step()) {
        return fail(customer_not_found(id));
    }
    if (!statement.is_null(0)) {
        std::string message = "customer " + std::to_string(id) + " is in the trash; restore it first";
        return fail(Error{
            ErrorCode::AlreadyExists,
            message,
            FieldErrors{{"customer_id", message}},
            FieldErrors{{"customer_id", "customer.trashed"}},
        });
    }
    return ok();
}

Result<std::vector<NoteParticipant>> resolve_in_transaction(Connection& connection, const Note& note) {
    domain::ParticipantDirectory directory;
    {
        auto statement = connection.prepare(kSelectCustomerContacts);
        statement.bind("$1", note.customer_id);
        while (statement.step()) {
            directory.customer_contacts.push_back(domain::Contact{.id = statement.int64(0), .name = statement.text(1)});
        }
    }
    directory.user_name = [&connection](domain::UserId id) -> std::optional<std::string> {
        auto statement = connection.prepare(kSelectUserName);
        statement.bind("$1", id);
        if (!statement.step()) {
            return std::nullopt;
        }
        return statement.text(0);
    };
    return domain::resolve_participants(note.participants, directory);
}

void insert_participants(Connection& connection, NoteId id, const std::vector<NoteParticipant>& participants) {
    for (std::size_t position = 0; position < participants.size(); ++position) {
        const auto& participant = participants[position];
        connection.prepare(kInsertParticipant)
            .bind("$1", id)
            .bind("$2", static_cast<std::int64_t>(position))
            .bind("$3", participant.contact_id)
            .bind("$4", participant.user_id)
            .bind("$5", std::string_view(participant.name))
            .run();
    }
}

// ---- history values: the JSON the notes API uses for each field ----

nlohmann::json participants_json(const std::vector<NoteParticipant>& participants) {
    auto array = nlohmann::json::array();
    for (const auto& participant : participants) {
        nlohmann::json item = nlohmann::json::object();
        item["contact_id"] = participant.contact_id ? nlohmann::json(*participant.contact_id) : nlohmann::json();
        item["user_id"] = participant.user_id ? nlohmann::json(*participant.user_id) : nlohmann::json();
        item["name"] = participant.name;
        array.push_back(std::move(item));
    }
    return array;
}

std::vector<std::pair<std::string, nlohmann::json>> field_values(const Note& note) {
    return {
        {"kind", domain::to_string(note.kind)},
        {"occurred_at", util::format_rfc3339(note.occurred_at)},
        {"place", note.place},
        {"subject", note.subject},
        {"body", note.body},
        {"conclusions", note.conclusions},
        {"next_steps", note.next_steps},
        {"participants", participants_json(note.participants)},
    };
}

bool is_empty_value(const nlohmann::json& value) {
    return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
           (value.is_array() && value.empty());
}

std::string dump(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// For `created`: every field with a value, before = null.
std::vector<domain::FieldChange> created_changes(const Note& note) {
    std::vector<domain::FieldChange> changes;
    for (const auto& [field, value] : field_values(note)) {
        if (!is_empty_value(value)) {
            changes.push_back(domain::FieldChange{.field = field, .before_json = "null", .after_json = dump(value)});
        }
    }
    return changes;
}

std::vector<domain::FieldChange> diff_notes(const Note& before, const Note& after) {
    const auto old_values = field_values(before);
    const auto new_values = field_values(after);
    std::vector<domain::FieldChange> changes;
    for (std::size_t i = 0; i < old_values.size(); ++i) {
        if (old_values[i].second != new_values[i].second) {
            changes.push_back(domain::FieldChange{
                .field = old_values[i].first,
                .before_json = dump(old_values[i].second),
                .after_json = dump(new_values[i].second),
            });
        }
    }
    return changes;
}

void record(
    Connection& connection,
    const Note& note,
    domain::HistoryAction action,
    std::vector<domain::FieldChange> changes,
    const domain::Actor& actor,
    domain::TimestampMs at
) {
    append_history(
        connection,
        domain::HistoryEntry{
            .customer_id = note.customer_id,
            .subject = domain::HistorySubject::Note,
            .subject_id = note.id,
            .subject_label = note.subject,
            .action = action,
            .changes = std::move(changes),
            .actor = actor,
            .at = at,
        }
    );
}

// ---- list ----

/// Opaque to clients: base64url of "n1|occurred_at|id", the last row of the previous page.
std::string encode_note_cursor(domain::TimestampMs occurred_at, NoteId id) {
    return sql::base64url_encode("n1|" + std::to_string(occurred_at) + "|" + std::to_string(id));
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::pair<domain::TimestampMs, NoteId>> decode_note_cursor(std::string_view text) {
    const auto decoded = sql::base64url_decode(text);
    if (!decoded || !decoded->starts_with("n1|")) {
        return std::nullopt;
    }
    const std::string_view rest = std::string_view(*decoded).substr(3);
    const auto separator = rest.find('|');
    if (separator == std::string_view::npos) {
        return std::nullopt;
    }
    const auto occurred_at = parse_int64(rest.substr(0, separator));
    const auto id = parse_int64(rest.substr(separator + 1));
    if (!occurred_at || !id) {
        return std::nullopt;
    }
    return std::pair{*occurred_at, *id};
}

std::string build_list_sql(const domain::NoteListQuery& query, bool has_cursor) {
    std::string sql = "SELECT ";
    sql += kNoteColumns;
    sql += " FROM notes n JOIN users u ON u.id = n.author_id WHERE n.customer_id = $1 AND n.deleted_at IS NULL";
    if (query.kind) {
        sql += " AND n.kind = $2";
    }
    if (query.author_id) {
        sql += " AND n.author_id = $3";
    }
    if (has_cursor) {
        sql += " AND (n.occurred_at, n.id) < ($4, $5)";
    }
    sql += " ORDER BY n.occurred_at DESC, n.id DESC LIMIT $6";
    return sql;
}

}  // namespace

Result<Note> SqliteNoteRepository::insert(const Note& note, const domain::Actor& actor) {
    return database_.write([&](Connection& connection) -> Result<Note> {
        if (auto live = check_customer_live(connection, note.customer_id); !live) {
            return fail(std::move(live.error()));
        }
        auto participants = resolve_in_transaction(connection, note);
        if (!participants) {
            return fail(std::move(participants.error()));
        }
        connection.prepare(kInsertNote)
            .bind("$1", note.customer_id)
            .bind("$2", std::string_view(domain::to_string(note.kind)))
            .bind("$3", note.occurred_at)
            .bind("$4", std::string_view(note.place))
            .bind("$5", std::string_view(note.subject))
            .bind("$6", std::string_view(note.body))
            .bind("$7", std::string_view(note.conclusions))
            .bind("$8", std::string_view(note.next_steps))
            .bind("$9", note.author_id)
            .bind("$10", note.created_at)
            .bind("$11", note.updated_at)
            .run();
        const NoteId id = connection.last_insert_id();
        insert_participants(connection, id, *participants);
        auto stored = load_note(connection, id);
        record(connection, *stored, domain::HistoryAction::Created, created_changes(*stored), actor, note.created_at);
        reindex_customer(connection, stored->customer_id);  // minutes' subjects are searchable
        return std::move(*stored);
    });
}

Result<Note> SqliteNoteRepository::find(NoteId id) {
    return database_.read([&](Connection& connection) -> Result<Note> {
        auto note = load_note(connection, id);
        if (!note || note->deleted_at) {
            return fail(note_not_found(id));
        }
        return std::move(*note);
    });
}

Result<Note> SqliteNoteRepository::update(const Note& note, std::int64_t expected_version, const domain::Actor& actor) {
    return database_.write([&](Connection& connection) -> Result<Note> {
        auto before = load_note(connection, note.id);
        if (!before || before->deleted_at) {
            return fail(note_not_found(note.id));
        }
        if (before->version != expected_version) {
            return fail(Error::conflict(
                "note " + std::to_string(note.id) + " is at version " + std::to_string(before->version) + ", not " +
                std::to_string(expected_version)
            ));
        }
        if (auto live = check_customer_live(connection, before->customer_id); !live) {
            return fail(std::move(live.error()));
        }
        Note target = note;
        target.customer_id = before->customer_id;  // a note never moves to another customer
        auto participants = resolve_in_transaction(connection, target);
        if (!participants) {
            return fail(std::move(participants.error()));
        }
        connection.prepare(kUpdateNote)
            .bind("$1", std::string_view(domain::to_string(target.kind)))
            .bind("$2", target.occurred_at)
            .bind("$3", std::string_view(target.place))
            .bind("$4", std::string_view(target.subject))
            .bind("$5", std::string_view(target.body))
            .bind("$6", std::string_view(target.conclusions))
            .bind("$7", std::string_view(target.next_steps))
            .bind("$8", expected_version + 1)
            .bind("$9", target.updated_at)
            .bind("$10", target.id)
            .run();
        connection.prepare(kDeleteParticipants).bind("$1", target.id).run();
        insert_participants(connection, target.id, *participants);
        auto stored = load_note(connection, target.id);
        record(
            connection, *stored, domain::HistoryAction::Updated, diff_notes(*before, *stored), actor, target.updated_at
        );
        reindex_customer(connection, stored->customer_id);
        return std::move(*stored);
    });
}

Result<Note> SqliteNoteRepository::move_to_trash(
    NoteId id, std::optional<std::int64_t> expected_version, domain::TimestampMs now, const domain::Actor& actor
) {
    return database_.write([&](Connection& connection) -> Result<Note> {
        auto before = load_note(connection, id);
        if (!before || before->deleted_at) {
            return fail(note_not_found(id));
        }
        if (expected_version && before->version != *expected_version) {
            return fail(Error::conflict(
                "note " + std::to_string(id) + " is at version " + std::to_string(before->version) + ", not " +
                std::to_string(*expected_version)
            ));
        }
        connection.prepare(kTrashNote).bind("$1", now).bind("$2", id).run();
        auto stored = load_note(connection, id);
        record(connection, *stored, domain::HistoryAction::Trashed, {}, actor, now);
        reindex_customer(connection, stored->customer_id);
        return std::move(*stored);
    });
}

Result<domain::NotePage> SqliteNoteRepository::list(const domain::NoteListQuery& query) {
    if (query.limit == 0) {
        return fail(Error::invalid_field("limit", "must be at least 1"));
    }
    std::optional<std::pair<domain::TimestampMs, NoteId>> cursor;
    if (!query.cursor.empty()) {
        cursor = decode_note_cursor(query.cursor);
        if (!cursor) {
            return fail(Error::invalid_field("cursor", "not a cursor of this listing; start from the first page"));
        }
    }
    return database_.read([&](Connection& connection) -> Result<domain::NotePage> {
        {
            auto exists = connection.prepare(kSelectCustomerTrashed);
            exists.bind("$1", query.customer_id);
            if (!exists.step()) {
                return fail(customer_not_found(query.customer_id));
            }
        }
        domain::NotePage page;
        bool has_more = false;
        {
            auto statement = connection.prepare(build_list_sql(query, cursor.has_value()));
            statement.bind("$1", query.customer_id);
            if (query.kind) {
                statement.bind("$2", std::string_view(domain::to_string(*query.kind)));
            }
            if (query.author_id) {
                statement.bind("$3", *query.author_id);
            }
            if (cursor) {
                statement.bind("$4", cursor->first).bind("$5", cursor->second);
            }
            statement.bind("$6", static_cast<std::int64_t>(query.limit + 1));
            while (statement.step()) {
                if (page.items.size() == query.limit) {
                    has_more = true;
                    break;
                }
                page.items.push_back(read_note(statement));
            }
        }
        for (auto& note : page.items) {
            load_participants(connection, note);
        }
        if (has_more) {
            page.next_cursor = encode_note_cursor(page.items.back().occurred_at, page.items.back().id);
        }
        return page;
    });
}

}  // namespace kartoteka::store::sqlite
