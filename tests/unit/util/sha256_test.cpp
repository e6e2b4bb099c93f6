#include "util/sha256.hpp"

#include <gtest/gtest.h>

namespace kartoteka::util {
namespace {

TEST(Sha256, MatchesTheFips180TestVectors) {
    Sha256 empty;
    EXPECT_EQ(empty.hex_digest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    Sha256 abc;
    abc.update("abc");
    EXPECT_EQ(abc.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, ChunkedInputHashesLikeOneBlock) {
    const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    Sha256 chunked;
    for (std::size_t i = 0; i < text.size(); i += 7) {
        chunked.update(std::string_view(text).substr(i, 7));
    }
    EXPECT_EQ(chunked.hex_digest(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace kartoteka::util
