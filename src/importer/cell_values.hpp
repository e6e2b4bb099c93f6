#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "importer/sheet_reader.hpp"

namespace kartoteka::importer {

/// What a number format makes of a number: plain, or a date, a time or both.
enum class DateKind : std::uint8_t { None, Date, Time, DateTime };

/// Classifies an Excel number format code: date/time letters (d, m, y, h, s) outside quoted text, brackets
/// (except elapsed-time [h]/[m]/[s]) and escaped characters make it a date or time.
DateKind classify_format_code(std::string_view code);
/// The kind of Excel's built-in number formats (ids 14–22 and 45–47, plus the locale date formats 27–36, 50–58).
DateKind classify_builtin_format(std::uint32_t id);

enum class DateSystem { Excel1900, Excel1904 };

/// Turns a spreadsheet serial number into a Date/DateTime/Time cell. The 1900 system keeps Excel's fictitious
/// 1900-02-29 (serial 60) so that every later serial maps to the day Excel shows. Out-of-range serials stay
/// numbers.
Cell serial_to_cell(double serial, DateKind kind, DateSystem system);

/// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day);

/// The shortest text that reads back as the same double ("250000", "1855105.15").
std::string number_text(double value);
std::optional<double> parse_number(std::string_view text);

/// Appends `text` to `out` unless that makes `out` longer than `max_bytes`; false when it would.
bool append_bounded(std::string& out, std::string_view text, std::size_t max_bytes);

}  // namespace kartoteka::importer
