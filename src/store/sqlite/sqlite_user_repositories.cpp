#include "store/sql/customer_queries.hpp"
#include "store/sqlite/sqlite_repositories.hpp"

namespace kartoteka::store::sqlite {
namespace {

// deactivated_at is read by a second statement rather than by widening the shared user queries in
// store/sql/customer_queries.hpp, whose column lists other code depends on.
constexpr std::string_view kSelectDeactivatedAt = "SELECT deactivated_at FROM users WHERE id = $1";
constexpr std::string_view kSelectAllDeactivatedAt =
    "SELECT id, deactivated_at FROM users WHERE deactivated_at IS NOT NULL";
constexpr std::string_view kUpdateDeactivatedAt = "UPDATE users SET deactivated_at = $1 WHERE id = $2";

void load_deactivated_at(Connection& connection, domain::User& user) {
    auto statement = connection.prepare(kSelectDeactivatedAt);
    statement.bind("$1", user.id);
    if (statement.step() && !statement.is_null(0)) {
        user.deactivated_at = statement.int64(0);
    }
}

domain::User read_user(const Statement& row) {
    return domain::User{
        .id = row.int64(0),
        .username = row.text(1),
        .display_name = row.text(2),
        .password_hash = row.text(3),
        .is_admin = row.int64(4) != 0,
        .created_at = row.int64(5),
    };
}

domain::Session read_session(const Statement& row) {
    return domain::Session{
        .token_hash = row.text(0),
        .user_id = row.int64(1),
        .csrf_token = row.text(2),
        .created_at = row.int64(3),
        .expires_at = row.int64(4),
    };
}

domain::ApiToken read_api_token(const Statement& row) {
    return domain::ApiToken{
        .id = row.int64(0),
        .token_hash = row.text(1),
        .user_id = row.int64(2),
        .name = row.text(3),
        .created_at = row.int64(4),
    };
}

Error user_missing(domain::UserId id) {
    return Error::invalid_field("user_id", "user " + std::to_string(id) + " does not exist");
}

}  // namespace

Result<domain::User> SqliteUserRepository::insert(const domain::User& user) {
    return database_.write([&](Connection& connection) -> Result<domain::User> {
        try {
            auto statement = connection.prepare(sql::kInsertUser);
            statement.bind("$1", std::string_view(user.username))
                .bind("$2", std::string_view(user.display_name))
                .bind("$3", std::string_view(user.password_hash))
                .bind("$4", std::int64_t{user.is_admin ? 1 : 0})
                .bind("$5", user.created_at);
            statement.run();
            domain::User stored = user;
            stored.id = connection.last_insert_id();
            return stored;
        } catch (const SqliteError& error) {
            if (error.is_unique_violation()) {
                return fail(Error{
                    ErrorCode::AlreadyExists,
                    "username " + user.username + " is taken",
                    {{"username", "already taken"}},
                });
            }
            throw;
        }
    });
}

Result<domain::User> SqliteUserRepository::find(domain::UserId id) {
    return database_.read([&](Connection& connection) -> Result<domain::User> {
        auto statement = connection.prepare(sql::kSelectUserById);
        statement.bind("$1", id);
        if (!statement.step()) {
            return fail(Error::not_found("user " + std::to_string(id) + " not found"));
        }
        auto user = read_user(statement);
        load_deactivated_at(connection, user);
        return user;
    });
}

Result<domain::User> SqliteUserRepository::find_by_username(std::string_view username) {
    return database_.read([&](Connection& connection) -> Result<domain::User> {
        auto statement = connection.prepare(sql::kSelectUserByUsername);
        statement.bind("$1", username);
        if (!statement.step()) {
            return fail(Error::not_found("user " + std::string(username) + " not found"));
        }
        auto user = read_user(statement);
        load_deactivated_at(connection, user);
        return user;
    });
}

Result<std::vector<domain::User>> SqliteUserRepository::list() {
    return database_.read([&](Connection& connection) -> Result<std::vector<domain::User>> {
        std::vector<domain::User> users;
        auto statement = connection.prepare(sql::kSelectUsers);
        while (statement.step()) {
            users.push_back(read_user(statement));
        }
        auto deactivated = connection.prepare(kSelectAllDeactivatedAt);
        while (deactivated.step()) {
            const auto id = deactivated.int64(0);
            for (auto& user : users) {
                if (user.id == id) {
                    user.deactivated_at = deactivated.int64(1);
                }
            }
        }
        return users;
    });
}

Result<void> SqliteUserRepository::set_password_hash(domain::UserId id, const std::string& password_hash) {
    return database_.write([&](Connection& connection) -> Result<void> {
        connection.prepare(sql::kUpdatePasswordHash).bind("$1", std::string_view(password_hash)).bind("$2", id).run();
        if (connection.changes() == 0) {
            return fail(Error::not_found("user " + std::to_string(id) + " not found"));
        }
        connection.prepare(sql::kDeleteUserSessions).bind("$1", id).run();
        return ok();
    });
}

Result<void> SqliteUserRepository::set_deactivated_at(
    domain::UserId id, std::optional<domain::TimestampMs> deactivated_at
) {
    return database_.write([&](Connection& connection) -> Result<void> {
        connection.prepare(kUpdateDeactivatedAt).bind("$1", deactivated_at).bind("$2", id).run();
        if (connection.changes() == 0) {
            return fail(Error::not_found("user " + std::to_string(id) + " not found"));
        }
        if (deactivated_at) {
            // A deactivated user must be out at once, not when their session expires.
            connection.prepare(sql::kDeleteUserSessions).bind("$1", id).run();
        }
        return ok();
    });
}

Result<std::size_t> SqliteUserRepository::count() {
    return database_.read([&](Connection& connection) -> Result<std::size_t> {
        auto statement = connection.prepare(sql::kCountUsers);
        statement.step();
        return static_cast<std::size_t>(statement.int64(0));
    });
}

Result<void> SqliteSessionRepository::insert(const domain::Session& session) {
    return database_.write([&](Connection& connection) -> Result<void> {
        try {
            connection.prepare(sql::kInsertSession)
                .bind("$1", std::string_view(session.token_hash))
                .bind("$2", session.user_id)
                .bind("$3", std::string_view(session.csrf_token))
                .bind("$4", session.created_at)
                .bind("$5", session.expires_at)
                .run();
        } catch (const SqliteError& error) {
            if (error.is_foreign_key_violation()) {
                return fail(user_missing(session.user_id));
            }
            if (error.is_unique_violation()) {
                return fail(Error{ErrorCode::AlreadyExists, "session token collision"});
            }
            throw;
        }
        return ok();
    });
}

Result<domain::Session> SqliteSessionRepository::find(const std::string& token_hash, domain::TimestampMs now) {
    return database_.read([&](Connection& connection) -> Result<domain::Session> {
        auto statement = connection.prepare(sql::kSelectSession);
        statement.bind("$1", std::string_view(token_hash)).bind("$2", now);
        if (!statement.step()) {
            return fail(Error::not_found("no such session"));
        }
        return read_session(statement);
    });
}

Result<void> SqliteSessionRepository::remove(const std::string& token_hash) {
    return database_.write([&](Connection& connection) -> Result<void> {
        connection.prepare(sql::kDeleteSession).bind("$1", std::string_view(token_hash)).run();
        return ok();
    });
}

Result<std::size_t> SqliteSessionRepository::remove_expired(domain::TimestampMs now) {
    return database_.write([&](Connection& connection) -> Result<std::size_t> {
        connection.prepare(sql::kDeleteExpiredSessions).bind("$1", now).run();
        return static_cast<std::size_t>(connection.changes());
    });
}

Result<std::size_t> SqliteSessionRepository::remove_for_user(domain::UserId user_id) {
    return database_.write([&](Connection& connection) -> Result<std::size_t> {
        connection.prepare(sql::kDeleteUserSessions).bind("$1", user_id).run();
        return static_cast<std::size_t>(connection.changes());
    });
}

Result<domain::ApiToken> SqliteApiTokenRepository::insert(const domain::ApiToken& token) {
    return database_.write([&](Connection& connection) -> Result<domain::ApiToken> {
        try {
            auto statement = connection.prepare(sql::kInsertApiToken);
            statement.bind("$1", std::string_view(token.token_hash))
                .bind("$2", token.user_id)
                .bind("$3", std::string_view(token.name))
                .bind("$4", token.created_at);
            statement.run();
            domain::ApiToken stored = token;
            stored.id = connection.last_insert_id();
            return stored;
        } catch (const SqliteError& error) {
            if (error.is_foreign_key_violation()) {
                return fail(user_missing(token.user_id));
            }
            if (error.is_unique_violation()) {
                return fail(Error{ErrorCode::AlreadyExists, "api token collision"});
            }
            throw;
        }
    });
}

Result<domain::ApiToken> SqliteApiTokenRepository::find(const std::string& token_hash) {
    return database_.read([&](Connection& connection) -> Result<domain::ApiToken> {
        auto statement = connection.prepare(sql::kSelectApiToken);
        statement.bind("$1", std::string_view(token_hash));
        if (!statement.step()) {
            return fail(Error::not_found("no such api token"));
        }
        return read_api_token(statement);
    });
}

}  // namespace kartoteka::store::sqlite
