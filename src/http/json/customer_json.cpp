#include "http/json/customer_json.hpp"

#include <array>
#include <functional>

#include "domain/validation.hpp"
#include "http/json/json_io.hpp"
#include "util/time.hpp"

namespace kartoteka::http::json {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kReadOnlyFields{"id", "version", "created_at", "updated_at", "deleted_at"};

json nullable(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

// Objects are filled member by member: an initializer list would copy every nested value once more
// (its elements are const), which showed up in profiles of GET /customers/{id}.
json address_to_json(const domain::Address& address) {
    json result = json::object();
    result.emplace("street", address.street);
    result.emplace("city", address.city);
    result.emplace("postal_code", address.postal_code);
    result.emplace("country", address.country);
    return result;
}

json contact_to_json(const domain::Contact& contact) {
    json result = json::object();
    result.emplace("id", contact.id);
    result.emplace("name", contact.name);
    result.emplace("role", nullable(contact.role));
    result.emplace("email", nullable(contact.email));
    result.emplace("phone", nullable(contact.phone));
    result.emplace("note", nullable(contact.note));
    return result;
}

/// Collects every problem in a body so the client can show them all at once.
class FieldReader {
public:
    FieldReader(FieldErrors& errors, FieldErrors& codes) : errors_(errors), codes_(codes) {}

    // Strings: null means "empty" (cleared).
    bool read_string(const json& value, const std::string& field, std::string& out) {
        if (value.is_null()) {
            out.clear();
            return true;
        }
        if (!value.is_string()) {
            refuse(field, "type.string", "must be a string");
            return false;
        }
        out = value.get<std::string>();
        return true;
    }

    bool read_address(const json& value, const std::string& field, domain::Address& out) {
        if (!value.is_object()) {
            refuse(field, "type.object", "must be an object");
            return false;
        }
        bool ok = true;
        for (const auto& [key, member] : value.items()) {
            const std::string path = field + "." + key;
            if (key == "street") {
                ok &= read_string(member, path, out.street);
            } else if (key == "city") {
                ok &= read_string(member, path, out.city);
            } else if (key == "postal_code") {
                ok &= read_string(member, path, out.postal_code);
            } else if (key == "country") {
                ok &= read_string(member, path, out.country);
            } else {
                refuse(path, "unknown_field", "unknown field");
                ok = false;
            }
        }
        return ok;
    }

    bool read_tags(const json& value, const std::string& field, std::vector<std::string>& out) {
        if (!value.is_array()) {
            refuse(field, "type.array", "must be an array of strings");
            return false;
        }
        out.clear();
        for (const auto& tag : value) {
            if (!tag.is_string()) {
                refuse(field, "type.array", "must be an array of strings");
                return false;
            }
            out.push_back(tag.get<std::string>());
        }
        return true;
    }

    bool read_contacts(const json& value, const std::string& field, std::vector<domain::Contact>& out) {
        if (!value.is_array()) {
            refuse(field, "type.array", "must be an array of objects");
            return false;
        }
        out.clear();
        bool ok = true;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string prefix = field + "[" + std::to_string(i) + "]";
            const auto& item = value[i];
            if (!item.is_object()) {
                refuse(prefix, "type.object", "must be an object");
                ok = false;
                continue;
            }
            domain::Contact contact;
            for (const auto& [key, member] : item.items()) {
                const std::string path = prefix + "." + key;
                if (key == "id") {
                    // Sent back by clients that edit a stored contact; 0/null marks a new one.
                    if (member.is_null()) {
                        contact.id = 0;
                    } else if (member.is_number_integer() && member.get<std::int64_t>() >= 0) {
                        contact.id = member.get<std::int64_t>();
                    } else {
                        refuse(path, "type.integer", "must be a non-negative integer or null");
                        ok = false;
                    }
                } else if (key == "name") {
                    ok &= read_string(member, path, contact.name);
                } else if (key == "role") {
                    ok &= read_string(member, path, contact.role);
                } else if (key == "email") {
                    ok &= read_string(member, path, contact.email);
                } else if (key == "phone") {
                    ok &= read_string(member, path, contact.phone);
                } else if (key == "note") {
                    ok &= read_string(member, path, contact.note);
                } else {
                    refuse(path, "unknown_field", "unknown field");
                    ok = false;
                }
            }
            out.push_back(std::move(contact));
        }
        return ok;
    }

    bool read_kind(const json& value, const std::string& field, domain::CustomerKind& out) {
        const auto kind = value.is_string() ? domain::parse_customer_kind(value.get<std::string>()) : std::nullopt;
        if (!kind) {
            refuse(field, "enum.kind", "must be \"company\" or \"person\"");
            return false;
        }
        out = *kind;
        return true;
    }

    bool read_status(const json& value, const std::string& field, domain::CustomerStatus& out) {
        const auto status = value.is_string() ? domain::parse_customer_status(value.get<std::string>()) : std::nullopt;
        if (!status) {
            refuse(field, "enum.status", "must be \"lead\", \"active\" or \"inactive\"");
            return false;
        }
        out = *status;
        return true;
    }

    bool read_owner(const json& value, const std::string& field, std::optional<domain::UserId>& out) {
        if (value.is_null()) {
            out.reset();
            return true;
        }
        if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
            refuse(field, "type.integer", "must be a positive integer or null");
            return false;
        }
        out = value.get<std::int64_t>();
        return true;
    }

    void unknown(const std::string& field) { refuse(field, "unknown_field", "unknown field"); }
    void read_only(const std::string& field) { refuse(field, "read_only", "read-only field"); }

    // Records the problem unless the field already has one, so a message and its code always agree.
    void refuse(const std::string& field, std::string_view code, std::string message) {
        if (errors_.emplace(field, std::move(message)).second) {
            codes_.emplace(field, code);
        }
    }

private:
    FieldErrors& errors_;
    FieldErrors& codes_;
};

bool is_read_only(std::string_view key) {
    for (const auto field : kReadOnlyFields) {
        if (key == field) {
            return true;
        }
    }
    return false;
}

Error invalid_body(FieldErrors errors, FieldErrors codes) {
    return Error::invalid("the request body has invalid fields", std::move(errors), std::move(codes));
}

}  // namespace

nlohmann::json to_json(const domain::Customer& customer) {
    json contacts = json::array();
    for (const auto& contact : customer.contacts) {
        contacts.push_back(contact_to_json(contact));
    }
    json result = json::object();
    result.emplace("id", customer.id);
    result.emplace("kind", domain::to_string(customer.kind));
    result.emplace("name", customer.name);
    result.emplace("first_name", nullable(customer.first_name));
    result.emplace("last_name", nullable(customer.last_name));
    result.emplace("ico", nullable(customer.ico));
    result.emplace("dic", nullable(customer.dic));
    result.emplace("email", nullable(customer.email));
    result.emplace("phone", nullable(customer.phone));
    result.emplace("web", nullable(customer.web));
    result.emplace("billing_address", address_to_json(customer.billing_address));
    result.emplace(
        "delivery_address", customer.delivery_address ? address_to_json(*customer.delivery_address) : json(nullptr)
    );
    result.emplace("status", domain::to_string(customer.status));
    result.emplace("owner_id", customer.owner_id ? json(*customer.owner_id) : json(nullptr));
    result.emplace("tags", customer.tags);
    result.emplace("note", nullable(customer.note));
    result.emplace("contacts", std::move(contacts));
    result.emplace("version", customer.version);
    result.emplace("created_at", util::format_rfc3339(customer.created_at));
    result.emplace("updated_at", util::format_rfc3339(customer.updated_at));
    if (customer.deleted_at) {
        result.emplace("deleted_at", util::format_rfc3339(*customer.deleted_at));
    }
    return result;
}

nlohmann::json to_json(const domain::CustomerPage& page) {
    json items = json::array();
    for (const auto& customer : page.items) {
        items.push_back(to_json(customer));
    }
    return json{
        {"items", std::move(items)},
        {"next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor)},
    };
}

nlohmann::json to_json(const domain::CustomerSearchPage& page) {
    json items = json::array();
    for (const auto& customer : page.items) {
        items.push_back(to_json(customer));
    }
    json result{
        {"items", std::move(items)},
        {"next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor)},
    };
    if (page.count) {
        result["count"] = *page.count;
        result["count_is_estimate"] = page.count_is_estimate;
    }
    return result;
}

nlohmann::json to_json(const domain::User& user) {
    return json{
        {"id", user.id},
        {"username", user.username},
        {"display_name", user.display_name},
        {"is_admin", user.is_admin},
    };
}

Result<domain::Customer> parse_new_customer(std::string_view body) {
    auto document = parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    FieldErrors errors;
    FieldErrors codes;
    FieldReader reader{errors, codes};
    domain::Customer customer;
    for (const auto& [key, value] : document->items()) {
        if (key == "kind") {
            reader.read_kind(value, key, customer.kind);
        } else if (key == "name") {
            reader.read_string(value, key, customer.name);
        } else if (key == "first_name") {
            reader.read_string(value, key, customer.first_name);
        } else if (key == "last_name") {
            reader.read_string(value, key, customer.last_name);
        } else if (key == "ico") {
            reader.read_string(value, key, customer.ico);
        } else if (key == "dic") {
            reader.read_string(value, key, customer.dic);
        } else if (key == "email") {
            reader.read_string(value, key, customer.email);
        } else if (key == "phone") {
            reader.read_string(value, key, customer.phone);
        } else if (key == "web") {
            reader.read_string(value, key, customer.web);
        } else if (key == "billing_address") {
            reader.read_address(value, key, customer.billing_address);
        } else if (key == "delivery_address") {
            if (value.is_null()) {
                customer.delivery_address.reset();
            } else {
                domain::Address address;
                if (reader.read_address(value, key, address)) {
                    customer.delivery_address = std::move(address);
                }
            }
        } else if (key == "status") {
            reader.read_status(value, key, customer.status);
        } else if (key == "owner_id") {
            reader.read_owner(value, key, customer.owner_id);
        } else if (key == "tags") {
            reader.read_tags(value, key, customer.tags);
        } else if (key == "note") {
            reader.read_string(value, key, customer.note);
        } else if (key == "contacts") {
            reader.read_contacts(value, key, customer.contacts);
        } else if (is_read_only(key)) {
            reader.read_only(key);
        } else {
            reader.unknown(key);
        }
    }
    if (!errors.empty()) {
        // Also report what the domain would refuse in the members that did parse, so the client can
        // show every problem at once; the fields that failed here keep their own message.
        if (auto validated = domain::validate_customer(customer); !validated) {
            const Error& refused = validated.error();
            for (const auto& [field, message] : refused.field_errors) {
                const auto code = refused.field_codes.find(field);
                reader.refuse(
                    field,
                    code == refused.field_codes.end() ? kGenericFieldErrorCode : std::string_view(code->second),
                    message
                );
            }
        }
        return fail(invalid_body(std::move(errors), std::move(codes)));
    }
    return customer;
}

Result<domain::CustomerPatch> parse_customer_patch(std::string_view body) {
    auto document = parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    FieldErrors errors;
    FieldErrors codes;
    FieldReader reader{errors, codes};
    domain::CustomerPatch patch;
    const auto text_field = [&](const std::string& key, const json& value, std::optional<std::string>& target) {
        std::string text;
        if (reader.read_string(value, key, text)) {
            target = std::move(text);
        }
    };
    for (const auto& [key, value] : document->items()) {
        if (key == "kind") {
            domain::CustomerKind kind{};
            if (reader.read_kind(value, key, kind)) {
                patch.kind = kind;
            }
        } else if (key == "name") {
            text_field(key, value, patch.name);
        } else if (key == "first_name") {
            text_field(key, value, patch.first_name);
        } else if (key == "last_name") {
            text_field(key, value, patch.last_name);
        } else if (key == "ico") {
            text_field(key, value, patch.ico);
        } else if (key == "dic") {
            text_field(key, value, patch.dic);
        } else if (key == "email") {
            text_field(key, value, patch.email);
        } else if (key == "phone") {
            text_field(key, value, patch.phone);
        } else if (key == "web") {
            text_field(key, value, patch.web);
        } else if (key == "note") {
            text_field(key, value, patch.note);
        } else if (key == "billing_address") {
            domain::Address address;
            if (reader.read_address(value, key, address)) {
                patch.billing_address = std::move(address);
            }
        } else if (key == "delivery_address") {
            if (value.is_null()) {
                patch.delivery_address = std::optional<domain::Address>{};
            } else {
                domain::Address address;
                if (reader.read_address(value, key, address)) {
                    patch.delivery_address = std::optional<domain::Address>{std::move(address)};
                }
            }
        } else if (key == "status") {
            domain::CustomerStatus status{};
            if (reader.read_status(value, key, status)) {
                patch.status = status;
            }
        } else if (key == "owner_id") {
            std::optional<domain::UserId> owner;
            if (reader.read_owner(value, key, owner)) {
                patch.owner_id = owner;
            }
        } else if (key == "tags") {
            std::vector<std::string> tags;
            if (reader.read_tags(value, key, tags)) {
                patch.tags = std::move(tags);
            }
        } else if (key == "contacts") {
            std::vector<domain::Contact> contacts;
            if (reader.read_contacts(value, key, contacts)) {
                patch.contacts = std::move(contacts);
            }
        } else if (is_read_only(key)) {
            reader.read_only(key);
        } else {
            reader.unknown(key);
        }
    }
    if (!errors.empty()) {
        return fail(invalid_body(std::move(errors), std::move(codes)));
    }
    return patch;
}

}  // namespace kartoteka::http::json
