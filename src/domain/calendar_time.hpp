#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/customer.hpp"

// Calendar days and wall-clock times in Europe/Prague, where every kartoteka user works. Due dates are
// local days, so "today" and "overdue" must be computed there, not in UTC (CET/CEST, with DST).
namespace kartoteka::domain {

struct LocalDateTime {
    std::string date = {};  // YYYY-MM-DD
    std::string time = {};  // HH:MM
};

/// The Prague calendar day and minute at the instant `now`.
LocalDateTime prague_local(TimestampMs now);

/// The instant of a Prague wall-clock time. In the autumn hour that happens twice the earlier instant is taken;
/// a spring time that does not exist is moved forward by the gap (02:30 -> 03:30 CEST). nullopt when the
/// text is not a valid date and time.
std::optional<TimestampMs> prague_to_utc(std::string_view date, std::string_view time);

/// The day after a YYYY-MM-DD day (for exclusive end dates); nullopt when not a date.
std::optional<std::string> next_day(std::string_view date);

}  // namespace kartoteka::domain
