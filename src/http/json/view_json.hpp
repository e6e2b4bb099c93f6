#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/saved_view.hpp"

namespace kartoteka::http::json {

nlohmann::json to_json(const domain::SavedView& view, domain::UserId viewer);
nlohmann::json to_json(const std::vector<domain::SavedView>& views, domain::UserId viewer);

/// POST body: {"name","query","columns","shared"}; name is required, the rest default to "", [], false.
/// Unknown members and wrong types are 422 naming the field.
Result<domain::SavedViewDraft> parse_view_draft(std::string_view body);
/// PATCH body: the same members, all optional.
Result<domain::SavedViewPatch> parse_view_patch(std::string_view body);
/// PUT /me/default-view body: {"view_id": n | null}.
Result<std::optional<domain::SavedViewId>> parse_default_view(std::string_view body);

}  // namespace kartoteka::http::json
