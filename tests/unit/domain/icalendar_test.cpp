#include "domain/icalendar.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/text.hpp"
#include "util/time.hpp"

namespace kartoteka::domain::icalendar {
namespace {

TimestampMs at(const char* rfc3339) {
    return util::parse_rfc3339(rfc3339).value();
}

/// Physical lines of a folded text, without their CRLF; fails when a line break is not CRLF.
std::vector<std::string> physical_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        EXPECT_NE(end, std::string::npos) << "text does not end with CRLF";
        if (end == std::string::npos) {
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

std::string unfold(const std::string& text) {
    std::string unfolded;
    for (const auto& line : physical_lines(text)) {
        unfolded += line.starts_with(" ") ? line.substr(1) : (unfolded.empty() ? line : "\n" + line);
    }
    return unfolded;
}

TEST(IcalendarEscape, EscapesTextSpecials) {
    EXPECT_EQ(escape_text("a\\b;c,d"), "a\\\\b\\;c\\,d");
    EXPECT_EQ(escape_text("first\nsecond\r\nthird\rfourth"), "first\\nsecond\\nthird\\nfourth");
    EXPECT_EQ(escape_text("tab\there"), "tab\there");
    EXPECT_EQ(escape_text(std::string("bell\x07") + "x"), "bellx");
    EXPECT_EQ(escape_text("Příliš žluťoučký kůň: \"úpěl\""), "Příliš žluťoučký kůň: \"úpěl\"");
}

TEST(IcalendarFold, LeavesSeventyFiveOctetsAlone) {
    const std::string line = "SUMMARY:" + std::string(67, 'x');
    ASSERT_EQ(line.size(), 75u);
    EXPECT_EQ(fold_line(line), line + "\r\n");
}

TEST(IcalendarFold, FoldsLongAsciiLinesAtSeventyFiveOctets) {
    const std::string line = "DESCRIPTION:" + std::string(200, 'a');
    const auto folded = fold_line(line);
    const auto lines = physical_lines(folded);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].size(), 75u);
    EXPECT_EQ(lines[1].size(), 75u);
    EXPECT_EQ(lines[1][0], ' ');
    EXPECT_EQ(lines[2][0], ' ');
    EXPECT_EQ(unfold(folded), line);
}

TEST(IcalendarFold, NeverSplitsAUtf8Character) {
    std::string line = "SUMMARY:";
    for (int i = 0; i < 60; ++i) {
        line += "č";  // 2 octets; the 75-octet boundary falls inside one at the odd offset 8 + 67
    }
    const auto folded = fold_line(line);
    for (const auto& physical : physical_lines(folded)) {
        EXPECT_LE(physical.size(), 75u);
        EXPECT_TRUE(util::is_valid_utf8(physical)) << physical;
    }
    EXPECT_EQ(unfold(folded), line);
    EXPECT_EQ(physical_lines(folded)[0].size(), 74u);  // backed off one octet to keep "č" whole
}

TEST(IcalendarFormat, WritesUtcBasicFormat) {
    EXPECT_EQ(format_utc(at("2026-11-27T10:05:09.999Z")), "20261127T100509Z");
}

CalendarItems sample_items() {
    CalendarItems items;
    items.user_display_name = "Jana Nováková";
    items.tasks.push_back(Task{
        .id = 7,
        .customer_id = 3,
        .customer_name = "Pekárna, s.r.o.",
        .title = "Poslat nabídku; ceník",
        .due_date = "2026-12-01",
        .created_at = at("2026-11-20T08:00:00Z"),
        .updated_at = at("2026-11-21T08:00:00Z"),
    });
    items.tasks.push_back(Task{
        .id = 8,
        .customer_id = 3,
        .customer_name = "Pekárna, s.r.o.",
        .title = "Zavolat",
        .due_date = "2026-12-02",
        .due_time = "14:30",
        .priority = TaskPriority::High,
        .status = TaskStatus::Done,
        .created_at = at("2026-11-20T08:00:00Z"),
        .updated_at = at("2026-11-21T08:00:00Z"),
        .completed_at = at("2026-11-21T08:00:00Z"),
    });
    items.meetings.push_back(Meeting{
        .note_id = 11,
        .customer_id = 3,
        .customer_name = "Pekárna, s.r.o.",
        .subject = "Schůzka o dodávkách",
        .place = "Praha 2",
        .occurred_at = at("2026-11-25T09:00:00Z"),
        .updated_at = at("2026-11-25T12:00:00Z"),
    });
    return items;
}

TEST(IcalendarFeed, WritesTodosAndEventsWithStableUids) {
    const auto feed = write_feed(sample_items(), at("2026-11-27T10:00:00Z"));
    const auto lines = physical_lines(feed);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");
    std::size_t line_feeds = 0;
    for (std::size_t i = 0; i < feed.size(); ++i) {
        if (feed[i] == '\n') {
            ++line_feeds;
            EXPECT_TRUE(i > 0 && feed[i - 1] == '\r') << "bare LF at " << i;
        }
    }
    EXPECT_EQ(line_feeds, lines.size());
    const auto has = [&](const std::string& wanted) {
        return std::find(lines.begin(), lines.end(), wanted) != lines.end();
    };
    EXPECT_TRUE(has("VERSION:2.0"));
    EXPECT_TRUE(has("BEGIN:VTODO"));
    EXPECT_TRUE(has("UID:task-7@kartoteka"));
    EXPECT_TRUE(has("DTSTART;VALUE=DATE:20261201"));
    EXPECT_TRUE(has("DUE;VALUE=DATE:20261201"));
    EXPECT_TRUE(has("SUMMARY:Poslat nabídku\\; ceník"));
    EXPECT_TRUE(has("DESCRIPTION:Pekárna\\, s.r.o."));
    EXPECT_TRUE(has("STATUS:NEEDS-ACTION"));
    EXPECT_TRUE(has("DTSTAMP:20261121T080000Z"));
    // 14:30 in Prague in December is 13:30 UTC.
    EXPECT_TRUE(has("UID:task-8@kartoteka"));
    EXPECT_TRUE(has("DTSTART:20261202T133000Z"));
    EXPECT_TRUE(has("STATUS:COMPLETED"));
    EXPECT_TRUE(has("PRIORITY:1"));
    EXPECT_TRUE(has("BEGIN:VEVENT"));
    EXPECT_TRUE(has("UID:note-11@kartoteka"));
    EXPECT_TRUE(has("DTSTART:20261125T090000Z"));
    EXPECT_TRUE(has("LOCATION:Praha 2"));
    for (const auto& line : lines) {
        EXPECT_LE(line.size(), 75u) << line;
    }
}

TEST(IcalendarFeed, IsTheSameWhenNothingChanged) {
    // DTSTAMP comes from the record, not from the clock, so polling clients see identical data.
    EXPECT_EQ(
        write_feed(sample_items(), at("2026-11-27T10:00:00Z")), write_feed(sample_items(), at("2026-11-28T10:00:00Z"))
    );
}

}  // namespace
}  // namespace kartoteka::domain::icalendar
