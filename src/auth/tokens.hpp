#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Random secrets (session, CSRF and API tokens, generated passwords) and the one-way form that is stored.
namespace kartoteka::auth {

/// Bytes of randomness in every token.
inline constexpr std::size_t kTokenBytes = 32;

/// kTokenBytes random bytes as base64url without padding (43 characters of [A-Za-z0-9_-]).
std::string generate_token();

/// A random password of exactly `length` characters of [A-Za-z0-9], for the first admin.
std::string generate_password(std::size_t length);

/// BLAKE2b-256 of the token as 64 lower-case hex digits: what the store keeps instead of the token.
std::string hash_token(std::string_view token);

}  // namespace kartoteka::auth
