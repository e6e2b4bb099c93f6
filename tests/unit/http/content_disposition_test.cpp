#include "http/content_disposition.hpp"

#include <gtest/gtest.h>

namespace kartoteka::http {
namespace {

TEST(ContentDisposition, CzechNameGetsAsciiFallbackAndExactUtf8Name) {
    EXPECT_EQ(
        content_disposition("attachment", "Smlouva č. 12 – Žluťoučký kůň.pdf"),
        "attachment; filename=\"Smlouva c. 12 - Zlutoucky kun.pdf\"; "
        "filename*=UTF-8''Smlouva%20%C4%8D.%2012%20%E2%80%93%20%C5%BDlu%C5%A5ou%C4%8Dk%C3%BD%20k%C5%AF%C5%88.pdf"
    );
}

TEST(ContentDisposition, QuotesBackslashesAndControlCharactersCannotBreakTheHeader) {
    const auto header = content_disposition("inline", "a\"b\\c\r\nd.txt");
    EXPECT_EQ(header, "inline; filename=\"a_b_c__d.txt\"; filename*=UTF-8''a%22b_c%0D%0Ad.txt");
    EXPECT_EQ(header.find('\r'), std::string::npos);
    EXPECT_EQ(header.find('\n'), std::string::npos);
}

TEST(ContentDisposition, PathSeparatorsNeverSurvive) {
    const auto header = content_disposition("attachment", "../etc/passwd");
    EXPECT_EQ(header, "attachment; filename=\".._etc_passwd\"; filename*=UTF-8''.._etc_passwd");
}

TEST(ContentDisposition, NameWithoutAsciiSpellingStillHasAFallback) {
    const auto header = content_disposition("attachment", "😀");
    EXPECT_EQ(header, "attachment; filename=\"_\"; filename*=UTF-8''%F0%9F%98%80");
}

}  // namespace
}  // namespace kartoteka::http
