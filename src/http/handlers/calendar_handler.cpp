#include "http/handlers/calendar_handler.hpp"

#include "auth/tokens.hpp"
#include "domain/customer_service.hpp"
#include "domain/icalendar.hpp"
#include "http/error_mapping.hpp"

namespace kartoteka::http {

Response CalendarHandler::feed(Request& request) {
    // Looked up by the token's hash through an index, never compared byte by byte with stored tokens, so the
    // response time says nothing about how close a guess was.
    const auto token = request.path_param("token");
    auto user_id = feeds_.find_user(auth::hash_token(token));
    if (!user_id) {
        return error_response(user_id.error());
    }
    auto items = feeds_.items(*user_id);
    if (!items) {
        return error_response(items.error());
    }
    Response response;
    response.content_type = "text/calendar; charset=utf-8";
    response.body = domain::icalendar::write_feed(*items, domain::system_now_ms());
    response.set_header("Content-Disposition", "inline; filename=\"kartoteka.ics\"");
    // The URL is a secret; shared caches must not keep what it returns.
    response.set_header("Cache-Control", "private, no-store");
    return response;
}

}  // namespace kartoteka::http
