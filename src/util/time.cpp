#include "util/time.hpp"

#include <chrono>
#include <sstream>

// date.h's parser keeps a long double that GCC 12 wrongly reports as maybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>
#pragma GCC diagnostic pop

namespace kartoteka::util {

std::string format_rfc3339(std::int64_t unix_ms) {
    const date::sys_time<std::chrono::milliseconds> point{std::chrono::milliseconds{unix_ms}};
    return date::format("%FT%TZ", point);
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
