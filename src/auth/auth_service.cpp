#include "auth/auth_service.hpp"

#include <chrono>
#include <limits>
#include <utility>

#include <sodium.h>

#include "auth/hash_limiter.hpp"
#include "auth/password.hpp"
#include "auth/principal_cache.hpp"
#include "auth/tokens.hpp"

namespace kartoteka::auth {

namespace {

constexpr std::size_t kMaxUsernameLength = 64;
constexpr std::size_t kMinPasswordLength = 8;
constexpr std::size_t kGeneratedPasswordLength = 20;
constexpr const char* kAdminUsername = "admin";
constexpr const char* kBadCredentials = "invalid username or password";
constexpr std::size_t kPrincipalCacheCapacity = 10'000;

domain::TimestampMs now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Error unauthenticated(std::string message) {
    return Error{ErrorCode::Unauthenticated, std::move(message)};
}

bool is_username_character(char character) {
    return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') || character == '.' ||
           character == '_' || character == '-';
}

std::optional<std::string> username_problem(const std::string& username) {
    if (username.empty() || username.size() > kMaxUsernameLength) {
        return "username must have 1 to 64 characters";
    }
    for (char character : username) {
        if (!is_username_character(character)) {
            return "username may contain only a-z, 0-9, '.', '_' and '-'";
        }
    }
    return std::nullopt;
}

// Counts code points rather than bytes, so "žluťoučký" is 9 characters long, as a user would count it.
std::size_t utf8_length(const std::string& text) {
    std::size_t length = 0;
    for (unsigned char byte : text) {
        if ((byte & 0xC0) != 0x80) {
            ++length;
        }
    }
    return length;
}

std::optional<std::string> password_problem(const std::string& password) {
    if (utf8_length(password) < kMinPasswordLength) {
        return "password must have at least 8 characters";
    }
    return std::nullopt;
}

// Logging in as an unknown user must cost as much as a wrong password, or response times would tell an
// attacker which usernames exist. One dummy hash per cost is computed on first use and kept.
const std::string& dummy_hash(HashCost cost) {
    auto make = [](HashCost dummy_cost) {
        auto hashed = hash_password(generate_token(), dummy_cost);
        return hashed ? *hashed : std::string{};
    };
    if (cost == HashCost::Minimal) {
        static const std::string minimal = make(HashCost::Minimal);
        return minimal;
    }
    static const std::string interactive = make(HashCost::Interactive);
    return interactive;
}

// Administrative hashing (CLI, start-up) waits as long as it takes: it is rare and must not fail.
Result<std::string> hash_with_slot(const std::string& password, HashCost cost) {
    const auto hash_slot = password_hash_limiter().acquire();
    return hash_password(password, cost);
}

}  // namespace

AuthService::AuthService(
    domain::UserRepository& users,
    domain::SessionRepository& sessions,
    domain::ApiTokenRepository& api_tokens,
    AuthOptions options
)
    : users_(users),
      sessions_(sessions),
      api_tokens_(api_tokens),
      options_(options),
      principals_(std::make_unique<PrincipalCache>(options.principal_cache_ms, kPrincipalCacheCapacity)) {
    ensure_sodium_initialized();
}

AuthService::~AuthService() = default;

Result<LoginResult> AuthService::login(const std::string& username, const std::string& password) {
    // Taken before the user lookup so that unknown and known users queue alike (no timing oracle).
    const auto hash_slot =
        password_hash_limiter().try_acquire_for(std::chrono::milliseconds(options_.hash_slot_wait_ms));
    if (!hash_slot) {
        return fail(Error{ErrorCode::Unavailable, "too many logins at once; try again in a moment"});
    }
    auto user = users_.find_by_username(username);
    if (!user) {
        if (user.error().code != ErrorCode::NotFound) {
            return fail(user.error());
        }
        (void)verify_password(dummy_hash(options_.hash_cost), password);
        return fail(unauthenticated(kBadCredentials));
    }
    // The hash is verified first so that a deactivated account costs the same time as an active one, and it
    // gets the same answer as a wrong password: the login form does not confirm which accounts exist.
    if (!verify_password(user->password_hash, password) || user->deactivated_at) {
        return fail(unauthenticated(kBadCredentials));
    }

    const domain::TimestampMs now = now_ms();
    // Expired sessions are refused by find() anyway; pruning here only keeps the table small, so a failure
    // to prune must not block the login.
    (void)sessions_.remove_expired(now);

    LoginResult result{
        .session_token = generate_token(),
        .csrf_token = generate_token(),
        .user = std::move(*user),
        .expires_at = now + options_.session_lifetime_ms,
    };
    const domain::Session session{
        .token_hash = hash_token(result.session_token),
        .user_id = result.user.id,
        .csrf_token = result.csrf_token,
        .created_at = now,
        .expires_at = result.expires_at,
    };
    if (auto stored = sessions_.insert(session); !stored) {
        return fail(stored.error());
    }
    return result;
}

Result<void> AuthService::logout(const std::string& session_token) {
    if (session_token.empty()) {
        return ok();
    }
    const std::string token_hash = hash_token(session_token);
    principals_->erase(token_hash);
    return sessions_.remove(token_hash);
}

Result<Principal> AuthService::authenticate_session(const std::string& session_token) {
    if (session_token.empty()) {
        return fail(unauthenticated("no session"));
    }
    const domain::TimestampMs now = now_ms();
    const std::string token_hash = hash_token(session_token);
    if (auto cached = principals_->find(token_hash, now)) {
        return std::move(*cached);
    }
    auto session = sessions_.find(token_hash, now);
    if (!session) {
        if (session.error().code == ErrorCode::NotFound) {
            return fail(unauthenticated("session unknown or expired"));
        }
        return fail(session.error());
    }
    if (session->expires_at <= now) {
        return fail(unauthenticated("session unknown or expired"));
    }
    auto user = users_.find(session->user_id);
    if (!user) {
        if (user.error().code == ErrorCode::NotFound) {
            return fail(unauthenticated("session user no longer exists"));
        }
        return fail(user.error());
    }
    if (user->deactivated_at) {
        return fail(unauthenticated("the user is deactivated"));
    }
    Principal principal{.user = std::move(*user), .via_session = true, .csrf_token = std::move(session->csrf_token)};
    principals_->insert(token_hash, principal, session->expires_at, now);
    return principal;
}

Result<Principal> AuthService::authenticate_bearer(const std::string& token) {
    if (token.empty()) {
        return fail(unauthenticated("no token"));
    }
    const domain::TimestampMs now = now_ms();
    const std::string token_hash = hash_token(token);
    if (auto cached = principals_->find(token_hash, now)) {
        return std::move(*cached);
    }
    auto stored = api_tokens_.find(token_hash);
    if (!stored) {
        if (stored.error().code == ErrorCode::NotFound) {
            return fail(unauthenticated("unknown API token"));
        }
        return fail(stored.error());
    }
    auto user = users_.find(stored->user_id);
    if (!user) {
        if (user.error().code == ErrorCode::NotFound) {
            return fail(unauthenticated("token user no longer exists"));
        }
        return fail(user.error());
    }
    if (user->deactivated_at) {
        return fail(unauthenticated("the user is deactivated"));
    }
    Principal principal{.user = std::move(*user), .via_session = false, .api_token_name = stored->name};
    // API tokens do not expire; the cache's own time to live bounds how long a deleted token still works.
    principals_->insert(token_hash, principal, std::numeric_limits<domain::TimestampMs>::max(), now);
    return principal;
}

Result<std::string> AuthService::create_api_token(domain::UserId user_id, const std::string& name) {
    if (auto user = users_.find(user_id); !user) {
        return fail(user.error());
    }
    std::string token = generate_token();
    const domain::ApiToken record{
        .token_hash = hash_token(token),
        .user_id = user_id,
        .name = name,
        .created_at = now_ms(),
    };
    if (auto stored = api_tokens_.insert(record); !stored) {
        return fail(stored.error());
    }
    return token;
}

Result<domain::User> AuthService::create_user(
    const std::string& username, const std::string& display_name, const std::string& password, bool is_admin
) {
    FieldErrors problems;
    if (auto problem = username_problem(username)) {
        problems["username"] = *problem;
    }
    if (auto problem = password_problem(password)) {
        problems["password"] = *problem;
    }
    if (!problems.empty()) {
        return fail(Error::invalid("invalid user", std::move(problems)));
    }

    auto password_hash = hash_with_slot(password, options_.hash_cost);
    if (!password_hash) {
        return fail(password_hash.error());
    }
    const domain::User user{
        .username = username,
        .display_name = display_name.empty() ? username : display_name,
        .password_hash = std::move(*password_hash),
        .is_admin = is_admin,
        .created_at = now_ms(),
    };
    return users_.insert(user);
}

Result<void> AuthService::set_password(const std::string& username, const std::string& password) {
    if (auto problem = password_problem(password)) {
        return fail(Error::invalid_field("password", *problem));
    }
    auto user = users_.find_by_username(username);
    if (!user) {
        return fail(user.error());
    }
    auto password_hash = hash_with_slot(password, options_.hash_cost);
    if (!password_hash) {
        return fail(password_hash.error());
    }
    // The store ends the user's sessions in the same transaction. API tokens stay: they are separate
    // credentials, created on purpose, and have no password in them.
    auto stored = users_.set_password_hash(user->id, *password_hash);
    principals_->erase_user(user->id);
    return stored;
}

Result<std::optional<std::string>> AuthService::ensure_admin(const std::optional<std::string>& password) {
    auto user_count = users_.count();
    if (!user_count) {
        return fail(user_count.error());
    }
    if (*user_count > 0) {
        return std::optional<std::string>{};
    }
    std::optional<std::string> generated;
    if (!password) {
        generated = generate_password(kGeneratedPasswordLength);
    }
    auto admin = create_user(kAdminUsername, "Administrator", password ? *password : *generated, true);
    if (!admin) {
        return fail(admin.error());
    }
    return generated;
}

bool secrets_equal(const std::string& a, const std::string& b) {
    ensure_sodium_initialized();
    // sodium_memcmp is constant-time for a given length; the length of a token is not a secret.
    // An empty secret is never a valid one, so two empty strings must not authorise anything.
    if (a.size() != b.size() || a.empty()) {
        return false;
    }
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kartoteka::auth
