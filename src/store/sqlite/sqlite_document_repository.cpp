#include "store/sqlite/sqlite_document_repository.hpp"

#include <charconv>
#include <limits>

#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_history_writer.hpp"

namespace kartoteka::store::sqlite {
namespace {

using domain::Document;
using domain::DocumentId;

constexpr std::string_view kSelectCustomerDeletedAt = "SELECT deleted_at FROM customers WHERE id = $1";
constexpr std::string_view kInsertBlob =
    "INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING";
constexpr std::string_view kInsertDocument =
    "INSERT INTO documents (customer_id, name, name_key, version, created_by, created_at, updated_at) "
    "VALUES ($1, $2, $3, 1, $4, $5, $5)";
constexpr std::string_view kInsertVersion =
    "INSERT INTO document_versions (document_id, number, sha256, size, content_type, uploaded_by, uploaded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kSelectDocument =
    "SELECT d.id, d.customer_id, d.name, d.version, d.created_by, u.display_name, d.created_at, d.updated_at, "
    "d.deleted_at FROM documents d JOIN users u ON u.id = d.created_by WHERE d.id = $1";
constexpr std::string_view kSelectVersions =
    "SELECT v.number, v.size, v.content_type, v.sha256, v.uploaded_by, u.display_name, v.uploaded_at "
    "FROM document_versions v JOIN users u ON u.id = v.uploaded_by WHERE v.document_id = $1 ORDER BY v.number DESC";
constexpr std::string_view kSelectLiveByName =
    "SELECT id FROM documents WHERE customer_id = $1 AND name_key = $2 AND deleted_at IS NULL";
constexpr std::string_view kTouchDocument = "UPDATE documents SET version = version + 1, updated_at = $2 WHERE id = $1";
constexpr std::string_view kTrashDocument =
    "UPDATE documents SET version = version + 1, updated_at = $2, deleted_at = $2 WHERE id = $1";
constexpr std::string_view kRestoreDocument =
    "UPDATE documents SET version = version + 1, updated_at = $2, deleted_at = NULL WHERE id = $1";
constexpr std::string_view kListDocuments =
    "SELECT id FROM documents WHERE customer_id = $1 AND deleted_at IS NULL "
    "AND (updated_at < $2 OR (updated_at = $2 AND id < $3)) ORDER BY updated_at DESC, id DESC LIMIT $4";
constexpr std::string_view kBlobReferenced = "SELECT 1 FROM document_versions WHERE sha256 = $1 LIMIT 1";

Error not_found(DocumentId id) {
    return Error::not_found("document " + std::to_string(id) + " not found");
}

Error name_taken(const std::string& name) {
    return Error{
        ErrorCode::AlreadyExists,
        "a document named \"" + name + "\" already exists on this customer; upload it as a new version",
        FieldErrors{{"file", "a document with this name already exists"}},
        FieldErrors{{"file", "document.name_taken"}},
    };
}

/// Documents hang on a live customer card: NotFound when the customer is missing, AlreadyExists (409,
/// code customer.trashed) when it is in the trash.
Result<void> check_customer_live(Connection& connection, domain::CustomerId id) {
    auto statement = connection.prepare(kSelectCustomerDeletedAt);
    statement.bind("$1", id);
    if (!statement.step()) {
        return fail(Error::not_found("customer " + std::to_string(id) + " not found"));
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

std::optional<Document> load_document(Connection& connection, DocumentId id) {
    Document document;
    {
        auto statement = connection.prepare(kSelectDocument);
        statement.bind("$1", id);
        if (!statement.step()) {
            return std::nullopt;
        }
        document.id = statement.int64(0);
        document.customer_id = statement.int64(1);
        document.name = statement.text(2);
        document.version = statement.int64(3);
        document.created_by = statement.int64(4);
        document.created_by_name = statement.text(5);
        document.created_at = statement.int64(6);
        document.updated_at = statement.int64(7);
        if (!statement.is_null(8)) {
            document.deleted_at = statement.int64(8);
        }
    }
    auto statement = connection.prepare(kSelectVersions);
    statement.bind("$1", id);
    while (statement.step()) {
        document.versions.push_back(domain::DocumentVersion{
            .number = statement.int64(0),
            .size = static_cast<std::uint64_t>(statement.int64(1)),
            .content_type = statement.text(2),
            .sha256 = statement.text(3),
            .uploaded_by = statement.int64(4),
            .uploaded_by_name = statement.text(5),
            .uploaded_at = statement.int64(6),
        });
    }
    return document;
}

Result<Document> load_live(Connection& connection, DocumentId id) {
    auto document = load_document(connection, id);
    if (!document || document->deleted_at) {
        return fail(not_found(id));
    }
    return std::move(*document);
}

Result<domain::UserId> uploader(const domain::Actor& actor) {
    if (!actor.user_id) {
        return fail(Error::internal("documents are uploaded by users; the actor has none"));
    }
    return *actor.user_id;
}

void insert_version(
    Connection& connection, DocumentId id, std::int64_t number, const domain::NewVersion& version, domain::UserId user
) {
    connection.prepare(kInsertBlob)
        .bind("$1", std::string_view(version.sha256))
        .bind("$2", static_cast<std::int64_t>(version.size))
        .bind("$3", version.at)
        .run();
    connection.prepare(kInsertVersion)
        .bind("$1", id)
        .bind("$2", number)
        .bind("$3", std::string_view(version.sha256))
        .bind("$4", static_cast<std::int64_t>(version.size))
        .bind("$5", std::string_view(version.content_type))
        .bind("$6", user)
        .bind("$7", version.at)
        .run();
}

std::string json_text(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void record(
    Connection& connection,
    const Document& document,
    domain::HistoryAction action,
    std::vector<domain::FieldChange> changes,
    const domain::Actor& actor,
    domain::TimestampMs at
) {
    append_history(
        connection,
        domain::HistoryEntry{
            .customer_id = document.customer_id,
            .subject = domain::HistorySubject::Document,
            .subject_id = document.id,
            .subject_label = document.name,
            .action = action,
            .changes = std::move(changes),
            .actor = actor,
            .at = at,
        }
    );
}

/// What a version adds, as history changes: its number, size, type and content hash.
std::vector<domain::FieldChange> version_changes(
    const domain::DocumentVersion& version, const domain::DocumentVersion* previous
) {
    const auto before = [previous](auto member) {
        return previous == nullptr ? std::string("null") : json_text(member(*previous));
    };
    return {
        {"version", before([](const auto& v) { return v.number; }), json_text(version.number)},
        {"size", before([](const auto& v) { return v.size; }), json_text(version.size)},
        {"content_type", before([](const auto& v) { return v.content_type; }), json_text(version.content_type)},
        {"sha256", before([](const auto& v) { return v.sha256; }), json_text(version.sha256)},
    };
}

struct Cursor {
    std::int64_t updated_at = std::numeric_limits<std::int64_t>::max();
    DocumentId id = std::numeric_limits<std::int64_t>::max();
};

std::optional<Cursor> parse_cursor(std::string_view text) {
    if (text.empty()) {
        return Cursor{};
    }
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    Cursor cursor;
    const auto parse = [](std::string_view part, std::int64_t& value) {
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        return ec == std::errc{} && end == part.data() + part.size() && !part.empty();
    };
    if (!parse(text.substr(0, dot), cursor.updated_at) || !parse(text.substr(dot + 1), cursor.id)) {
        return std::nullopt;
    }
    return cursor;
}

}  // namespace

Result<Document> SqliteDocumentRepository::create(
    domain::CustomerId customer_id,
    const std::string& name,
    const domain::NewVersion& version,
    const domain::Actor& actor
) {
    auto user = uploader(actor);
    if (!user) {
        return fail(user.error());
    }
    return database_.write([&](Connection& connection) -> Result<Document> {
        if (auto live = check_customer_live(connection, customer_id); !live) {
            return fail(live.error());
        }
        DocumentId id = 0;
        try {
            connection.prepare(kInsertDocument)
                .bind("$1", customer_id)
                .bind("$2", std::string_view(name))
                .bind("$3", std::string_view(domain::document_name_key(name)))
                .bind("$4", *user)
                .bind("$5", version.at)
                .run();
            id = connection.last_insert_id();
        } catch (const SqliteError& error) {
            if (error.is_unique_violation()) {
                return fail(name_taken(name));
            }
            throw;
        }
        insert_version(connection, id, 1, version, *user);
        auto document = load_live(connection, id);
        if (document) {
            auto changes = version_changes(document->latest(), nullptr);
            changes.insert(changes.begin(), domain::FieldChange{"name", "null", json_text(name)});
            record(connection, *document, domain::HistoryAction::Created, std::move(changes), actor, version.at);
        }
        return document;
    });
}

Result<Document> SqliteDocumentRepository::add_version(
    DocumentId id, const domain::NewVersion& version, const domain::Actor& actor
) {
    auto user = uploader(actor);
    if (!user) {
        return fail(user.error());
    }
    return database_.write([&](Connection& connection) -> Result<Document> {
        auto current = load_live(connection, id);
        if (!current) {
            return fail(current.error());
        }
        if (auto live = check_customer_live(connection, current->customer_id); !live) {
            return fail(live.error());
        }
        insert_version(connection, id, current->latest().number + 1, version, *user);
        connection.prepare(kTouchDocument).bind("$1", id).bind("$2", version.at).run();
        auto document = load_live(connection, id);
        if (document) {
            record(
                connection,
                *document,
                domain::HistoryAction::VersionAdded,
                version_changes(document->latest(), &current->latest()),
                actor,
                version.at
            );
        }
        return document;
    });
}

Result<Document> SqliteDocumentRepository::find(DocumentId id, bool include_trashed) {
    return database_.read([&](Connection& connection) -> Result<Document> {
        auto document = load_document(connection, id);
        if (!document || (document->deleted_at && !include_trashed)) {
            return fail(not_found(id));
        }
        return std::move(*document);
    });
}

Result<std::optional<DocumentId>> SqliteDocumentRepository::find_live_by_name(
    domain::CustomerId customer_id, const std::string& name_key
) {
    return database_.read([&](Connection& connection) -> Result<std::optional<DocumentId>> {
        auto statement = connection.prepare(kSelectLiveByName);
        statement.bind("$1", customer_id).bind("$2", std::string_view(name_key));
        if (!statement.step()) {
            return std::optional<DocumentId>{};
        }
        return std::optional<DocumentId>{statement.int64(0)};
    });
}

Result<Document> SqliteDocumentRepository::move_to_trash(
    DocumentId id, std::int64_t expected_version, domain::TimestampMs now, const domain::Actor& actor
) {
    return database_.write([&](Connection& connection) -> Result<Document> {
        auto current = load_live(connection, id);
        if (!current) {
            return fail(current.error());
        }
        if (current->version != expected_version) {
            return fail(Error::conflict(
                "document " + std::to_string(id) + " is at version " + std::to_string(current->version) + ", not " +
                std::to_string(expected_version)
            ));
        }
        connection.prepare(kTrashDocument).bind("$1", id).bind("$2", now).run();
        auto trashed = load_document(connection, id);
        record(connection, *trashed, domain::HistoryAction::Trashed, {}, actor, now);
        return std::move(*trashed);
    });
}

Result<Document> SqliteDocumentRepository::restore(DocumentId id, domain::TimestampMs now, const domain::Actor& actor) {
    return database_.write([&](Connection& connection) -> Result<Document> {
        auto current = load_document(connection, id);
        if (!current || !current->deleted_at) {
            return fail(Error::not_found("document " + std::to_string(id) + " is not in the trash"));
        }
        if (auto live = check_customer_live(connection, current->customer_id); !live) {
            return fail(live.error());
        }
        try {
            connection.prepare(kRestoreDocument).bind("$1", id).bind("$2", now).run();
        } catch (const SqliteError& error) {
            if (error.is_unique_violation()) {
                return fail(name_taken(current->name));
            }
            throw;
        }
        auto restored = load_document(connection, id);
        record(connection, *restored, domain::HistoryAction::Restored, {}, actor, now);
        return std::move(*restored);
    });
}

Result<domain::DocumentPage> SqliteDocumentRepository::list(const domain::DocumentListQuery& query) {
    const auto cursor = parse_cursor(query.cursor);
    if (!cursor) {
        return fail(Error::invalid_field("cursor", "not a cursor from a previous page", "invalid"));
    }
    return database_.read([&](Connection& connection) -> Result<domain::DocumentPage> {
        std::vector<DocumentId> ids;
        {
            auto statement = connection.prepare(kListDocuments);
            statement.bind("$1", query.customer_id)
                .bind("$2", cursor->updated_at)
                .bind("$3", cursor->id)
                .bind("$4", static_cast<std::int64_t>(query.limit + 1));
            while (statement.step()) {
                ids.push_back(statement.int64(0));
            }
        }
        domain::DocumentPage page;
        const bool more = ids.size() > query.limit;
        ids.resize(std::min(ids.size(), query.limit));
        for (const auto id : ids) {
            if (auto document = load_document(connection, id)) {
                page.items.push_back(std::move(*document));
            }
        }
        if (more && !page.items.empty()) {
            const auto& last = page.items.back();
            page.next_cursor = std::to_string(last.updated_at) + "." + std::to_string(last.id);
        }
        return page;
    });
}

Result<bool> SqliteDocumentRepository::blob_referenced(const std::string& sha256) {
    return database_.read([&](Connection& connection) -> Result<bool> {
        auto statement = connection.prepare(kBlobReferenced);
        statement.bind("$1", std::string_view(sha256));
        return statement.step();
    });
}

}  // namespace kartoteka::store::sqlite
