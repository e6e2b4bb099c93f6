#include "domain/calendar_time.hpp"

#include <chrono>
#include <cstdio>

// date.h keeps a long double in its parser that GCC 12 wrongly reports as maybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>
#include <date/tz.h>
#pragma GCC diagnostic pop

#include "domain/task.hpp"

namespace kartoteka::domain {
namespace {

// Built with USE_OS_TZDB: the rules come from /usr/share/zoneinfo (tzdata). The lookup parses the zone file,
// so it is done once; a function-local static is initialised thread-safely.
const date::time_zone& prague() {
    static const date::time_zone* const zone = date::locate_zone("Europe/Prague");
    return *zone;
}

std::string format_day(date::year_month_day day) {
    char text[16];
    const int length = std::snprintf(
        text,
        sizeof text,
        "%04d-%02u-%02u",
        static_cast<int>(day.year()),
        static_cast<unsigned>(day.month()),
        static_cast<unsigned>(day.day())
    );
    return std::string(text, static_cast<std::size_t>(length));
}

int digits(std::string_view text) {
    int value = 0;
    for (const char c : text) {
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<date::year_month_day> parse_day(std::string_view text) {
    if (!is_valid_date(text)) {
        return std::nullopt;
    }
    return date::year{digits(text.substr(0, 4))} / static_cast<unsigned>(digits(text.substr(5, 2))) /
           static_cast<unsigned>(digits(text.substr(8, 2)));
}

}  // namespace

LocalDateTime prague_local(TimestampMs now) {
    const date::sys_time<std::chrono::milliseconds> instant{std::chrono::milliseconds{now}};
    const auto local = date::make_zoned(&prague(), instant).get_local_time();
    const auto day = date::floor<date::days>(local);
    const date::hh_mm_ss<std::chrono::minutes> time{date::floor<std::chrono::minutes>(local - day)};
    char clock[8];
    const int length = std::snprintf(
        clock,
        sizeof clock,
        "%02d:%02d",
        static_cast<int>(time.hours().count()),
        static_cast<int>(time.minutes().count())
    );
    return LocalDateTime{
        .date = format_day(date::year_month_day{day}),
        .time = std::string(clock, static_cast<std::size_t>(length)),
    };
}

std::optional<TimestampMs> prague_to_utc(std::string_view date_text, std::string_view time_text) {
    const auto day = parse_day(date_text);
    if (!day || !is_valid_time_of_day(time_text)) {
        return std::nullopt;
    }
    const date::local_time<std::chrono::minutes> local = date::local_days{*day} +
                                                         std::chrono::hours{digits(time_text.substr(0, 2))} +
                                                         std::chrono::minutes{digits(time_text.substr(3, 2))};
    // info.first is the offset in force before the local time: unique times use it as is; in the doubled autumn
    // hour it is summer time (the earlier instant); a spring time inside the gap keeps winter time, which lands
    // it after the gap.
    const auto info = prague().get_info(local);
    const date::sys_seconds instant{local.time_since_epoch() - info.first.offset};
    return std::chrono::duration_cast<std::chrono::milliseconds>(instant.time_since_epoch()).count();
}

std::optional<std::string> next_day(std::string_view date_text) {
    const auto day = parse_day(date_text);
    if (!day) {
        return std::nullopt;
    }
    return format_day(date::year_month_day{date::sys_days{*day} + date::days{1}});
}

}  // namespace kartoteka::domain
