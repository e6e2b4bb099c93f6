#pragma once

#include <cstddef>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "auth/auth_service.hpp"

namespace kartoteka::auth {

/// Remembers who a session or bearer token belongs to for a short time, so an authenticated request
/// costs no store round trip (two reads before: the session and its user). Logout evicts at once;
/// changes made by another process (the CLI) are seen after at most `time_to_live_ms`.
class PrincipalCache {
public:
    PrincipalCache(domain::TimestampMs time_to_live_ms, std::size_t capacity);

    /// The principal stored under token_hash, unless it is older than the time to live or its
    /// credential expires before `now`.
    std::optional<Principal> find(const std::string& token_hash, domain::TimestampMs now) const;
    void insert(
        const std::string& token_hash,
        const Principal& principal,
        domain::TimestampMs credential_expires_at,
        domain::TimestampMs now
    );
    void erase(const std::string& token_hash);
    /// Forgets every credential of the user (after a password change ended their sessions).
    void erase_user(domain::UserId user_id);

private:
    struct Entry {
        Principal principal;
        domain::TimestampMs valid_until = 0;
    };

    domain::TimestampMs time_to_live_ms_;
    std::size_t capacity_;
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace kartoteka::auth
