#include "importer/cell_values.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace kartoteka::importer {

namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

DateKind combine(bool date, bool time) {
    if (date && time) {
        return DateKind::DateTime;
    }
    if (date) {
        return DateKind::Date;
    }
    return time ? DateKind::Time : DateKind::None;
}

}  // namespace

DateKind classify_format_code(std::string_view code) {
    // Only the first section (positive numbers) decides; the others rarely differ in kind.
    bool has_date = false;
    bool has_time = false;
    bool has_month_or_minute = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        char c = lower(code[i]);
        if (c == ';') {
            break;
        }
        if (c == '"') {
            std::size_t close = code.find('"', i + 1);
            if (close == std::string_view::npos) {
                break;
            }
            i = close;
            continue;
        }
        if (c == '\\' || c == '_' || c == '*') {
            ++i;  // escaped literal, padding or fill character
            continue;
        }
        if (c == '[') {
            std::size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos) {
                break;
            }
            std::string_view inside = code.substr(i + 1, close - i - 1);
            // [h], [mm], [ss]: elapsed time. Anything else ([$-405], [Red], [>100]) is not a date letter.
            if (!inside.empty() && (lower(inside[0]) == 'h' || lower(inside[0]) == 'm' || lower(inside[0]) == 's') &&
                inside.find_first_not_of("hHmMsS") == std::string_view::npos) {
                has_time = true;
            }
            i = close;
            continue;
        }
        if (c == 'a' && (code.substr(i, 5) == "AM/PM" || code.substr(i, 5) == "am/pm")) {
            has_time = true;
            i += 4;
            continue;
        }
        if (c == 'g' && (code.substr(i, 7) == "General" || code.substr(i, 7) == "general")) {
            i += 6;
            continue;
        }
        if (c == 'd' || c == 'y') {
            has_date = true;
        } else if (c == 'h' || c == 's') {
            has_time = true;
        } else if (c == 'm') {
            has_month_or_minute = true;
        }
    }
    if (has_month_or_minute && !has_date && !has_time) {
        has_date = true;  // "mmm", "mm/yy"-less month-only formats
    }
    return combine(has_date, has_time);
}

DateKind classify_builtin_format(std::uint32_t id) {
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) {
        return DateKind::Date;
    }
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) {
        return DateKind::Time;
    }
    if (id == 22) {
        return DateKind::DateTime;
    }
    return DateKind::None;
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    // Howard Hinnant's algorithm.
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

Cell serial_to_cell(double serial, DateKind kind, DateSystem system) {
    Cell cell;
    cell.type = CellType::Number;
    cell.number = serial;
    cell.text = number_text(serial);
    // 2958465 is 9999-12-31, the last day Excel knows; negative serials are not dates in either system.
    if (kind == DateKind::None || !std::isfinite(serial) || serial < 0 || serial >= 2958466) {
        return cell;
    }
    auto whole_seconds = static_cast<std::int64_t>(std::llround(serial * 86400.0));
    std::int64_t day_serial = whole_seconds / 86400;
    std::int64_t second_of_day = whole_seconds % 86400;

    char date_text[16] = {};
    if (system == DateSystem::Excel1900 && day_serial == 60) {
        std::snprintf(date_text, sizeof date_text, "1900-02-29");  // Lotus 1-2-3's leap-year bug, kept by Excel
    } else {
        std::int64_t days = 0;
        if (system == DateSystem::Excel1904) {
            days = days_from_civil(1904, 1, 1) + day_serial;
        } else if (day_serial < 60) {
            days = days_from_civil(1899, 12, 31) + day_serial;
        } else {
            days = days_from_civil(1899, 12, 30) + day_serial;
        }
        std::int64_t year = 0;
        unsigned month = 0;
        unsigned day = 0;
        civil_from_days(days, year, month, day);
        std::snprintf(date_text, sizeof date_text, "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
    }
    char time_text[16] = {};
    std::snprintf(
        time_text,
        sizeof time_text,
        "%02lld:%02lld:%02lld",
        static_cast<long long>(second_of_day / 3600),
        static_cast<long long>(second_of_day / 60 % 60),
        static_cast<long long>(second_of_day % 60)
    );

    if (kind == DateKind::Time && day_serial == 0) {
        cell.type = CellType::Time;
        cell.text = time_text;
    } else if (kind == DateKind::Date) {
        cell.type = CellType::Date;
        cell.text = date_text;
    } else {
        cell.type = CellType::DateTime;
        cell.text = std::string(date_text) + "T" + time_text;
    }
    return cell;
}

std::string number_text(double value) {
    std::array<char, 64> buffer{};
    // Fixed notation for the range people type ("200000", not "2e+05"); the shortest form elsewhere.
    double magnitude = std::fabs(value);
    bool fixed = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15);
    auto [end, error] =
        fixed ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed)
              : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (error != std::errc()) {
        return "0";
    }
    return std::string(buffer.data(), end);
}

std::optional<double> parse_number(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '+')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

bool append_bounded(std::string& out, std::string_view text, std::size_t max_bytes) {
    if (out.size() + text.size() > max_bytes) {
        return false;
    }
    out.append(text);
    return true;
}

}  // namespace kartoteka::importer
