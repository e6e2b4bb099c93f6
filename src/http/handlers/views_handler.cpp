#include "http/handlers/views_handler.hpp"

#include "http/error_mapping.hpp"
#include "http/handlers/request_params.hpp"
#include "http/json/json_io.hpp"
#include "http/json/view_json.hpp"

namespace kartoteka::http {
namespace {

domain::UserId viewer_of(const Request& request) {
    return request.principal->user.id;
}

Response view_response(unsigned status, const domain::SavedView& view, domain::UserId viewer) {
    auto response = json::json_response(status, json::to_json(view, viewer));
    response.set_header("ETag", etag(view.version));
    return response;
}

Response default_response(const std::optional<domain::SavedViewId>& view) {
    return json::json_response(200, nlohmann::json{{"view_id", view ? nlohmann::json(*view) : nlohmann::json()}});
}

}  // namespace

Response ViewsHandler::list(Request& request) {
    auto views = views_.list(viewer_of(request));
    if (!views) {
        return error_response(views.error());
    }
    return json::json_response(200, json::to_json(*views, viewer_of(request)));
}

Response ViewsHandler::create(Request& request) {
    auto draft = json::parse_view_draft(request.body);
    if (!draft) {
        return error_response(draft.error());
    }
    auto created = views_.create(std::move(*draft), viewer_of(request));
    if (!created) {
        return error_response(created.error());
    }
    auto response = view_response(201, *created, viewer_of(request));
    response.set_header("Location", "/api/v1/views/" + std::to_string(created->id));
    return response;
}

Response ViewsHandler::get(Request& request) {
    auto id = path_id(request, "id", "view");
    if (!id) {
        return error_response(id.error());
    }
    auto view = views_.get(*id, viewer_of(request));
    if (!view) {
        return error_response(view.error());
    }
    return view_response(200, *view, viewer_of(request));
}

Response ViewsHandler::update(Request& request) {
    auto id = path_id(request, "id", "view");
    if (!id) {
        return error_response(id.error());
    }
    auto version = required_version(request);
    if (!version) {
        return error_response(version.error());
    }
    auto patch = json::parse_view_patch(request.body);
    if (!patch) {
        return error_response(patch.error());
    }
    auto updated = views_.update(*id, *version, std::move(*patch), viewer_of(request));
    if (!updated) {
        if (updated.error().code == ErrorCode::FailedPrecondition) {
            nlohmann::json extra = nlohmann::json::object();
            if (auto current = views_.get(*id, viewer_of(request))) {
                extra["current_version"] = current->version;
            }
            return error_response(updated.error(), extra);
        }
        return error_response(updated.error());
    }
    return view_response(200, *updated, viewer_of(request));
}

Response ViewsHandler::remove(Request& request) {
    auto id = path_id(request, "id", "view");
    if (!id) {
        return error_response(id.error());
    }
    auto version = expected_version(request);
    if (!version) {
        return error_response(version.error());
    }
    if (auto removed = views_.remove(*id, *version, viewer_of(request)); !removed) {
        return error_response(removed.error());
    }
    return Response{.status = 204};
}

Response ViewsHandler::get_default(Request& request) {
    auto view = views_.default_view(viewer_of(request));
    if (!view) {
        return error_response(view.error());
    }
    return default_response(*view);
}

Response ViewsHandler::set_default(Request& request) {
    auto wanted = json::parse_default_view(request.body);
    if (!wanted) {
        return error_response(wanted.error());
    }
    auto view = views_.set_default_view(viewer_of(request), *wanted);
    if (!view) {
        return error_response(view.error());
    }
    return default_response(*view);
}

}  // namespace kartoteka::http
