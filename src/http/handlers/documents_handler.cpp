#include "http/handlers/documents_handler.hpp"

#include <string>

#include "http/actor.hpp"
#include "http/content_disposition.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/request_params.hpp"
#include "http/json/document_json.hpp"
#include "http/json/json_io.hpp"

namespace kartoteka::http {
namespace {

Response document_response(unsigned status, const domain::Document& document) {
    auto response = json::json_response(status, json::to_json(document));
    response.set_header("ETag", etag(document.version));
    return response;
}

/// Only the server fills Request::upload (for RequestBody::Upload routes); without it nothing was sent.
Result<domain::IncomingFile> incoming_file(const Request& request) {
    if (!request.upload) {
        return fail(Error::invalid_field("file", "send the file in a multipart part named \"file\"", "required"));
    }
    const auto& upload = *request.upload;
    return domain::IncomingFile{
        .temp_path = upload.temp_path,
        .name = upload.filename,
        .declared_type = upload.content_type,
        .size = upload.size,
        .sha256 = upload.sha256,
        .head = upload.head,
    };
}

// Downloads are someone's file, shown by our origin: nothing in them may run or load anything. PDFs are
// exempt from `sandbox` only because Chromium's PDF viewer refuses to open inside a sandboxed document.
constexpr std::string_view kDownloadPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
constexpr std::string_view kPdfPolicy =
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'";

}  // namespace

template <typename Method>
Response DocumentsHandler::guarded(Request& request, Method method) {
    if (service_ == nullptr) {
        return error_response(Error{ErrorCode::Unavailable, "documents are not available on this server"});
    }
    return (this->*method)(request);
}

Response DocumentsHandler::list(Request& request) {
    return guarded(request, &DocumentsHandler::do_list);
}
Response DocumentsHandler::create(Request& request) {
    return guarded(request, &DocumentsHandler::do_create);
}
Response DocumentsHandler::add_version(Request& request) {
    return guarded(request, &DocumentsHandler::do_add_version);
}
Response DocumentsHandler::get(Request& request) {
    return guarded(request, &DocumentsHandler::do_get);
}
Response DocumentsHandler::remove(Request& request) {
    return guarded(request, &DocumentsHandler::do_remove);
}
Response DocumentsHandler::restore(Request& request) {
    return guarded(request, &DocumentsHandler::do_restore);
}
Response DocumentsHandler::content(Request& request) {
    return guarded(request, &DocumentsHandler::do_content);
}

Response DocumentsHandler::write_error(const Error& error, domain::CustomerId customer_id, const std::string& name) {
    const auto code = error.field_codes.find("file");
    if (error.code == ErrorCode::AlreadyExists && code != error.field_codes.end() &&
        code->second == "document.name_taken") {
        nlohmann::json extra = nlohmann::json::object();
        if (auto existing = service_->find_by_name(customer_id, name); existing && *existing) {
            extra["document_id"] = **existing;
        }
        return error_response(error, extra);
    }
    return error_response(error);
}

Response DocumentsHandler::do_list(Request& request) {
    auto customer_id = path_id(request, "id", "customer");
    if (!customer_id) {
        return error_response(customer_id.error());
    }
    domain::DocumentListQuery query{.customer_id = *customer_id};
    if (auto limit = request.query_param("limit")) {
        const auto value = parse_positive_integer(*limit);
        if (!value || *value > static_cast<std::int64_t>(domain::kMaxDocumentPageSize)) {
            return error_response(Error::invalid_field(
                "limit", "must be an integer from 1 to " + std::to_string(domain::kMaxDocumentPageSize), "out_of_range"
            ));
        }
        query.limit = static_cast<std::size_t>(*value);
    }
    if (auto cursor = request.query_param("cursor")) {
        query.cursor = std::move(*cursor);
    }
    auto page = service_->list(query);
    if (!page) {
        return error_response(page.error());
    }
    return json::json_response(200, json::to_json(*page));
}

Response DocumentsHandler::do_create(Request& request) {
    auto customer_id = path_id(request, "id", "customer");
    if (!customer_id) {
        return error_response(customer_id.error());
    }
    auto file = incoming_file(request);
    if (!file) {
        return error_response(file.error());
    }
    auto created = service_->create(*customer_id, *file, actor_of(request));
    if (!created) {
        return write_error(created.error(), *customer_id, file->name);
    }
    auto response = document_response(201, *created);
    response.set_header("Location", "/api/v1/documents/" + std::to_string(created->id));
    return response;
}

Response DocumentsHandler::do_add_version(Request& request) {
    auto id = path_id(request, "id", "document");
    if (!id) {
        return error_response(id.error());
    }
    auto file = incoming_file(request);
    if (!file) {
        return error_response(file.error());
    }
    auto updated = service_->add_version(*id, *file, actor_of(request));
    if (!updated) {
        return error_response(updated.error());
    }
    return document_response(201, *updated);
}

Response DocumentsHandler::do_get(Request& request) {
    auto id = path_id(request, "id", "document");
    if (!id) {
        return error_response(id.error());
    }
    auto document = service_->get(*id);
    if (!document) {
        return error_response(document.error());
    }
    return document_response(200, *document);
}

Response DocumentsHandler::do_remove(Request& request) {
    auto id = path_id(request, "id", "document");
    if (!id) {
        return error_response(id.error());
    }
    auto version = required_version(request);
    if (!version) {
        return error_response(version.error());
    }
    auto trashed = service_->move_to_trash(*id, *version, actor_of(request));
    if (!trashed) {
        if (trashed.error().code == ErrorCode::FailedPrecondition) {
            nlohmann::json extra = nlohmann::json::object();
            if (auto current = service_->get(*id)) {
                extra["current_version"] = current->version;
            }
            return error_response(trashed.error(), extra);
        }
        return error_response(trashed.error());
    }
    return document_response(200, *trashed);
}

Response DocumentsHandler::do_restore(Request& request) {
    auto id = path_id(request, "id", "document");
    if (!id) {
        return error_response(id.error());
    }
    auto restored = service_->restore(*id, actor_of(request));
    if (!restored) {
        return error_response(restored.error());
    }
    return document_response(200, *restored);
}

Response DocumentsHandler::do_content(Request& request) {
    auto id = path_id(request, "id", "document");
    if (!id) {
        return error_response(id.error());
    }
    std::optional<std::int64_t> number;
    if (auto text = request.query_param("version")) {
        number = parse_positive_integer(*text);
        if (!number) {
            return error_response(Error::invalid_field("version", "must be a positive integer", "invalid"));
        }
    }
    bool inline_wanted = false;
    if (auto disposition = request.query_param("disposition")) {
        if (*disposition == "inline") {
            inline_wanted = true;
        } else if (*disposition != "attachment") {
            return error_response(Error::invalid_field("disposition", "must be inline or attachment", "invalid"));
        }
    }
    auto content = service_->content(*id, number);
    if (!content) {
        return error_response(content.error());
    }
    const auto& version = content->version;
    // Only types a browser shows as inert content may be inline; anything else (HTML, SVG...) downloads.
    const bool show_inline = inline_wanted && domain::is_inline_safe(version.content_type);
    Response response;
    response.status = 200;
    response.content_type = version.content_type == "text/plain" ? "text/plain; charset=utf-8" : version.content_type;
    response.file_path = content->path;
    response.file_size = version.size;
    response.set_header(
        "Content-Disposition", content_disposition(show_inline ? "inline" : "attachment", content->name)
    );
    response.set_header("ETag", "\"" + version.sha256 + "\"");
    response.set_header(
        "Content-Security-Policy", std::string(version.content_type == "application/pdf" ? kPdfPolicy : kDownloadPolicy)
    );
    response.set_header("Cache-Control", "private, no-cache");
    return response;
}

}  // namespace kartoteka::http
