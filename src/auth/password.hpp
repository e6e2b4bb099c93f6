#pragma once

#include <string>
#include <string_view>

#include "auth/auth_service.hpp"
#include "domain/error.hpp"

// Password hashing with libsodium's argon2id (crypto_pwhash_str format, which embeds salt and cost).
namespace kartoteka::auth {

/// Initialises libsodium once per process; safe to call from any thread, any number of times.
/// Throws std::runtime_error when libsodium cannot initialise (no usable random source).
void ensure_sodium_initialized();

/// Internal when the hash cannot be computed (out of memory).
Result<std::string> hash_password(std::string_view password, HashCost cost);

/// True when `password` matches `password_hash`; false for a mismatch and for a malformed hash.
bool verify_password(std::string_view password_hash, std::string_view password);

}  // namespace kartoteka::auth
