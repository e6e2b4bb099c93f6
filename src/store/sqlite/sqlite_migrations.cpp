#include "store/sqlite/sqlite_migrations.hpp"

#include <array>
#include <chrono>
#include <string>

#include "store/sqlite/sqlite_customer_search.hpp"
#include "store/sqlite/sqlite_import_repository.hpp"
#include "store/sqlite/sqlite_saved_view_repository.hpp"

namespace kartoteka::store::sqlite {
namespace {

struct Migration {
    int version;
    const char* name;
    const char* sql;
    /// Runs after `sql` in the same transaction: for data that needs C++ (ICU folding) to compute.
    void (*after)(Connection&) = nullptr;
};

constexpr const char* k0001Initial = R"sql(
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    ico TEXT NOT NULL DEFAULT '',
    dic TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    web TEXT NOT NULL DEFAULT '',
    billing_street TEXT NOT NULL DEFAULT '',
    billing_city TEXT NOT NULL DEFAULT '',
    billing_postal_code TEXT NOT NULL DEFAULT '',
    billing_country TEXT NOT NULL DEFAULT 'CZ',
    has_delivery INTEGER NOT NULL DEFAULT 0,
    delivery_street TEXT NOT NULL DEFAULT '',
    delivery_city TEXT NOT NULL DEFAULT '',
    delivery_postal_code TEXT NOT NULL DEFAULT '',
    delivery_country TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    owner_id INTEGER NULL REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT NULL,
    name_sort_key BLOB NOT NULL,
    name_search TEXT NOT NULL,
    billing_city_search TEXT NOT NULL DEFAULT ''
);
-- One index per sort order of the live list, so every first page and every keyset page is an index range scan.
CREATE INDEX customers_live_name ON customers(name_sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_created ON customers(created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_updated ON customers(updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_trash ON customers(deleted_at) WHERE deleted_at IS NOT NULL;
-- Owner and city filters are served in the default (name) order straight from these; other orders sort the
-- filtered rows.
CREATE INDEX customers_live_owner_name ON customers(owner_id, name_sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_city_name ON customers(billing_city_search, name_sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_owner ON customers(owner_id);

CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (customer_id, position)
) WITHOUT ROWID;
CREATE INDEX customer_tags_tag ON customer_tags(tag, customer_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_customer ON contacts(customer_id, position);

-- Substring search over the folded name: trigrams make "ováková" an index lookup instead of a scan.
CREATE VIRTUAL TABLE customers_fts USING fts5(
    name_search, content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);
-- No INSERT trigger: FTS5 flushes its pending terms whenever a statement savepoint opens, so indexing row by
-- row inside a bulk transaction writes one tiny segment per row. The repository indexes new rows with one
-- INSERT ... SELECT at the end of each inserting transaction instead.
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts(customers_fts, rowid, name_search) VALUES ('delete', old.id, old.name_search);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF name_search ON customers BEGIN
    INSERT INTO customers_fts(customers_fts, rowid, name_search) VALUES ('delete', old.id, old.name_search);
    INSERT INTO customers_fts(rowid, name_search) VALUES (new.id, new.name_search);
END;
)sql";

// The customer card: history, minutes (notes), tasks, notifications, calendar feeds and documents.
constexpr const char* k0002Card = R"sql(
ALTER TABLE users ADD COLUMN deactivated_at BIGINT NULL;
ALTER TABLE contacts ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- Append-only: written in the transaction of each change; nothing in kartoteka updates or deletes it.
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    subject TEXT NOT NULL,          -- customer | contact | note | task | document
    subject_id INTEGER NOT NULL,
    subject_label TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,           -- created | updated | trashed | restored | value_restored | version_added
    changes_json TEXT NOT NULL DEFAULT '[]',  -- [{"field": ..., "before": ..., "after": ...}]
    user_id INTEGER NULL REFERENCES users(id),
    channel TEXT NOT NULL,          -- web | api_token | import | cli
    channel_detail TEXT NOT NULL DEFAULT '',
    restored_from INTEGER NULL REFERENCES history(id),
    at BIGINT NOT NULL
);
CREATE INDEX history_customer ON history(customer_id, id);
CREATE INDEX history_customer_subject ON history(customer_id, subject, id);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

-- Zápisy: minutes of meetings, calls, e-mails and visits.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL,              -- meeting | call | email | visit | other
    occurred_at BIGINT NOT NULL,     -- when it happened (ms, UTC)
    place TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',   -- Markdown source; rendered (safely) by the client
    conclusions TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    author_id INTEGER NOT NULL REFERENCES users(id),
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT NULL
);
CREATE INDEX notes_customer ON notes(customer_id, occurred_at, id) WHERE deleted_at IS NULL;
CREATE INDEX notes_customer_kind ON notes(customer_id, kind, occurred_at, id) WHERE deleted_at IS NULL;
CREATE INDEX notes_customer_author ON notes(customer_id, author_id, occurred_at, id) WHERE deleted_at IS NULL;

-- Participants: the customer's contact persons and our users, in the order given.
CREATE TABLE note_participants (
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    contact_id INTEGER NULL REFERENCES contacts(id) ON DELETE SET NULL,
    user_id INTEGER NULL REFERENCES users(id),
    name TEXT NOT NULL DEFAULT '',   -- the name at the time, kept when the contact is removed
    PRIMARY KEY (note_id, position)
) WITHOUT ROWID;
CREATE INDEX note_participants_user ON note_participants(user_id) WHERE user_id IS NOT NULL;

-- Úkoly.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    note_id INTEGER NULL REFERENCES notes(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    assignee_id INTEGER NOT NULL REFERENCES users(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    due_date TEXT NOT NULL,          -- YYYY-MM-DD, a calendar day in Europe/Prague
    due_time TEXT NULL,              -- HH:MM local time, optional
    priority TEXT NOT NULL,          -- low | normal | high
    status TEXT NOT NULL,            -- open | in_progress | done | cancelled
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    completed_at BIGINT NULL,
    deleted_at BIGINT NULL
);
CREATE INDEX tasks_customer ON tasks(customer_id, due_date, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_assignee ON tasks(assignee_id, status, due_date, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_created_by ON tasks(created_by, status, due_date, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_status_due ON tasks(status, due_date, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_note ON tasks(note_id) WHERE note_id IS NOT NULL;

-- In-app notifications (a badge and a list).
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,              -- task_assigned
    task_id INTEGER NULL REFERENCES tasks(id),
    customer_id INTEGER NULL REFERENCES customers(id),
    actor_id INTEGER NULL REFERENCES users(id),
    text TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

-- A private iCalendar feed per user; only the token's hash is kept, so revoking is deleting the row.
CREATE TABLE calendar_feeds (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- Dokumenty. File content lives under data_dir/blobs/, named by its SHA-256; a blob row exists exactly
-- while some version refers to it.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL
) WITHOUT ROWID;
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,          -- the name folded for "same name" checks
    version BIGINT NOT NULL,         -- optimistic concurrency of the metadata
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT NULL
);
CREATE INDEX documents_customer ON documents(customer_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX documents_live_name ON documents(customer_id, name_key) WHERE deleted_at IS NULL;
CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    number INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL,
    UNIQUE (document_id, number)
);
CREATE INDEX document_versions_blob ON document_versions(sha256);
)sql";

// Not constexpr: the search index's SQL lives beside its code in sqlite_customer_search.cpp.
const std::array kMigrations{
    Migration{1, "0001_initial", k0001Initial},
    Migration{2, "0002_card", k0002Card},
    Migration{3, "0003_customer_search", kSearchIndexMigration},
    Migration{4, "0004_saved_views", kSavedViewsMigration},
    Migration{5, "0005_imports", kImportsMigration, &backfill_match_name_keys},
    Migration{6, "0006_search_walk", kSearchWalkMigration},
};

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void ensure_migrations_table(Connection& connection) {
    connection.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
    );
}

}  // namespace

int latest_schema_version() {
    return kMigrations.back().version;
}

int applied_schema_version(Connection& connection) {
    auto exists =
        connection.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    exists.step();
    if (exists.int64(0) == 0) {
        return 0;
    }
    auto statement = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    statement.step();
    return static_cast<int>(statement.int64(0));
}

Result<int> apply_migrations(Connection& connection) {
    ensure_migrations_table(connection);
    int applied = applied_schema_version(connection);
    if (applied > latest_schema_version()) {
        return fail(Error{
            ErrorCode::FailedPrecondition,
            "the database schema is version " + std::to_string(applied) + " but this kartoteka knows only up to " +
                std::to_string(latest_schema_version()) + "; use a newer kartoteka",
        });
    }
    // Each migration is applied unless its own number is recorded, not merely below the highest: reserved numbers
    // land out of order (0005 shipped before 0004), and a store already at 5 still needs 4.
    const auto is_applied = [&connection](int version) {
        auto statement = connection.prepare("SELECT COUNT(*) FROM schema_migrations WHERE version = $1");
        statement.bind("$1", static_cast<std::int64_t>(version));
        statement.step();
        return statement.int64(0) != 0;
    };
    for (const auto& migration : kMigrations) {
        if (is_applied(migration.version)) {
            continue;
        }
        Transaction transaction(connection, Transaction::Mode::Immediate);
        // Another process may have migrated while we waited for the write lock.
        if (is_applied(migration.version)) {
            continue;
        }
        connection.execute_script(migration.sql);
        if (migration.after != nullptr) {
            migration.after(connection);
        }
        connection.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind("$1", static_cast<std::int64_t>(migration.version))
            .bind("$2", std::string_view(migration.name))
            .bind("$3", now_ms())
            .run();
        transaction.commit();
    }
    // Customers stored before the search index existed; a no-op once it has been built.
    build_search_index(connection);
    return applied_schema_version(connection);
}

}  // namespace kartoteka::store::sqlite
