#include "store/sqlite/sqlite_migrations.hpp"

#include <array>
#include <chrono>
#include <string>

namespace kartoteka::store::sqlite {
namespace {

struct Migration {
    int version;
    const char* name;
    const char* sql;
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

constexpr std::array kMigrations{
    Migration{1, "0001_initial", k0001Initial},
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
    for (const auto& migration : kMigrations) {
        if (migration.version <= applied) {
            continue;
        }
        Transaction transaction(connection, Transaction::Mode::Immediate);
        // Another process may have migrated while we waited for the write lock.
        if (applied_schema_version(connection) >= migration.version) {
            continue;
        }
        connection.execute_script(migration.sql);
        connection.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind("$1", static_cast<std::int64_t>(migration.version))
            .bind("$2", std::string_view(migration.name))
            .bind("$3", now_ms())
            .run();
        transaction.commit();
        applied = migration.version;
    }
    return applied_schema_version(connection);
}

}  // namespace kartoteka::store::sqlite
