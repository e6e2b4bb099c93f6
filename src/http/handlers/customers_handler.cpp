#include "http/handlers/customers_handler.hpp"

#include <charconv>

#include "domain/vcard.hpp"
#include "http/actor.hpp"
#include "http/content_disposition.hpp"
#include "http/error_mapping.hpp"
#include "http/json/customer_json.hpp"
#include "http/json/json_io.hpp"

namespace kartoteka::http {
namespace {

std::optional<std::int64_t> parse_positive_integer(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value <= 0) {
        return std::nullopt;
    }
    return value;
}

Result<domain::CustomerListQuery> parse_list_query(const Request& request, bool trash) {
    domain::CustomerListQuery query;
    query.trash = trash;
    FieldErrors errors;
    if (auto limit = request.query_param("limit")) {
        const auto value = parse_positive_integer(*limit);
        if (!value || *value > static_cast<std::int64_t>(domain::kMaxPageSize)) {
            errors["limit"] = "must be an integer from 1 to " + std::to_string(domain::kMaxPageSize);
        } else {
            query.limit = static_cast<std::size_t>(*value);
        }
    }
    if (auto cursor = request.query_param("cursor")) {
        query.cursor = std::move(*cursor);
    }
    if (auto sort = request.query_param("sort")) {
        if (const auto parsed = domain::parse_customer_sort(*sort)) {
            query.sort = *parsed;
        } else {
            errors["sort"] = "must be name, created or updated";
        }
    }
    if (auto order = request.query_param("order")) {
        if (*order == "asc") {
            query.direction = domain::SortDirection::Ascending;
        } else if (*order == "desc") {
            query.direction = domain::SortDirection::Descending;
        } else {
            errors["order"] = "must be asc or desc";
        }
    }
    if (auto q = request.query_param("q")) {
        query.q = std::move(*q);
    }
    if (auto status = request.query_param("status"); status && !status->empty()) {
        if (const auto parsed = domain::parse_customer_status(*status)) {
            query.status = *parsed;
        } else {
            errors["status"] = "must be lead, active or inactive";
        }
    }
    if (auto owner = request.query_param("owner_id"); owner && !owner->empty()) {
        if (const auto parsed = parse_positive_integer(*owner)) {
            query.owner_id = *parsed;
        } else {
            errors["owner_id"] = "must be a positive integer";
        }
    }
    if (auto tag = request.query_param("tag")) {
        query.tag = std::move(*tag);
    }
    if (auto city = request.query_param("city")) {
        query.city = std::move(*city);
    }
    if (!errors.empty()) {
        return fail(Error::invalid("invalid query parameters", std::move(errors)));
    }
    return query;
}

Response version_conflict(domain::CustomerService& customers, domain::CustomerId id, const Error& error) {
    nlohmann::json extra = nlohmann::json::object();
    if (auto current = customers.get(id)) {
        extra["current_version"] = current->version;
    }
    return error_response(error, extra);
}

}  // namespace

Result<domain::CustomerId> customer_id(const Request& request) {
    const auto text = request.path_param("id");
    if (const auto id = parse_positive_integer(text)) {
        return *id;
    }
    return fail(Error::not_found("customer " + std::string(text) + " not found"));
}

Result<std::int64_t> path_id(const Request& request, std::string_view name, std::string_view what) {
    const auto text = request.path_param(name);
    if (const auto id = parse_positive_integer(text)) {
        return *id;
    }
    return fail(Error::not_found(std::string(what) + " " + std::string(text) + " not found"));
}

Result<std::optional<std::int64_t>> expected_version(const Request& request) {
    std::string_view tag = request.if_match;
    if (tag.empty()) {
        return std::optional<std::int64_t>{};
    }
    if (tag.starts_with("W/")) {
        tag.remove_prefix(2);
    }
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
        tag = tag.substr(1, tag.size() - 2);
    }
    if (const auto version = parse_positive_integer(tag)) {
        return std::optional<std::int64_t>{*version};
    }
    return fail(Error{ErrorCode::MalformedRequest, "If-Match must be an ETag such as \"3\""});
}

Response customer_response(unsigned status, const domain::Customer& customer) {
    auto response = json::json_response(status, json::to_json(customer));
    response.set_header("ETag", "\"" + std::to_string(customer.version) + "\"");
    return response;
}

Response versioned_write_response(
    domain::CustomerService& customers, domain::CustomerId id, const Result<domain::Customer>& written
) {
    if (!written) {
        if (written.error().code == ErrorCode::FailedPrecondition) {
            return version_conflict(customers, id, written.error());
        }
        return error_response(written.error());
    }
    return customer_response(200, *written);
}

Response CustomersHandler::list_page(Request& request, bool trash) {
    auto query = parse_list_query(request, trash);
    if (!query) {
        return error_response(query.error());
    }
    auto page = customers_.list(*query);
    if (!page) {
        return error_response(page.error());
    }
    return json::json_response(200, json::to_json(*page));
}

Response CustomersHandler::list(Request& request) {
    return list_page(request, false);
}

Response CustomersHandler::list_trash(Request& request) {
    return list_page(request, true);
}

Response CustomersHandler::create(Request& request) {
    auto draft = json::parse_new_customer(request.body);
    if (!draft) {
        return error_response(draft.error());
    }
    auto created = customers_.create(std::move(*draft), actor_of(request));
    if (!created) {
        return error_response(created.error());
    }
    auto response = customer_response(201, *created);
    response.set_header("Location", "/api/v1/customers/" + std::to_string(created->id));
    return response;
}

Response CustomersHandler::get(Request& request) {
    auto id = customer_id(request);
    if (!id) {
        return error_response(id.error());
    }
    auto customer = customers_.get(*id);
    if (!customer) {
        return error_response(customer.error());
    }
    return customer_response(200, *customer);
}

Response CustomersHandler::update(Request& request) {
    auto id = customer_id(request);
    if (!id) {
        return error_response(id.error());
    }
    auto version = expected_version(request);
    if (!version) {
        return error_response(version.error());
    }
    if (!*version) {
        return error_response(Error{
            ErrorCode::PreconditionRequired, "send If-Match with the ETag of the version you edited"});
    }
    auto patch = json::parse_customer_patch(request.body);
    if (!patch) {
        return error_response(patch.error());
    }
    return versioned_write_response(customers_, *id, customers_.update(*id, **version, *patch, actor_of(request)));
}

Response CustomersHandler::remove(Request& request) {
    auto id = customer_id(request);
    if (!id) {
        return error_response(id.error());
    }
    auto version = expected_version(request);
    if (!version) {
        return error_response(version.error());
    }
    return versioned_write_response(customers_, *id, customers_.move_to_trash(*id, *version, actor_of(request)));
}

Response CustomersHandler::restore(Request& request) {
    auto id = customer_id(request);
    if (!id) {
        return error_response(id.error());
    }
    auto restored = customers_.restore(*id, actor_of(request));
    if (!restored) {
        return error_response(restored.error());
    }
    return customer_response(200, *restored);
}

Response CustomersHandler::contact_vcard(Request& request) {
    auto id = customer_id(request);
    if (!id) {
        return error_response(id.error());
    }
    auto contact_id = path_id(request, "contact_id", "contact");
    if (!contact_id) {
        return error_response(contact_id.error());
    }
    auto customer = customers_.get(*id);
    if (!customer) {
        return error_response(customer.error());
    }
    for (const auto& contact : customer->contacts) {
        if (contact.id == *contact_id) {
            Response response;
            response.status = 200;
            response.content_type = "text/vcard; charset=utf-8";
            response.body = domain::contact_vcard(contact, customer->name);
            response.set_header("Content-Disposition", content_disposition("attachment", contact.name + ".vcf"));
            return response;
        }
    }
    return error_response(
        Error::not_found("contact " + std::to_string(*contact_id) + " not found on customer " + std::to_string(*id))
    );
}

}  // namespace kartoteka::http
