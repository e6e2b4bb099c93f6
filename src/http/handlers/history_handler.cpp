#include "http/handlers/history_handler.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "http/actor.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/customers_handler.hpp"
#include "http/json/customer_json.hpp"
#include "http/json/history_json.hpp"
#include "http/json/json_io.hpp"

namespace kartoteka::http {
namespace {

constexpr std::size_t kMaxHistoryPageSize = 200;

std::optional<std::int64_t> parse_positive(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value <= 0) {
        return std::nullopt;
    }
    return value;
}

Result<domain::HistoryQuery> parse_history_query(const Request& request, domain::CustomerId id) {
    domain::HistoryQuery query{.customer_id = id};
    FieldErrors errors;
    if (auto subject = request.query_param("subject"); subject && !subject->empty()) {
        if (auto parsed = domain::parse_history_subject(*subject)) {
            query.subject = *parsed;
        } else {
            errors["subject"] = "must be customer, contact, note, task or document";
        }
    }
    if (auto limit = request.query_param("limit")) {
        const auto value = parse_positive(*limit);
        if (!value || *value > static_cast<std::int64_t>(kMaxHistoryPageSize)) {
            errors["limit"] = "must be an integer from 1 to " + std::to_string(kMaxHistoryPageSize);
        } else {
            query.limit = static_cast<std::size_t>(*value);
        }
    }
    if (auto cursor = request.query_param("cursor"); cursor && !cursor->empty()) {
        if (auto before = parse_positive(*cursor)) {
            query.before_id = *before;
        } else {
            errors["cursor"] = "not a cursor of this listing; start from the first page";
        }
    }
    if (!errors.empty()) {
        return fail(Error::invalid("invalid query parameters", std::move(errors)));
    }
    return query;
}

/// The requested field name from {"field": "..."}.
Result<std::string> parse_restore_body(std::string_view body) {
    auto document = json::parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    FieldErrors errors;
    FieldErrors codes;
    for (const auto& [key, value] : document->items()) {
        if (key != "field") {
            errors[key] = "unknown field";
            codes[key] = "unknown_field";
        }
    }
    const auto field = document->find("field");
    if (field == document->end() || !field->is_string() || field->get_ref<const std::string&>().empty()) {
        errors["field"] = "must name the customer field to restore";
        codes["field"] = "required";
    }
    if (!errors.empty()) {
        return fail(Error::invalid("the request body has invalid fields", std::move(errors), std::move(codes)));
    }
    return field->get<std::string>();
}

Error not_restorable(std::string message, std::string code) {
    return Error::invalid_field("field", std::move(message), std::move(code));
}

/// A past contacts value names contact ids; ones removed since then come back as new contact persons.
void renew_removed_contacts(nlohmann::json& contacts, const domain::Customer& current) {
    if (!contacts.is_array()) {
        return;
    }
    std::unordered_set<domain::ContactId> live;
    for (const auto& contact : current.contacts) {
        live.insert(contact.id);
    }
    for (auto& contact : contacts) {
        const auto id = contact.find("id");
        if (id != contact.end() && id->is_number_integer() && !live.contains(id->get<domain::ContactId>())) {
            *id = 0;
        }
    }
}

}  // namespace

Response HistoryHandler::list(Request& request) {
    auto id = customer_id(request);
    if (!id) {
        return error_response(id.error());
    }
    auto query = parse_history_query(request, *id);
    if (!query) {
        return error_response(query.error());
    }
    if (auto customer = records_.find(*id, true); !customer) {
        return error_response(customer.error());
    }
    auto page = history_.list(*query);
    if (!page) {
        return error_response(page.error());
    }
    return json::json_response(200, json::to_json(*page));
}

Response HistoryHandler::restore_value(Request& request) {
    auto id = customer_id(request);
    if (!id) {
        return error_response(id.error());
    }
    auto entry_id = path_id(request, "entry_id", "history entry");
    if (!entry_id) {
        return error_response(entry_id.error());
    }
    auto version = expected_version(request);
    if (!version) {
        return error_response(version.error());
    }
    if (!*version) {
        return error_response(Error{
            ErrorCode::PreconditionRequired, "send If-Match with the ETag of the customer version you see"});
    }
    auto field = parse_restore_body(request.body);
    if (!field) {
        return error_response(field.error());
    }
    auto current = customers_.get(*id);
    if (!current) {
        return error_response(current.error());
    }
    auto entry = history_.find(*id, *entry_id);
    if (!entry) {
        return error_response(entry.error());
    }
    if (entry->subject != domain::HistorySubject::Customer) {
        return error_response(
            not_restorable("only changes of the customer record can be restored", "history.not_customer")
        );
    }
    const auto change = std::find_if(entry->changes.begin(), entry->changes.end(), [&](const auto& candidate) {
        return candidate.field == *field;
    });
    if (change == entry->changes.end()) {
        return error_response(not_restorable("this entry did not change " + *field, "history.field_not_changed"));
    }
    nlohmann::json value = nlohmann::json::parse(change->before_json);
    if (*field == "contacts") {
        renew_removed_contacts(value, *current);
    }
    nlohmann::json body = nlohmann::json::object();
    body[*field] = std::move(value);
    // The same parser and validation as a PATCH: a value that is no longer valid (or a field that is not
    // editable) is refused with the usual field error.
    auto patch = json::parse_customer_patch(body.dump());
    if (!patch) {
        return error_response(patch.error());
    }
    return versioned_write_response(
        customers_, *id, customers_.update(*id, **version, *patch, actor_of(request), entry->id)
    );
}

}  // namespace kartoteka::http
