#pragma once

#include "domain/calendar_feed.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// The public iCalendar feed: the token in the path is the only credential.
class CalendarHandler {
public:
    explicit CalendarHandler(domain::CalendarFeedRepository& feeds) : feeds_(feeds) {}

    Response feed(Request& request);

private:
    domain::CalendarFeedRepository& feeds_;
};

}  // namespace kartoteka::http
