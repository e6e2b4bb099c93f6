#include "http/json/view_json.hpp"

#include "http/json/json_io.hpp"
#include "util/time.hpp"

namespace kartoteka::http::json {
namespace {

using nlohmann::json;

class ViewReader {
public:
    void refuse(const std::string& field, std::string code, std::string message) {
        errors_.emplace(field, std::move(message));
        codes_.emplace(field, std::move(code));
    }

    std::optional<std::string> text(const json& value, const std::string& field) {
        if (!value.is_string()) {
            refuse(field, "type.string", "must be a string");
            return std::nullopt;
        }
        return value.get<std::string>();
    }

    std::optional<bool> boolean(const json& value, const std::string& field) {
        if (!value.is_boolean()) {
            refuse(field, "type.boolean", "must be true or false");
            return std::nullopt;
        }
        return value.get<bool>();
    }

    std::optional<std::vector<std::string>> columns(const json& value, const std::string& field) {
        if (!value.is_array()) {
            refuse(field, "type.array", "must be an array of column keys");
            return std::nullopt;
        }
        std::vector<std::string> result;
        bool good = true;
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!value[i].is_string()) {
                refuse(field + "[" + std::to_string(i) + "]", "type.string", "must be a string");
                good = false;
                continue;
            }
            result.push_back(value[i].get<std::string>());
        }
        return good ? std::optional(std::move(result)) : std::nullopt;
    }

    /// Reads the four members into `patch`; unknown members are refused.
    void read(const json& body, domain::SavedViewPatch& patch) {
        for (const auto& [key, value] : body.items()) {
            if (key == "name") {
                patch.name = text(value, key);
            } else if (key == "query") {
                patch.query = value.is_null() ? std::optional<std::string>("") : text(value, key);
            } else if (key == "columns") {
                patch.columns = columns(value, key);
            } else if (key == "shared") {
                patch.shared = boolean(value, key);
            } else {
                refuse(key, "unknown_field", "unknown member");
            }
        }
    }

    bool failed() const { return !errors_.empty(); }
    Error error() const { return Error::invalid("invalid view", errors_, codes_); }

private:
    FieldErrors errors_;
    FieldErrors codes_;
};

}  // namespace

json to_json(const domain::SavedView& view, domain::UserId viewer) {
    json result = json::object();
    result["id"] = view.id;
    result["name"] = view.name;
    result["query"] = view.query;
    result["columns"] = view.columns;
    result["shared"] = view.shared;
    result["owner"] = json{{"id", view.owner_id}, {"name", view.owner_name}};
    result["mine"] = view.owner_id == viewer;
    result["is_default"] = view.is_default;
    result["version"] = view.version;
    result["created_at"] = util::format_rfc3339(view.created_at);
    result["updated_at"] = util::format_rfc3339(view.updated_at);
    return result;
}

json to_json(const std::vector<domain::SavedView>& views, domain::UserId viewer) {
    json items = json::array();
    for (const auto& view : views) {
        items.push_back(to_json(view, viewer));
    }
    return json{{"items", std::move(items)}};
}

Result<domain::SavedViewDraft> parse_view_draft(std::string_view body) {
    auto object = parse_json_object(body);
    if (!object) {
        return fail(object.error());
    }
    ViewReader reader;
    domain::SavedViewPatch patch;
    reader.read(*object, patch);
    if (!object->contains("name")) {
        reader.refuse("name", "required", "is required");
    }
    if (reader.failed()) {
        return fail(reader.error());
    }
    return domain::SavedViewDraft{
        .name = patch.name.value_or(""),
        .query = patch.query.value_or(""),
        .columns = patch.columns.value_or(std::vector<std::string>{}),
        .shared = patch.shared.value_or(false),
    };
}

Result<domain::SavedViewPatch> parse_view_patch(std::string_view body) {
    auto object = parse_json_object(body);
    if (!object) {
        return fail(object.error());
    }
    ViewReader reader;
    domain::SavedViewPatch patch;
    reader.read(*object, patch);
    if (reader.failed()) {
        return fail(reader.error());
    }
    return patch;
}

Result<std::optional<domain::SavedViewId>> parse_default_view(std::string_view body) {
    auto object = parse_json_object(body);
    if (!object) {
        return fail(object.error());
    }
    ViewReader reader;
    std::optional<domain::SavedViewId> view;
    for (const auto& [key, value] : object->items()) {
        if (key != "view_id") {
            reader.refuse(key, "unknown_field", "unknown member");
        } else if (value.is_number_integer() && value.get<std::int64_t>() > 0) {
            view = value.get<std::int64_t>();
        } else if (!value.is_null()) {
            reader.refuse(key, "type.integer", "must be a view id or null");
        }
    }
    if (!object->contains("view_id")) {
        reader.refuse("view_id", "required", "is required (null clears the default)");
    }
    if (reader.failed()) {
        return fail(reader.error());
    }
    return view;
}

}  // namespace kartoteka::http::json
