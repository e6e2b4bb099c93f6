#include "auth/principal_cache.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace kartoteka::auth {

PrincipalCache::PrincipalCache(domain::TimestampMs time_to_live_ms, std::size_t capacity)
    : time_to_live_ms_(time_to_live_ms),
      capacity_(capacity) {}

std::optional<Principal> PrincipalCache::find(const std::string& token_hash, domain::TimestampMs now) const {
    std::shared_lock lock(mutex_);
    const auto found = entries_.find(token_hash);
    if (found == entries_.end() || found->second.valid_until <= now) {
        return std::nullopt;
    }
    return found->second.principal;
}

void PrincipalCache::insert(
    const std::string& token_hash,
    const Principal& principal,
    domain::TimestampMs credential_expires_at,
    domain::TimestampMs now
) {
    std::unique_lock lock(mutex_);
    if (entries_.size() >= capacity_) {
        // Crude but bounded: the cache refills from the store within one request per active client.
        entries_.clear();
    }
    entries_.insert_or_assign(
        token_hash,
        Entry{.principal = principal, .valid_until = std::min(credential_expires_at, now + time_to_live_ms_)}
    );
}

void PrincipalCache::erase(const std::string& token_hash) {
    std::unique_lock lock(mutex_);
    entries_.erase(token_hash);
}

void PrincipalCache::erase_user(domain::UserId user_id) {
    std::unique_lock lock(mutex_);
    std::erase_if(entries_, [user_id](const auto& entry) { return entry.second.principal.user.id == user_id; });
}

}  // namespace kartoteka::auth
