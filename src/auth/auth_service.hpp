#pragma once

#include <memory>
#include <optional>
#include <string>

#include "domain/customer.hpp"
#include "domain/error.hpp"
#include "domain/repositories.hpp"
#include "domain/user.hpp"

namespace kartoteka::auth {

/// argon2id cost. Interactive is the production default (~0.2 s, 64 MiB); Minimal is for tests only.
enum class HashCost { Interactive, Minimal };

struct AuthOptions {
    HashCost hash_cost = HashCost::Interactive;
    std::int64_t session_lifetime_ms = 12LL * 3600 * 1000;  // sliding is not needed yet: 12 h absolute
    /// How long a resolved session or token is trusted without asking the store again.
    std::int64_t principal_cache_ms = 30'000;
    /// How long a login waits for one of the process-wide password hashing slots before it gets Unavailable.
    std::int64_t hash_slot_wait_ms = 2'000;
};

/// Who is calling. via_session = cookie login (then writes need the CSRF token); else a bearer token.
struct Principal {
    domain::User user;
    bool via_session = false;
    std::string csrf_token = {};
    std::string api_token_name = {};  // set when authenticated by a bearer token (the history names it)
};

struct LoginResult {
    std::string session_token;  // goes into the HttpOnly cookie, never into JSON
    std::string csrf_token;
    domain::User user;
    domain::TimestampMs expires_at = 0;
};

class PrincipalCache;

class AuthService {
public:
    AuthService(
        domain::UserRepository& users,
        domain::SessionRepository& sessions,
        domain::ApiTokenRepository& api_tokens,
        AuthOptions options = {}
    );
    ~AuthService();
    AuthService(const AuthService&) = delete;
    AuthService& operator=(const AuthService&) = delete;

    /// Unauthenticated with one message for unknown user and wrong password alike; Unavailable when too many
    /// password checks are already running (the caller should answer 503 with Retry-After).
    Result<LoginResult> login(const std::string& username, const std::string& password);
    Result<void> logout(const std::string& session_token);
    /// Unauthenticated when the token is unknown or expired.
    Result<Principal> authenticate_session(const std::string& session_token);
    Result<Principal> authenticate_bearer(const std::string& token);
    /// Returns the raw bearer token, shown once; only its hash is stored.
    Result<std::string> create_api_token(domain::UserId user_id, const std::string& name);

    /// InvalidArgument for an empty username or a password shorter than 8 characters; AlreadyExists.
    Result<domain::User> create_user(
        const std::string& username, const std::string& display_name, const std::string& password, bool is_admin
    );
    /// Also ends every session of the user, so a leaked or shared password stops working at once.
    Result<void> set_password(const std::string& username, const std::string& password);
    /// On a store with no users, creates the admin "admin" with `password` or, when absent, a random one.
    /// Returns the generated password (to print once), or nullopt when none was generated.
    Result<std::optional<std::string>> ensure_admin(const std::optional<std::string>& password);

private:
    domain::UserRepository& users_;
    domain::SessionRepository& sessions_;
    domain::ApiTokenRepository& api_tokens_;
    AuthOptions options_;
    std::unique_ptr<PrincipalCache> principals_;
};

/// Constant-time comparison for secrets (CSRF tokens).
bool secrets_equal(const std::string& a, const std::string& b);

}  // namespace kartoteka::auth
