#include "domain/vcard.hpp"

#include <string>

#include <gtest/gtest.h>

namespace kartoteka::domain {
namespace {

TEST(Vcard, EscapesCommaSemicolonBackslashAndNewlines) {
    EXPECT_EQ(escape_vcard_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
}

TEST(Vcard, ShortLineIsNotFolded) {
    EXPECT_EQ(fold_vcard_line("FN:Jan Novák"), "FN:Jan Novák\r\n");
}

TEST(Vcard, FoldsAt75OctetsWithLeadingSpace) {
    const std::string line = "NOTE:" + std::string(200, 'x');
    const auto folded = fold_vcard_line(line);
    std::string unfolded;
    std::size_t start = 0;
    while (start < folded.size()) {
        const auto end = folded.find("\r\n", start);
        ASSERT_NE(end, std::string::npos);
        const auto physical = folded.substr(start, end - start);
        EXPECT_LE(physical.size(), 75U);
        unfolded += start == 0 ? physical : physical.substr(1);
        if (start != 0) {
            EXPECT_EQ(physical.front(), ' ');
        }
        start = end + 2;
    }
    EXPECT_EQ(unfolded, line);
}

TEST(Vcard, FoldingNeverSplitsAUtf8Sequence) {
    // "ž" is two octets; with a 4-octet prefix a naive cut at 75 would fall inside one.
    std::string line = "FN:x";
    for (int i = 0; i < 100; ++i) {
        line += "ž";
    }
    const auto folded = fold_vcard_line(line);
    std::size_t start = 0;
    while (start < folded.size()) {
        const auto end = folded.find("\r\n", start);
        const auto physical = folded.substr(start, end - start);
        EXPECT_LE(physical.size(), 75U);
        // No line ends with a lead byte nor starts (after the space) with a continuation byte.
        EXPECT_NE(static_cast<unsigned char>(physical.back()) & 0xc0, 0xc0) << physical;
        const char first = start == 0 ? physical.front() : physical[1];
        EXPECT_NE(static_cast<unsigned char>(first) & 0xc0, 0x80);
        start = end + 2;
    }
}

TEST(Vcard, ContactCardHasTheRequiredProperties) {
    const Contact contact{
        .id = 5,
        .name = "Jan Novák",
        .role = "jednatel",
        .email = "jan@pekarna.cz",
        .phone = "+420777123456",
        .note = "Volat ráno; ne v pátek",
    };
    EXPECT_EQ(
        contact_vcard(contact, "Pekárna, s.r.o."),
        "BEGIN:VCARD\r\n"
        "VERSION:4.0\r\n"
        "FN:Jan Novák\r\n"
        "N:Novák;Jan;;;\r\n"
        "ORG:Pekárna\\, s.r.o.\r\n"
        "ROLE:jednatel\r\n"
        "EMAIL:jan@pekarna.cz\r\n"
        "TEL;VALUE=uri:tel:+420777123456\r\n"
        "NOTE:Volat ráno\\; ne v pátek\r\n"
        "END:VCARD\r\n"
    );
}

TEST(Vcard, EmptyFieldsAreLeftOut) {
    const auto card = contact_vcard(Contact{.name = "Eva"}, "");
    EXPECT_EQ(card, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Eva\r\nN:Eva;;;;\r\nEND:VCARD\r\n");
}

}  // namespace
}  // namespace kartoteka::domain
