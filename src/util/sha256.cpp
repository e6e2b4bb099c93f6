#include "util/sha256.hpp"

#include <stdexcept>

#include <openssl/evp.h>

namespace kartoteka::util {

struct Sha256::Context {
    EVP_MD_CTX* digest = nullptr;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
    context_->digest = EVP_MD_CTX_new();
    if (context_->digest == nullptr || EVP_DigestInit_ex(context_->digest, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(context_->digest);
        throw std::runtime_error("OpenSSL SHA-256 is unavailable");
    }
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(context_->digest);
}

void Sha256::update(std::string_view bytes) {
    if (EVP_DigestUpdate(context_->digest, bytes.data(), bytes.size()) != 1) {
        throw std::runtime_error("OpenSSL SHA-256 update failed");
    }
}

std::string Sha256::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_->digest, digest, &length) != 1) {
        throw std::runtime_error("OpenSSL SHA-256 final failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0F]);
    }
    return hex;
}

}  // namespace kartoteka::util
