#include "domain/history_diff.hpp"

#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

namespace kartoteka::domain {
namespace {

using nlohmann::json;

json nullable(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

json address_value(const Address& address) {
    json result = json::object();
    result.emplace("street", address.street);
    result.emplace("city", address.city);
    result.emplace("postal_code", address.postal_code);
    result.emplace("country", address.country);
    return result;
}

std::vector<std::pair<std::string, json>> contact_fields(const Contact& contact) {
    return {
        {"name", json(contact.name)},
        {"role", nullable(contact.role)},
        {"email", nullable(contact.email)},
        {"phone", nullable(contact.phone)},
        {"note", nullable(contact.note)},
    };
}

json contact_value(const Contact& contact) {
    json result = json::object();
    result.emplace("id", contact.id);
    for (auto& [field, value] : contact_fields(contact)) {
        result.emplace(field, std::move(value));
    }
    return result;
}

std::vector<std::pair<std::string, json>> customer_fields(const Customer& customer) {
    json contacts = json::array();
    for (const auto& contact : customer.contacts) {
        contacts.push_back(contact_value(contact));
    }
    std::vector<std::pair<std::string, json>> fields;
    fields.reserve(16);
    fields.emplace_back("kind", to_string(customer.kind));
    fields.emplace_back("name", customer.name);
    fields.emplace_back("first_name", nullable(customer.first_name));
    fields.emplace_back("last_name", nullable(customer.last_name));
    fields.emplace_back("ico", nullable(customer.ico));
    fields.emplace_back("dic", nullable(customer.dic));
    fields.emplace_back("email", nullable(customer.email));
    fields.emplace_back("phone", nullable(customer.phone));
    fields.emplace_back("web", nullable(customer.web));
    fields.emplace_back("billing_address", address_value(customer.billing_address));
    fields.emplace_back(
        "delivery_address", customer.delivery_address ? address_value(*customer.delivery_address) : json(nullptr)
    );
    fields.emplace_back("status", to_string(customer.status));
    fields.emplace_back("owner_id", customer.owner_id ? json(*customer.owner_id) : json(nullptr));
    fields.emplace_back("tags", customer.tags);
    fields.emplace_back("note", nullable(customer.note));
    fields.emplace_back("contacts", std::move(contacts));
    return fields;
}

bool is_empty_value(const json& value) {
    return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
           (value.is_array() && value.empty());
}

std::vector<FieldChange> changes_between(
    const std::vector<std::pair<std::string, json>>& before, const std::vector<std::pair<std::string, json>>& after
) {
    std::vector<FieldChange> changes;
    for (std::size_t i = 0; i < before.size() && i < after.size(); ++i) {
        if (before[i].second != after[i].second) {
            changes.push_back({before[i].first, before[i].second.dump(), after[i].second.dump()});
        }
    }
    return changes;
}

std::vector<FieldChange> non_empty(const std::vector<std::pair<std::string, json>>& fields, bool as_after) {
    std::vector<FieldChange> changes;
    for (const auto& [field, value] : fields) {
        if (is_empty_value(value)) {
            continue;
        }
        FieldChange change{.field = field};
        (as_after ? change.after_json : change.before_json) = value.dump();
        changes.push_back(std::move(change));
    }
    return changes;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> customer_field_values(const Customer& customer) {
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& [field, value] : customer_fields(customer)) {
        values.emplace_back(field, value.dump());
    }
    return values;
}

std::vector<FieldChange> created_changes(const Customer& customer) {
    return non_empty(customer_fields(customer), true);
}

std::vector<FieldChange> diff_customer(const Customer& before, const Customer& after) {
    return changes_between(customer_fields(before), customer_fields(after));
}

std::vector<ContactChange> diff_contacts(const std::vector<Contact>& before, const std::vector<Contact>& after) {
    std::unordered_map<ContactId, const Contact*> before_by_id;
    for (const auto& contact : before) {
        before_by_id.emplace(contact.id, &contact);
    }
    std::vector<ContactChange> result;
    std::unordered_map<ContactId, bool> still_there;
    for (const auto& contact : after) {
        const auto found = before_by_id.find(contact.id);
        if (found == before_by_id.end()) {
            result.push_back(
                {contact.id, contact.name, HistoryAction::Created, non_empty(contact_fields(contact), true)}
            );
            continue;
        }
        still_there[contact.id] = true;
        auto changes = changes_between(contact_fields(*found->second), contact_fields(contact));
        if (!changes.empty()) {
            result.push_back({contact.id, contact.name, HistoryAction::Updated, std::move(changes)});
        }
    }
    for (const auto& contact : before) {
        if (!still_there.contains(contact.id)) {
            result.push_back(
                {contact.id, contact.name, HistoryAction::Trashed, non_empty(contact_fields(contact), false)}
            );
        }
    }
    return result;
}

}  // namespace kartoteka::domain
