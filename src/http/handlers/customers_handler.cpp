#include "http/handlers/customers_handler.hpp"

#include "domain/vcard.hpp"
#include "http/actor.hpp"
#include "http/content_disposition.hpp"
#include "http/error_mapping.hpp"
#include "http/json/customer_json.hpp"
#include "http/json/json_io.hpp"

namespace kartoteka::http {
namespace {

/// Every parameter of the query string, decoded, in order; a malformed escape is a 400 naming the parameter.
Result<domain::QueryParams> query_params(const Request& request) {
    domain::QueryParams params;
    std::string_view rest = request.query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!key || !value) {
            const std::string name = key ? *key : std::string(pair.substr(0, eq));
            return fail(Error::invalid("invalid query parameters", FieldErrors{{name, "malformed percent-escape"}}));
        }
        params.emplace_back(std::move(*key), std::move(*value));
    }
    return params;
}

Result<domain::CustomerSearch> parse_search(const Request& request, bool trash) {
    auto params = query_params(request);
    if (!params) {
        return fail(params.error());
    }
    // The UI sends empty filters as absent-in-spirit ("status="); they filter nothing.
    std::erase_if(*params, [](const auto& param) { return param.second.empty() && param.first != "q"; });
    return domain::parse_customer_search(*params, trash);
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

Response customer_response(unsigned status, const domain::Customer& customer) {
    auto response = json::json_response(status, json::to_json(customer));
    response.set_header("ETag", etag(customer.version));
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
    // Everything wrong here is in the query string, not in a body: 400 naming the parameter.
    const auto bad_query = [](Error error) {
        if (error.code == ErrorCode::InvalidArgument) {
            error.code = ErrorCode::MalformedRequest;
        }
        return error_response(error);
    };
    auto search = parse_search(request, trash);
    if (!search) {
        return bad_query(search.error());
    }
    auto page = customers_.search(*search);
    if (!page) {
        return bad_query(page.error());
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
