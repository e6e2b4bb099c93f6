#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/customer.hpp"

namespace kartoteka::domain {

struct User {
    UserId id = 0;
    std::string username = {};
    std::string display_name = {};
    std::string password_hash = {};  // argon2id, libsodium's crypto_pwhash_str format
    bool is_admin = false;
    TimestampMs created_at = 0;
    /// Set while the user is deactivated: no login, no new assignments; their records and history stay.
    std::optional<TimestampMs> deactivated_at = std::nullopt;
};

/// A browser login. The cookie carries a random token; only its hash is stored.
struct Session {
    std::string token_hash = {};
    UserId user_id = 0;
    std::string csrf_token = {};  // sent back by the browser in X-CSRF-Token on writes
    TimestampMs created_at = 0;
    TimestampMs expires_at = 0;
};

/// A bearer token for scripts. Only its hash is stored; the token itself is shown once.
struct ApiToken {
    std::int64_t id = 0;
    std::string token_hash = {};
    UserId user_id = 0;
    std::string name = {};
    TimestampMs created_at = 0;
};

}  // namespace kartoteka::domain
