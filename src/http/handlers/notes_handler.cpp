#include "http/handlers/notes_handler.hpp"

#include <string>

#include "http/actor.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/request_params.hpp"
#include "http/json/json_io.hpp"
#include "http/json/note_json.hpp"

namespace kartoteka::http {
namespace {

Response note_response(unsigned status, const domain::Note& note) {
    auto response = json::json_response(status, json::to_json(note));
    response.set_header("ETag", etag(note.version));
    return response;
}

Result<domain::NoteListQuery> parse_list_query(const Request& request, domain::CustomerId customer_id) {
    domain::NoteListQuery query;
    query.customer_id = customer_id;
    FieldErrors errors;
    if (auto limit = request.query_param("limit")) {
        const auto value = parse_positive_integer(*limit);
        if (!value || *value > static_cast<std::int64_t>(domain::kMaxNotePageSize)) {
            errors["limit"] = "must be an integer from 1 to " + std::to_string(domain::kMaxNotePageSize);
        } else {
            query.limit = static_cast<std::size_t>(*value);
        }
    }
    if (auto cursor = request.query_param("cursor")) {
        query.cursor = std::move(*cursor);
    }
    if (auto kind = request.query_param("kind"); kind && !kind->empty()) {
        if (const auto parsed = domain::parse_note_kind(*kind)) {
            query.kind = *parsed;
        } else {
            errors["kind"] = "must be meeting, call, email, visit or other";
        }
    }
    if (auto author = request.query_param("author"); author && !author->empty()) {
        if (const auto parsed = parse_positive_integer(*author)) {
            query.author_id = *parsed;
        } else {
            errors["author"] = "must be a positive integer (a user id)";
        }
    }
    if (!errors.empty()) {
        return fail(Error::invalid("invalid query parameters", std::move(errors)));
    }
    return query;
}

}  // namespace

Response NotesHandler::list(Request& request) {
    auto customer_id = path_id(request, "id", "customer");
    if (!customer_id) {
        return error_response(customer_id.error());
    }
    auto query = parse_list_query(request, *customer_id);
    if (!query) {
        return error_response(query.error());
    }
    auto page = notes_.list(*query);
    if (!page) {
        return error_response(page.error());
    }
    return json::json_response(200, json::to_json(*page));
}

Response NotesHandler::create(Request& request) {
    auto customer_id = path_id(request, "id", "customer");
    if (!customer_id) {
        return error_response(customer_id.error());
    }
    auto draft = json::parse_note_draft(request.body);
    if (!draft) {
        return error_response(draft.error());
    }
    auto created = notes_.create(*customer_id, std::move(*draft), actor_of(request));
    if (!created) {
        return error_response(created.error());
    }
    auto response = note_response(201, *created);
    response.set_header("Location", "/api/v1/notes/" + std::to_string(created->id));
    return response;
}

Response NotesHandler::get(Request& request) {
    auto id = path_id(request, "id", "note");
    if (!id) {
        return error_response(id.error());
    }
    auto note = notes_.get(*id);
    if (!note) {
        return error_response(note.error());
    }
    return note_response(200, *note);
}

Response NotesHandler::versioned_write_response(domain::NoteId id, const Result<domain::Note>& written) {
    if (written) {
        return note_response(200, *written);
    }
    if (written.error().code != ErrorCode::FailedPrecondition) {
        return error_response(written.error());
    }
    nlohmann::json extra = nlohmann::json::object();
    if (auto current = notes_.get(id)) {
        extra["current_version"] = current->version;
    }
    return error_response(written.error(), extra);
}

Response NotesHandler::update(Request& request) {
    auto id = path_id(request, "id", "note");
    if (!id) {
        return error_response(id.error());
    }
    auto version = required_version(request);
    if (!version) {
        return error_response(version.error());
    }
    auto patch = json::parse_note_patch(request.body);
    if (!patch) {
        return error_response(patch.error());
    }
    return versioned_write_response(*id, notes_.update(*id, *version, *patch, actor_of(request)));
}

Response NotesHandler::remove(Request& request) {
    auto id = path_id(request, "id", "note");
    if (!id) {
        return error_response(id.error());
    }
    auto version = required_version(request);
    if (!version) {
        return error_response(version.error());
    }
    return versioned_write_response(*id, notes_.move_to_trash(*id, *version, actor_of(request)));
}

}  // namespace kartoteka::http
