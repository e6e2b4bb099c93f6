#include "domain/saved_view.hpp"

#include <algorithm>
#include <set>

#include "domain/customer_columns.hpp"
#include "util/text.hpp"

namespace kartoteka::domain {
namespace {

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

Error permission_denied(SavedViewId id) {
    return Error{ErrorCode::PermissionDenied, "only the owner may change view " + std::to_string(id)};
}

}  // namespace

Result<QueryParams> parse_query_string(std::string_view query) {
    QueryParams params;
    std::string_view rest = query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        const auto eq = pair.find('=');
        auto key = util::percent_decode(pair.substr(0, eq), true);
        auto value =
            util::percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!key || !value) {
            const std::string name = key ? *key : std::string(pair.substr(0, eq));
            return fail(Error::invalid("invalid query parameters", FieldErrors{{name, "malformed percent-escape"}}));
        }
        params.emplace_back(std::move(*key), std::move(*value));
    }
    return params;
}

Result<void> validate_view_query(std::string_view query, const std::string& field) {
    const auto invalid = [&field](const std::string& message) {
        return fail(Error::invalid_field(field, message));
    };
    if (query.size() > kMaxViewQueryBytes) {
        return invalid("must be at most " + std::to_string(kMaxViewQueryBytes) + " bytes");
    }
    if (!util::is_valid_utf8(query)) {
        return invalid("must be UTF-8 text");
    }
    if (!query.empty() && query.front() == '?') {
        query.remove_prefix(1);
    }
    auto params = parse_query_string(query);
    if (!params) {
        const auto& [name, message] = *params.error().field_errors.begin();
        return invalid("parameter " + name + ": " + message);
    }
    for (const auto& [name, value] : *params) {
        if (name == "cursor" || name == "limit" || name == "count") {
            return invalid("parameter " + name + ": a saved view holds no paging (cursor, limit, count)");
        }
    }
    // Empty filters mean "no filter" in the list too (customers_handler drops them before parsing).
    std::erase_if(*params, [](const auto& param) { return param.second.empty() && param.first != "q"; });
    auto search = parse_customer_search(*params, false);
    if (!search) {
        const auto& errors = search.error().field_errors;
        if (errors.empty()) {
            return invalid(search.error().message);
        }
        std::string message;
        for (const auto& [name, text] : errors) {
            message += (message.empty() ? "parameter " : "; parameter ") + name + ": " + text;
        }
        return invalid(message);
    }
    return ok();
}

Result<SavedViewDraft> normalize_view_draft(SavedViewDraft draft) {
    FieldErrors errors;
    FieldErrors codes;
    draft.name = util::trim(draft.name);
    if (draft.name.empty()) {
        errors["name"] = "must not be empty";
        codes["name"] = "required";
    } else if (!util::is_valid_utf8(draft.name)) {
        errors["name"] = "must be UTF-8 text";
    } else if (utf8_length(draft.name) > kMaxViewNameChars) {
        errors["name"] = "must be at most " + std::to_string(kMaxViewNameChars) + " characters";
        codes["name"] = "too_long";
    }
    if (auto query = validate_view_query(draft.query); !query) {
        for (const auto& [field, message] : query.error().field_errors) {
            errors[field] = message;
        }
    }
    std::set<std::string, std::less<>> seen;
    for (std::size_t i = 0; i < draft.columns.size(); ++i) {
        const std::string field = "columns[" + std::to_string(i) + "]";
        if (!parse_customer_column(draft.columns[i])) {
            errors[field] = "unknown column " + draft.columns[i];
            codes[field] = "column.unknown";
        } else if (!seen.insert(draft.columns[i]).second) {
            errors[field] = "column " + draft.columns[i] + " is listed twice";
            codes[field] = "column.duplicate";
        }
    }
    if (!errors.empty()) {
        return fail(Error::invalid("invalid view", std::move(errors), std::move(codes)));
    }
    return draft;
}

SavedViewService::SavedViewService(SavedViewRepository& views, Clock clock) : views_(views), clock_(std::move(clock)) {}

Result<std::vector<SavedView>> SavedViewService::list(UserId viewer) {
    return views_.list_visible(viewer);
}

Result<SavedView> SavedViewService::get(SavedViewId id, UserId viewer) {
    return views_.find(id, viewer);
}

Result<SavedView> SavedViewService::create(SavedViewDraft draft, UserId owner) {
    auto valid = normalize_view_draft(std::move(draft));
    if (!valid) {
        return fail(valid.error());
    }
    const TimestampMs now = clock_();
    return views_.insert(SavedView{
        .id = 0,
        .owner_id = owner,
        .name = std::move(valid->name),
        .query = std::move(valid->query),
        .columns = std::move(valid->columns),
        .shared = valid->shared,
        .version = 1,
        .created_at = now,
        .updated_at = now,
    });
}

Result<SavedView> SavedViewService::update(
    SavedViewId id, std::int64_t expected_version, SavedViewPatch patch, UserId viewer
) {
    auto current = views_.find(id, viewer);
    if (!current) {
        return fail(current.error());
    }
    if (current->owner_id != viewer) {
        return fail(permission_denied(id));
    }
    SavedViewDraft draft{
        .name = patch.name ? std::move(*patch.name) : current->name,
        .query = patch.query ? std::move(*patch.query) : current->query,
        .columns = patch.columns ? std::move(*patch.columns) : current->columns,
        .shared = patch.shared.value_or(current->shared),
    };
    auto valid = normalize_view_draft(std::move(draft));
    if (!valid) {
        return fail(valid.error());
    }
    SavedView updated = *current;
    updated.name = std::move(valid->name);
    updated.query = std::move(valid->query);
    updated.columns = std::move(valid->columns);
    updated.shared = valid->shared;
    updated.updated_at = std::max(clock_(), current->updated_at);
    return views_.update(updated, expected_version, viewer);
}

Result<void> SavedViewService::remove(SavedViewId id, std::optional<std::int64_t> expected_version, UserId viewer) {
    auto current = views_.find(id, viewer);
    if (!current) {
        return fail(current.error());
    }
    if (current->owner_id != viewer) {
        return fail(permission_denied(id));
    }
    return views_.remove(id, expected_version);
}

Result<std::optional<SavedViewId>> SavedViewService::default_view(UserId user) {
    auto id = views_.default_view(user);
    if (!id || !*id) {
        return id;
    }
    if (auto visible = views_.find(**id, user); !visible) {
        if (visible.error().code == ErrorCode::NotFound) {
            return std::optional<SavedViewId>{};
        }
        return fail(visible.error());
    }
    return id;
}

Result<std::optional<SavedViewId>> SavedViewService::set_default_view(UserId user, std::optional<SavedViewId> view) {
    if (view) {
        if (auto visible = views_.find(*view, user); !visible) {
            if (visible.error().code == ErrorCode::NotFound) {
                return fail(Error::invalid_field(
                    "view_id", "no view " + std::to_string(*view) + " is visible to you", "view.not_found"
                ));
            }
            return fail(visible.error());
        }
    }
    if (auto written = views_.set_default_view(user, view); !written) {
        return fail(written.error());
    }
    return view;
}

}  // namespace kartoteka::domain
