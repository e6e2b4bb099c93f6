#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/error.hpp"
#include "domain/import.hpp"
#include "importer/import_engine.hpp"

// Import wizard <-> JSON (docs: notes/issue6-api.md, openapi/openapi.json). Option parsing is strict: an
// unknown member or a bad value is a 422 naming the member ("mapping[3]", "duplicate_actions.12"), so a typo
// in a client never runs an import with options the user did not choose.
namespace kartoteka::http::json {

/// Which members besides ImportOptionsJson a body may carry.
enum class ImportOptionsBody {
    Options,  // only ImportOptionsJson (the stored record)
    Preview,  // + "limit"
    Run,      // + "save_mapping_as"
};

struct ImportRequest {
    domain::ImportOptions options = {};
    std::size_t limit = 50;                                     // preview rows (1..200)
    std::optional<std::string> save_mapping_as = std::nullopt;  // run: save the mapping by header under this name
};

inline constexpr std::size_t kDefaultPreviewRows = 50;
inline constexpr std::size_t kMaxPreviewRows = 200;

Result<ImportRequest> parse_import_request(std::string_view body, ImportOptionsBody kind);
/// Same checks on an already parsed object (e.g. the options stored in an ImportRecord).
Result<ImportRequest> parse_import_object(const nlohmann::json& body, ImportOptionsBody kind);

/// ImportOptionsJson of `options`.
nlohmann::json options_to_json(const domain::ImportOptions& options);

/// What ImportRecord::options_json holds: the options plus the header texts of the file ("headers"), which
/// the error report needs after the file itself is gone.
std::string record_options_json(const domain::ImportOptions& options, const std::vector<std::string>& headers);
/// The header texts stored by record_options_json (empty when none were stored).
std::vector<std::string> record_headers(const domain::ImportRecord& record);

/// ImportJson. `created_by_name` is the display name of record.created_by (ignored when it is unset);
/// `live` replaces the stored counts while the job runs.
nlohmann::json to_json(
    const domain::ImportRecord& record,
    const std::string& created_by_name,
    const std::optional<domain::ImportCounts>& live = std::nullopt
);

/// SheetOverview of the reader's sheet `overview.sheet`.
nlohmann::json to_json(const importer::SheetOverview& overview);
/// The ImportDraft answer of an upload.
nlohmann::json draft_to_json(
    const domain::ImportRecord& record,
    const std::vector<importer::SheetInfo>& sheets,
    const importer::SheetOverview& overview
);
nlohmann::json to_json(const importer::Preview& preview);
nlohmann::json to_json(const domain::RevertOutcome& outcome);
nlohmann::json to_json(const domain::SavedImportMapping& mapping);

/// POST /import-mappings body: {"name", "by_header": {"Firma": "name", ...}}.
Result<domain::SavedImportMapping> parse_saved_mapping(std::string_view body);

}  // namespace kartoteka::http::json
