#include "auth/tokens.hpp"

#include <set>

#include <gtest/gtest.h>

#include "auth/auth_service.hpp"

namespace kartoteka::auth {
namespace {

bool is_base64url(const std::string& text) {
    for (char character : text) {
        const bool allowed = (character >= 'A' && character <= 'Z') || (character >= 'a' && character <= 'z') ||
                             (character >= '0' && character <= '9') || character == '-' || character == '_';
        if (!allowed) {
            return false;
        }
    }
    return true;
}

TEST(Token, IsBase64UrlOf32BytesWithoutPadding) {
    const std::string token = generate_token();
    EXPECT_EQ(token.size(), 43u);  // ceil(32 * 4 / 3) without '=' padding
    EXPECT_TRUE(is_base64url(token)) << token;
}

TEST(Token, IsUniqueAcrossManyCalls) {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        seen.insert(generate_token());
    }
    EXPECT_EQ(seen.size(), 10000u);
}

TEST(TokenHash, IsStableLowerCaseHex) {
    const std::string hash = hash_token("abc");
    EXPECT_EQ(hash.size(), 64u);
    EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos) << hash;
    EXPECT_EQ(hash, hash_token("abc"));
}

TEST(TokenHash, MatchesBlake2b256TestVector) {
    // BLAKE2b-256("abc") from the reference implementation's test vectors.
    EXPECT_EQ(hash_token("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(TokenHash, DiffersFromTheTokenAndBetweenTokens) {
    const std::string token = generate_token();
    EXPECT_NE(hash_token(token), token);
    EXPECT_NE(hash_token(token), hash_token(generate_token()));
}

TEST(GeneratedPassword, HasRequestedLengthAndAlphanumericCharacters) {
    const std::string password = generate_password(20);
    EXPECT_EQ(password.size(), 20u);
    EXPECT_EQ(
        password.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), std::string::npos
    ) << password;
    EXPECT_NE(password, generate_password(20));
}

TEST(SecretsEqual, AcceptsEqualSecrets) {
    const std::string token = generate_token();
    EXPECT_TRUE(secrets_equal(token, std::string(token)));
}

TEST(SecretsEqual, RejectsDifferentSecretsOfEqualLength) {
    EXPECT_FALSE(secrets_equal("abcdef", "abcdeg"));
    EXPECT_FALSE(secrets_equal("xbcdef", "abcdef"));
}

TEST(SecretsEqual, RejectsDifferentLengths) {
    EXPECT_FALSE(secrets_equal("abc", "abcd"));
    EXPECT_FALSE(secrets_equal("abcd", "abc"));
}

TEST(SecretsEqual, RejectsEmptySecrets) {
    EXPECT_FALSE(secrets_equal("", ""));
    EXPECT_FALSE(secrets_equal("", "abc"));
}

}  // namespace
}  // namespace kartoteka::auth
