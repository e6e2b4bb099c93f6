#include "http/json/document_json.hpp"

#include "util/time.hpp"

namespace kartoteka::http::json {
namespace {

using nlohmann::json;

json user_ref(domain::UserId id, const std::string& display_name) {
    return json{{"id", id}, {"display_name", display_name}};
}

json to_json(const domain::DocumentVersion& version) {
    return json{
        {"number", version.number},
        {"size", version.size},
        {"content_type", version.content_type},
        {"sha256", version.sha256},
        {"uploaded_by", user_ref(version.uploaded_by, version.uploaded_by_name)},
        {"uploaded_at", util::format_rfc3339(version.uploaded_at)},
    };
}

}  // namespace

json to_json(const domain::Document& document) {
    json versions = json::array();
    for (const auto& version : document.versions) {
        versions.push_back(to_json(version));
    }
    const auto& latest = document.latest();
    json result = {
        {"id", document.id},
        {"customer_id", document.customer_id},
        {"name", document.name},
        {"content_type", latest.content_type},
        {"size", latest.size},
        {"sha256", latest.sha256},
        {"version", document.version},
        {"created_by", user_ref(document.created_by, document.created_by_name)},
        {"created_at", util::format_rfc3339(document.created_at)},
        {"updated_at", util::format_rfc3339(document.updated_at)},
        {"versions", std::move(versions)},
    };
    if (document.deleted_at) {
        result["deleted_at"] = util::format_rfc3339(*document.deleted_at);
    }
    return result;
}

json to_json(const domain::DocumentPage& page) {
    json items = json::array();
    for (const auto& document : page.items) {
        items.push_back(to_json(document));
    }
    return json{
        {"items", std::move(items)}, {"next_cursor", page.next_cursor ? json(*page.next_cursor) : json(nullptr)}};
}

}  // namespace kartoteka::http::json
