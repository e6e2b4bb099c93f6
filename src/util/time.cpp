#include "util/time.hpp"

#include <chrono>
#include <cstdio>
#include <sstream>

// date.h's parser keeps a long double that GCC 12 wrongly reports as maybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>
#pragma GCC diagnostic pop

namespace kartoteka::util {

// Every customer in a response carries two or three timestamps, so this avoids date::format's
// ostringstream: date only splits the time point into calendar fields, snprintf writes them.
std::string format_rfc3339(std::int64_t unix_ms) {
    const date::sys_time<std::chrono::milliseconds> point{std::chrono::milliseconds{unix_ms}};
    const auto day = date::floor<date::days>(point);
    const date::year_month_day calendar{day};
    const date::hh_mm_ss<std::chrono::milliseconds> time{point - day};
    char text[32];
    const int length = std::snprintf(
        text,
        sizeof text,
        "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
        static_cast<int>(calendar.year()),
        static_cast<unsigned>(calendar.month()),
        static_cast<unsigned>(calendar.day()),
        static_cast<int>(time.hours().count()),
        static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count()),
        static_cast<int>(time.subseconds().count())
    );
    return std::string(text, static_cast<std::size_t>(length));
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
    std::istringstream input{std::string(text)};
    date::sys_time<std::chrono::milliseconds> point;
    input >> date::parse("%FT%T%Ez", point);
    if (input.fail()) {
        input.clear();
        input.str(std::string(text));
        input >> date::parse("%FT%TZ", point);
        if (input.fail()) {
            return std::nullopt;
        }
    }
    return point.time_since_epoch().count();
}

}  // namespace kartoteka::util
