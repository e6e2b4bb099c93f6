#pragma once

#include "domain/calendar_feed.hpp"
#include "domain/task_service.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// The signed-in user's own things: "Moje úkoly", notifications and the calendar feed's management.
class MeHandler {
public:
    MeHandler(
        domain::TaskService& tasks,
        domain::NotificationRepository& notifications,
        domain::CalendarFeedRepository& feeds,
        bool secure
    )
        : tasks_(tasks),
          notifications_(notifications),
          feeds_(feeds),
          secure_(secure) {}

    Response tasks(Request& request);
    Response notifications(Request& request);
    Response read_notification(Request& request);
    Response read_all_notifications(Request& request);
    Response create_calendar_feed(Request& request);
    Response calendar_feed(Request& request);
    Response revoke_calendar_feed(Request& request);

private:
    domain::TaskService& tasks_;
    domain::NotificationRepository& notifications_;
    domain::CalendarFeedRepository& feeds_;
    bool secure_;  // behind HTTPS (serve --secure-cookies): feed URLs use https
};

}  // namespace kartoteka::http
