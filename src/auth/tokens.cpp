#include "auth/tokens.hpp"

#include <array>

#include <sodium.h>

#include "auth/password.hpp"

namespace kartoteka::auth {

namespace {

constexpr std::string_view kPasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

}  // namespace

std::string generate_token() {
    ensure_sodium_initialized();
    std::array<unsigned char, kTokenBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());

    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string encoded(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
    encoded.resize(encoded.find('\0'));
    sodium_memzero(bytes.data(), bytes.size());
    return encoded;
}

std::string generate_password(std::size_t length) {
    ensure_sodium_initialized();
    std::string password(length, '\0');
    for (char& character : password) {
        // randombytes_uniform avoids the modulo bias of `random % alphabet_size`.
        character = kPasswordAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kPasswordAlphabet.size()))];
    }
    return password;
}

std::string hash_token(std::string_view token) {
    ensure_sodium_initialized();
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(
        digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0
    );
    std::string hex(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
}

}  // namespace kartoteka::auth
