#pragma once

#include <string>
#include <string_view>

#include "domain/calendar_feed.hpp"

// A pure RFC 5545 writer: no I/O, so its escaping and line folding are unit-tested byte for byte.
namespace kartoteka::domain::icalendar {

/// TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon and comma get a backslash, line breaks become
/// "\n"; other control characters are dropped.
std::string escape_text(std::string_view text);

/// One content line folded to at most 75 octets per physical line (RFC 5545 3.1), never inside a UTF-8
/// sequence, each physical line ended with CRLF; continuation lines start with one space.
std::string fold_line(std::string_view line);

/// 20261127T100000Z.
std::string format_utc(TimestampMs instant);

/// The whole VCALENDAR: one VTODO per task (all-day ones as VALUE=DATE, timed ones in UTC), one VEVENT per
/// meeting. UIDs are stable per task and per note, so calendar apps update entries instead of duplicating them.
std::string write_feed(const CalendarItems& items, TimestampMs now);

}  // namespace kartoteka::domain::icalendar
