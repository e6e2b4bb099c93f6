#pragma once

#include "domain/saved_view.hpp"
#include "http/message.hpp"

namespace kartoteka::http {

/// Saved views (/api/v1/views) and the caller's default view (/api/v1/me/default-view).
class ViewsHandler {
public:
    explicit ViewsHandler(domain::SavedViewService& views) : views_(views) {}

    Response list(Request& request);
    Response create(Request& request);
    Response get(Request& request);
    Response update(Request& request);
    Response remove(Request& request);
    Response get_default(Request& request);
    Response set_default(Request& request);

private:
    domain::SavedViewService& views_;
};

}  // namespace kartoteka::http
