#include "store/sqlite/sqlite_saved_view_repository.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "util/text.hpp"

namespace kartoteka::store::sqlite {

const char* const kSavedViewsMigration = R"sql(
-- Pohledy: a named list query and columns, private or shared; name_key (the folded name) keeps names unique
-- per owner whatever their case or accents.
CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    query TEXT NOT NULL,
    columns_json TEXT NOT NULL,      -- JSON array of column keys
    shared INTEGER NOT NULL DEFAULT 0,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX saved_views_owner_name ON saved_views(owner_id, name_key);
CREATE INDEX saved_views_shared ON saved_views(shared) WHERE shared = 1;
CREATE TABLE user_default_views (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    view_id INTEGER NOT NULL REFERENCES saved_views(id) ON DELETE CASCADE
);
CREATE INDEX user_default_views_view ON user_default_views(view_id);
)sql";

namespace {

using domain::SavedView;
using domain::SavedViewId;
using domain::UserId;

constexpr std::string_view kViewColumns =
    "v.id, v.owner_id, u.display_name, v.name, v.query, v.columns_json, v.shared, v.version, v.created_at, "
    "v.updated_at, (SELECT COUNT(*) FROM user_default_views d WHERE d.user_id = $1 AND d.view_id = v.id)";

const std::string& select_view_by_id() {
    static const std::string sql = "SELECT " + std::string(kViewColumns) +
                                   " FROM saved_views v JOIN users u ON u.id = v.owner_id"
                                   " WHERE v.id = $2 AND (v.owner_id = $1 OR v.shared = 1)";
    return sql;
}

const std::string& select_visible_views() {
    static const std::string sql = "SELECT " + std::string(kViewColumns) +
                                   " FROM saved_views v JOIN users u ON u.id = v.owner_id"
                                   " WHERE v.owner_id = $1 OR v.shared = 1";
    return sql;
}

constexpr std::string_view kInsertView =
    "INSERT INTO saved_views (owner_id, name, name_key, query, columns_json, shared, version, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

constexpr std::string_view kUpdateView =
    "UPDATE saved_views SET name = $1, name_key = $2, query = $3, columns_json = $4, shared = $5, "
    "version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8";

constexpr std::string_view kSelectVersion = "SELECT version FROM saved_views WHERE id = $1";
constexpr std::string_view kDeleteDefaultsOf = "DELETE FROM user_default_views WHERE view_id = $1";
constexpr std::string_view kDeleteView = "DELETE FROM saved_views WHERE id = $1";
constexpr std::string_view kSelectDefault = "SELECT view_id FROM user_default_views WHERE user_id = $1";
constexpr std::string_view kUpsertDefault =
    "INSERT INTO user_default_views (user_id, view_id) VALUES ($1, $2) "
    "ON CONFLICT (user_id) DO UPDATE SET view_id = excluded.view_id";
constexpr std::string_view kDeleteDefault = "DELETE FROM user_default_views WHERE user_id = $1";

std::string columns_json(const std::vector<std::string>& columns) {
    return nlohmann::json(columns).dump();
}

SavedView read_view(const Statement& statement) {
    SavedView view;
    view.id = statement.int64(0);
    view.owner_id = statement.int64(1);
    view.owner_name = statement.text(2);
    view.name = statement.text(3);
    view.query = statement.text(4);
    const auto columns = nlohmann::json::parse(statement.text_view(5), nullptr, false);
    if (columns.is_array()) {
        for (const auto& column : columns) {
            if (column.is_string()) {
                view.columns.push_back(column.get<std::string>());
            }
        }
    }
    view.shared = statement.int64(6) != 0;
    view.version = statement.int64(7);
    view.created_at = statement.int64(8);
    view.updated_at = statement.int64(9);
    view.is_default = statement.int64(10) != 0;
    return view;
}

std::optional<SavedView> load_view(Connection& connection, SavedViewId id, UserId viewer) {
    auto statement = connection.prepare(select_view_by_id());
    statement.bind("$1", viewer).bind("$2", id);
    if (!statement.step()) {
        return std::nullopt;
    }
    return read_view(statement);
}

Error view_not_found(SavedViewId id) {
    return Error::not_found("view " + std::to_string(id) + " not found");
}

Error name_taken(const std::string& name) {
    // 422 like any other invalid name (the contract's choice): the client shows it at the name field.
    return Error{
        ErrorCode::InvalidArgument,
        "you already have a view named " + name,
        FieldErrors{{"name", "you already have a view with this name"}},
        FieldErrors{{"name", "name.taken"}},
    };
}

Error stale_version(SavedViewId id) {
    return Error::conflict("view " + std::to_string(id) + " was changed by someone else; reload it");
}

}  // namespace

Result<SavedView> SqliteSavedViewRepository::insert(const SavedView& view) {
    return database_.write([&](Connection& connection) -> Result<SavedView> {
        try {
            connection.prepare(kInsertView)
                .bind("$1", view.owner_id)
                .bind("$2", std::string_view(view.name))
                .bind("$3", std::string_view(util::fold_for_search(view.name)))
                .bind("$4", std::string_view(view.query))
                .bind("$5", std::string_view(columns_json(view.columns)))
                .bind("$6", static_cast<std::int64_t>(view.shared ? 1 : 0))
                .bind("$7", view.version)
                .bind("$8", view.created_at)
                .bind("$9", view.updated_at)
                .run();
        } catch (const SqliteError& error) {
            if (error.is_unique_violation()) {
                return fail(name_taken(view.name));
            }
            throw;
        }
        auto stored = load_view(connection, connection.last_insert_id(), view.owner_id);
        if (!stored) {
            return fail(Error::internal("the view just written cannot be read"));
        }
        return std::move(*stored);
    });
}

Result<SavedView> SqliteSavedViewRepository::find(SavedViewId id, UserId viewer) {
    return database_.read([&](Connection& connection) -> Result<SavedView> {
        auto view = load_view(connection, id, viewer);
        if (!view) {
            return fail(view_not_found(id));
        }
        return std::move(*view);
    });
}

Result<std::vector<SavedView>> SqliteSavedViewRepository::list_visible(UserId viewer) {
    auto views = database_.read([&](Connection& connection) -> Result<std::vector<SavedView>> {
        std::vector<SavedView> found;
        auto statement = connection.prepare(select_visible_views());
        statement.bind("$1", viewer);
        while (statement.step()) {
            found.push_back(read_view(statement));
        }
        return found;
    });
    if (!views) {
        return views;
    }
    // A user sees tens of views, not thousands: sort here with ICU's Czech order rather than teach SQL it.
    std::vector<std::pair<std::string, std::size_t>> keys;
    keys.reserve(views->size());
    for (std::size_t i = 0; i < views->size(); ++i) {
        keys.emplace_back(util::czech_sort_key((*views)[i].name), i);
    }
    std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) {
            return a.first < b.first;
        }
        return (*views)[a.second].id < (*views)[b.second].id;
    });
    std::vector<SavedView> sorted;
    sorted.reserve(views->size());
    for (const auto& [key, index] : keys) {
        sorted.push_back(std::move((*views)[index]));
    }
    return sorted;
}

Result<SavedView> SqliteSavedViewRepository::update(
    const SavedView& view, std::int64_t expected_version, UserId viewer
) {
    return database_.write([&](Connection& connection) -> Result<SavedView> {
        try {
            connection.prepare(kUpdateView)
                .bind("$1", std::string_view(view.name))
                .bind("$2", std::string_view(util::fold_for_search(view.name)))
                .bind("$3", std::string_view(view.query))
                .bind("$4", std::string_view(columns_json(view.columns)))
                .bind("$5", static_cast<std::int64_t>(view.shared ? 1 : 0))
                .bind("$6", view.updated_at)
                .bind("$7", view.id)
                .bind("$8", expected_version)
                .run();
        } catch (const SqliteError& error) {
            if (error.is_unique_violation()) {
                return fail(name_taken(view.name));
            }
            throw;
        }
        if (connection.changes() == 0) {
            auto exists = connection.prepare(kSelectVersion);
            exists.bind("$1", view.id);
            return fail(exists.step() ? stale_version(view.id) : view_not_found(view.id));
        }
        auto stored = load_view(connection, view.id, viewer);
        if (!stored) {
            return fail(view_not_found(view.id));
        }
        return std::move(*stored);
    });
}

Result<void> SqliteSavedViewRepository::remove(SavedViewId id, std::optional<std::int64_t> expected_version) {
    return database_.write([&](Connection& connection) -> Result<void> {
        {
            auto current = connection.prepare(kSelectVersion);
            current.bind("$1", id);
            if (!current.step()) {
                return fail(view_not_found(id));
            }
            if (expected_version && current.int64(0) != *expected_version) {
                return fail(stale_version(id));
            }
        }
        connection.prepare(kDeleteDefaultsOf).bind("$1", id).run();
        connection.prepare(kDeleteView).bind("$1", id).run();
        return ok();
    });
}

Result<std::optional<SavedViewId>> SqliteSavedViewRepository::default_view(UserId user) {
    return database_.read([&](Connection& connection) -> Result<std::optional<SavedViewId>> {
        auto statement = connection.prepare(kSelectDefault);
        statement.bind("$1", user);
        if (!statement.step()) {
            return std::optional<SavedViewId>{};
        }
        return std::optional<SavedViewId>{statement.int64(0)};
    });
}

Result<void> SqliteSavedViewRepository::set_default_view(UserId user, std::optional<SavedViewId> view) {
    return database_.write([&](Connection& connection) -> Result<void> {
        if (view) {
            connection.prepare(kUpsertDefault).bind("$1", user).bind("$2", *view).run();
        } else {
            connection.prepare(kDeleteDefault).bind("$1", user).run();
        }
        return ok();
    });
}

}  // namespace kartoteka::store::sqlite
