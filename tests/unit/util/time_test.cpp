#include "util/time.hpp"

#include <gtest/gtest.h>

namespace kartoteka::util {
namespace {

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
    EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(format_rfc3339(1'795'800'317'123), "2026-11-27T17:25:17.123Z");
}

TEST(Rfc3339, ParsesWhatItFormats) {
    for (const std::int64_t millis : {0LL, 1LL, 1'795'800'317'123LL, 951'782'400'999LL}) {
        EXPECT_EQ(parse_rfc3339(format_rfc3339(millis)), millis) << millis;
    }
}

TEST(Rfc3339, ParsesOffsets) {
    EXPECT_EQ(parse_rfc3339("2026-11-27T18:25:17.123+01:00"), 1'795'800'317'123);
    EXPECT_EQ(parse_rfc3339("2026-11-27T17:25:17Z"), 1'795'800'317'000);
}

TEST(Rfc3339, RejectsMalformedText) {
    EXPECT_EQ(parse_rfc3339("yesterday"), std::nullopt);
    EXPECT_EQ(parse_rfc3339(""), std::nullopt);
    EXPECT_EQ(parse_rfc3339("2026-13-45T00:00:00Z"), std::nullopt);
}

}  // namespace
}  // namespace kartoteka::util
