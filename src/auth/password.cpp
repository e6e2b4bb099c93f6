#include "auth/password.hpp"

#include <stdexcept>

#include <sodium.h>

namespace kartoteka::auth {

void ensure_sodium_initialized() {
    // A function-local static is initialised exactly once even when threads race here (C++11 magic statics).
    static const bool initialized = sodium_init() >= 0;
    if (!initialized) {
        throw std::runtime_error("libsodium failed to initialise");
    }
}

Result<std::string> hash_password(std::string_view password, HashCost cost) {
    ensure_sodium_initialized();
    const bool minimal = cost == HashCost::Minimal;
    const unsigned long long opslimit = minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const std::size_t memlimit = minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;

    char hashed[crypto_pwhash_STRBYTES] = {};
    if (crypto_pwhash_str_alg(
            hashed, password.data(), password.size(), opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13
        ) != 0) {
        return fail(Error::internal("password hashing ran out of memory"));
    }
    return std::string(hashed);
}

bool verify_password(std::string_view password_hash, std::string_view password) {
    ensure_sodium_initialized();
    // crypto_pwhash_str_verify wants a NUL-terminated hash that fits its fixed-size buffer.
    if (password_hash.empty() || password_hash.size() >= crypto_pwhash_STRBYTES) {
        return false;
    }
    const std::string terminated(password_hash);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace kartoteka::auth
