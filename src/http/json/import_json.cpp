#include "http/json/import_json.hpp"

#include <charconv>
#include <limits>
#include <set>

#include "http/json/customer_json.hpp"
#include "http/json/json_io.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace kartoteka::http::json {
namespace {

using nlohmann::json;

// Bounds that no real sheet exceeds (Excel: 16,384 columns, 1,048,576 rows); they keep a hostile body from
// making the server build huge option structures.
constexpr std::size_t kMaxMappingColumns = 16'384;
constexpr std::uint32_t kMaxRowNumber = 1'048'576;
constexpr std::size_t kMaxSheetIndex = 1'000;
constexpr std::size_t kMaxMappingNameLength = 100;
constexpr std::size_t kMaxHeaderLength = 1'000;

Error invalid(const std::string& field, std::string message, std::string code) {
    return Error::invalid_field(field, std::move(message), std::move(code));
}

/// A JSON integer (not a float, not a string) within [min, max].
std::optional<std::int64_t> integer_in(const json& value, std::int64_t min, std::int64_t max) {
    std::int64_t number = 0;
    if (value.is_number_unsigned()) {
        const auto raw = value.get<std::uint64_t>();
        if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        number = static_cast<std::int64_t>(raw);
    } else if (value.is_number_integer()) {
        number = value.get<std::int64_t>();
    } else {
        return std::nullopt;
    }
    if (number < min || number > max) {
        return std::nullopt;
    }
    return number;
}

std::optional<std::uint32_t> parse_row_number(std::string_view text) {
    std::uint32_t number = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, number);
    if (ec != std::errc{} || ptr != end || number == 0 || number > kMaxRowNumber || text.front() == '0') {
        return std::nullopt;
    }
    return number;
}

constexpr std::string_view kModes = "create, upsert or skip";
constexpr std::string_view kPolicies = "fill_empty, overwrite or keep";
constexpr std::string_view kAtomicities = "all_or_nothing or valid_rows";
constexpr std::string_view kActions = "create, update or skip";

Result<void> read_mapping(const json& value, domain::ImportMapping& out) {
    if (!value.is_array()) {
        return fail(invalid("mapping", "must be an array of column keys or nulls, one per sheet column", "type.array"));
    }
    if (value.size() > kMaxMappingColumns) {
        return fail(invalid("mapping", "a sheet has at most 16384 columns", "too_long"));
    }
    out.columns.clear();
    out.columns.reserve(value.size());
    std::map<domain::CustomerColumn, std::size_t> taken;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string field = "mapping[" + std::to_string(i) + "]";
        const auto& item = value[i];
        if (item.is_null()) {
            out.columns.emplace_back(std::nullopt);
            continue;
        }
        if (!item.is_string()) {
            return fail(invalid(field, "must be a column key or null", "type.string"));
        }
        const auto column = domain::parse_customer_column(item.get<std::string>());
        if (!column) {
            return fail(invalid(field, "unknown column key \"" + item.get<std::string>() + "\"", "unknown_column"));
        }
        if (!domain::column_info(*column).importable) {
            return fail(
                invalid(field, "the column \"" + item.get<std::string>() + "\" is not importable", "not_importable")
            );
        }
        const auto [earlier, inserted] = taken.emplace(*column, i);
        if (!inserted) {
            return fail(invalid(
                field,
                "the column \"" + item.get<std::string>() + "\" is already mapped by mapping[" +
                    std::to_string(earlier->second) + "]",
                "duplicate"
            ));
        }
        out.columns.emplace_back(*column);
    }
    return ok();
}

Result<void> read_duplicate_actions(const json& value, std::map<std::uint32_t, domain::DuplicateAction>& out) {
    if (!value.is_object()) {
        return fail(invalid("duplicate_actions", "must be an object of row number -> action", "type.object"));
    }
    if (value.size() > kMaxRowNumber) {
        return fail(invalid("duplicate_actions", "too many rows", "too_long"));
    }
    out.clear();
    for (const auto& [key, action] : value.items()) {
        const std::string field = "duplicate_actions." + key;
        const auto row = key.empty() ? std::nullopt : parse_row_number(key);
        if (!row) {
            return fail(invalid(field, "the key must be a row number from 1 to 1048576", "invalid_row_number"));
        }
        const auto parsed =
            action.is_string() ? domain::parse_duplicate_action(action.get<std::string>()) : std::nullopt;
        if (!parsed) {
            return fail(invalid(field, "must be " + std::string(kActions), "invalid_value"));
        }
        out[*row] = *parsed;
    }
    return ok();
}

}  // namespace

Result<ImportRequest> parse_import_request(std::string_view body, ImportOptionsBody kind) {
    auto document = parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    return parse_import_object(*document, kind);
}

Result<ImportRequest> parse_import_object(const json& body, ImportOptionsBody kind) {
    if (!body.is_object()) {
        return fail(Error{ErrorCode::MalformedRequest, "the options must be a JSON object"});
    }
    ImportRequest request;
    auto& options = request.options;
    bool has_mapping = false;
    bool has_header_row = false;
    for (const auto& [key, value] : body.items()) {
        if (key == "sheet") {
            const auto sheet = integer_in(value, 0, static_cast<std::int64_t>(kMaxSheetIndex));
            if (!sheet) {
                return fail(invalid("sheet", "must be a sheet index from 0", "invalid_value"));
            }
            options.sheet = static_cast<std::size_t>(*sheet);
        } else if (key == "header_row") {
            const auto row = integer_in(value, 0, kMaxRowNumber);
            if (!row) {
                return fail(
                    invalid("header_row", "must be a row number (0 = the sheet has no header row)", "invalid_value")
                );
            }
            options.header_row = static_cast<std::uint32_t>(*row);
            has_header_row = true;
        } else if (key == "mapping") {
            if (auto read = read_mapping(value, options.mapping); !read) {
                return fail(std::move(read.error()));
            }
            has_mapping = true;
        } else if (key == "mode") {
            const auto mode = value.is_string() ? domain::parse_import_mode(value.get<std::string>()) : std::nullopt;
            if (!mode) {
                return fail(invalid("mode", "must be " + std::string(kModes), "invalid_value"));
            }
            options.mode = *mode;
        } else if (key == "field_policy") {
            const auto policy = value.is_string() ? domain::parse_field_policy(value.get<std::string>()) : std::nullopt;
            if (!policy) {
                return fail(invalid("field_policy", "must be " + std::string(kPolicies), "invalid_value"));
            }
            options.field_policy = *policy;
        } else if (key == "atomicity") {
            const auto atomicity =
                value.is_string() ? domain::parse_import_atomicity(value.get<std::string>()) : std::nullopt;
            if (!atomicity) {
                return fail(invalid("atomicity", "must be " + std::string(kAtomicities), "invalid_value"));
            }
            options.atomicity = *atomicity;
        } else if (key == "duplicate_actions") {
            if (auto read = read_duplicate_actions(value, options.duplicate_actions); !read) {
                return fail(std::move(read.error()));
            }
        } else if (key == "duplicate_default") {
            if (value.is_null()) {
                options.duplicate_default.reset();
                continue;
            }
            const auto action =
                value.is_string() ? domain::parse_duplicate_action(value.get<std::string>()) : std::nullopt;
            if (!action) {
                return fail(
                    invalid("duplicate_default", "must be " + std::string(kActions) + " or null", "invalid_value")
                );
            }
            options.duplicate_default = *action;
        } else if (key == "limit" && kind == ImportOptionsBody::Preview) {
            const auto limit = integer_in(value, 1, static_cast<std::int64_t>(kMaxPreviewRows));
            if (!limit) {
                return fail(invalid("limit", "must be an integer from 1 to 200", "out_of_range"));
            }
            request.limit = static_cast<std::size_t>(*limit);
        } else if (key == "save_mapping_as" && kind == ImportOptionsBody::Run) {
            if (value.is_null()) {
                request.save_mapping_as.reset();
                continue;
            }
            if (!value.is_string()) {
                return fail(invalid("save_mapping_as", "must be a string or null", "type.string"));
            }
            auto name = util::trim(value.get<std::string>());
            if (name.empty()) {
                return fail(invalid("save_mapping_as", "must not be blank", "required"));
            }
            if (name.size() > kMaxMappingNameLength) {
                return fail(invalid("save_mapping_as", "at most 100 bytes", "too_long"));
            }
            request.save_mapping_as = std::move(name);
        } else {
            return fail(invalid(key, "unknown member", "unknown_field"));
        }
    }
    if (!has_header_row) {
        return fail(invalid("header_row", "is required (0 = the sheet has no header row)", "required"));
    }
    if (!has_mapping) {
        return fail(invalid("mapping", "is required", "required"));
    }
    if (options.header_row > 0) {
        // A duplicate action for the header row itself would be meaningless; refusing it catches off-by-one
        // clients early.
        if (options.duplicate_actions.contains(options.header_row)) {
            return fail(invalid(
                "duplicate_actions." + std::to_string(options.header_row), "is the header row", "invalid_row_number"
            ));
        }
    }
    return request;
}

json options_to_json(const domain::ImportOptions& options) {
    json mapping = json::array();
    for (const auto& column : options.mapping.columns) {
        mapping.push_back(column ? json(std::string(domain::column_info(*column).key)) : json(nullptr));
    }
    json actions = json::object();
    for (const auto& [row, action] : options.duplicate_actions) {
        actions[std::to_string(row)] = domain::to_string(action);
    }
    json result = json::object();
    result.emplace("sheet", options.sheet);
    result.emplace("header_row", options.header_row);
    result.emplace("mapping", std::move(mapping));
    result.emplace("mode", domain::to_string(options.mode));
    result.emplace("field_policy", domain::to_string(options.field_policy));
    result.emplace("atomicity", domain::to_string(options.atomicity));
    result.emplace("duplicate_actions", std::move(actions));
    result.emplace(
        "duplicate_default",
        options.duplicate_default ? json(domain::to_string(*options.duplicate_default)) : json(nullptr)
    );
    return result;
}

std::string record_options_json(const domain::ImportOptions& options, const std::vector<std::string>& headers) {
    auto result = options_to_json(options);
    json texts = json::array();
    for (const auto& header : headers) {
        texts.push_back(header.size() > kMaxHeaderLength ? header.substr(0, kMaxHeaderLength) : header);
    }
    result.emplace("headers", std::move(texts));
    return result.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

/// The stored options object (nullopt when there is none or it does not parse).
std::optional<json> stored_options(const domain::ImportRecord& record) {
    if (record.options_json.empty()) {
        return std::nullopt;
    }
    auto parsed = json::parse(record.options_json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return std::nullopt;
    }
    return parsed;
}

json user_ref(const std::optional<domain::UserId>& id, const std::string& name) {
    if (!id) {
        return nullptr;
    }
    json result = json::object();
    result.emplace("id", *id);
    result.emplace("name", name);
    return result;
}

json optional_time(const std::optional<domain::TimestampMs>& at) {
    return at ? json(util::format_rfc3339(*at)) : json(nullptr);
}

json counts_to_json(const domain::ImportCounts& counts) {
    json result = json::object();
    result.emplace("rows_total", counts.rows_total);
    result.emplace("rows_done", counts.rows_done);
    result.emplace("created", counts.created);
    result.emplace("updated", counts.updated);
    result.emplace("skipped", counts.skipped);
    result.emplace("rejected", counts.rejected);
    result.emplace("duplicates", counts.duplicates);
    return result;
}

json issues_to_json(const std::vector<domain::RowIssue>& issues) {
    json result = json::array();
    for (const auto& issue : issues) {
        json item = json::object();
        item.emplace("field", issue.field);
        item.emplace("code", issue.code);
        item.emplace("message", issue.message);
        result.push_back(std::move(item));
    }
    return result;
}

json mapping_keys(const domain::ImportMapping& mapping) {
    json result = json::array();
    for (const auto& column : mapping.columns) {
        result.push_back(column ? json(std::string(domain::column_info(*column).key)) : json(nullptr));
    }
    return result;
}

/// JSON text as stored by the repository; a value that does not parse is shown as the text itself.
json json_value(const std::string& text) {
    auto parsed = json::parse(text, nullptr, false);
    return parsed.is_discarded() ? json(text) : parsed;
}

}  // namespace

std::vector<std::string> record_headers(const domain::ImportRecord& record) {
    std::vector<std::string> headers;
    const auto options = stored_options(record);
    if (!options) {
        return headers;
    }
    const auto found = options->find("headers");
    if (found == options->end() || !found->is_array()) {
        return headers;
    }
    for (const auto& header : *found) {
        headers.push_back(header.is_string() ? header.get<std::string>() : std::string());
    }
    return headers;
}

json to_json(
    const domain::ImportRecord& record,
    const std::string& created_by_name,
    const std::optional<domain::ImportCounts>& live
) {
    json options = nullptr;
    if (auto stored = stored_options(record)) {
        stored->erase("headers");
        options = std::move(*stored);
    }
    json result = json::object();
    result.emplace("id", record.id);
    result.emplace("status", domain::to_string(record.status));
    result.emplace("file_name", record.file_name);
    result.emplace("format", record.format);
    result.emplace("sheet", record.sheet);
    result.emplace("created_by", user_ref(record.created_by, created_by_name));
    result.emplace("created_at", util::format_rfc3339(record.created_at));
    result.emplace("started_at", optional_time(record.started_at));
    result.emplace("finished_at", optional_time(record.finished_at));
    result.emplace("options", std::move(options));
    result.emplace("counts", counts_to_json(live ? *live : record.counts));
    result.emplace("error", record.error.empty() ? json(nullptr) : json(record.error));
    result.emplace("reverted_at", optional_time(record.reverted_at));
    result.emplace("reverted_by", record.reverted_by ? json(*record.reverted_by) : json(nullptr));
    return result;
}

json to_json(const importer::SheetOverview& overview) {
    json headers = json::array();
    for (const auto& header : overview.headers) {
        headers.push_back(header);
    }
    json rows = json::array();
    for (const auto& row : overview.first_rows) {
        json item = json::object();
        item.emplace("row_number", row.number);
        item.emplace("hidden", row.hidden);
        item.emplace("cells", importer::cell_texts(row));
        rows.push_back(std::move(item));
    }
    json merged = json::array();
    for (const auto& range : overview.layout.merged_ranges) {
        json item = json::object();
        item.emplace("first_row", range.first_row);
        item.emplace("first_column", range.first_column);
        item.emplace("last_row", range.last_row);
        item.emplace("last_column", range.last_column);
        merged.push_back(std::move(item));
    }
    json result = json::object();
    result.emplace("sheet", overview.sheet);
    result.emplace("header_row", overview.header_row);
    result.emplace("headers", std::move(headers));
    result.emplace("suggested_mapping", mapping_keys(overview.suggested_mapping));
    result.emplace("first_rows", std::move(rows));
    result.emplace("hidden_columns", overview.layout.hidden_columns);
    result.emplace("hidden_rows", overview.layout.hidden_rows);
    result.emplace("merged_ranges", std::move(merged));
    return result;
}

json draft_to_json(
    const domain::ImportRecord& record,
    const std::vector<importer::SheetInfo>& sheets,
    const importer::SheetOverview& overview
) {
    json sheet_list = json::array();
    for (const auto& sheet : sheets) {
        json item = json::object();
        item.emplace("name", sheet.name);
        item.emplace("hidden", sheet.hidden);
        sheet_list.push_back(std::move(item));
    }
    json result = json::object();
    result.emplace("id", record.id);
    result.emplace("status", domain::to_string(record.status));
    result.emplace("file_name", record.file_name);
    result.emplace("format", record.format);
    result.emplace("sheets", std::move(sheet_list));
    result.emplace("overview", to_json(overview));
    return result;
}

json to_json(const importer::Preview& preview) {
    json rows = json::array();
    for (const auto& row : preview.rows) {
        json match = nullptr;
        if (row.match) {
            match = json::object();
            match.emplace("rule", domain::to_string(row.match->rule));
            match.emplace("customer_id", row.match->customer_id ? json(*row.match->customer_id) : json(nullptr));
            match.emplace("customer_name", row.match->customer_name);
            match.emplace("row_number", row.match->row_number ? json(*row.match->row_number) : json(nullptr));
        }
        json item = json::object();
        item.emplace("row_number", row.row_number);
        item.emplace("cells", row.cells);
        item.emplace("customer", to_json(row.customer));
        item.emplace("errors", issues_to_json(row.errors));
        item.emplace("warnings", issues_to_json(row.warnings));
        item.emplace("match", std::move(match));
        item.emplace("action", row.action);
        rows.push_back(std::move(item));
    }
    json result = json::object();
    result.emplace("headers", preview.headers);
    result.emplace("rows", std::move(rows));
    return result;
}

json to_json(const domain::RevertOutcome& outcome) {
    json conflicts = json::array();
    for (const auto& conflict : outcome.conflicts) {
        json item = json::object();
        item.emplace("customer_id", conflict.customer_id);
        item.emplace("customer_name", conflict.customer_name);
        item.emplace("field", conflict.field);
        item.emplace("import_value", json_value(conflict.import_value));
        item.emplace("current_value", json_value(conflict.current_value));
        conflicts.push_back(std::move(item));
    }
    json result = json::object();
    result.emplace("trashed", outcome.trashed);
    result.emplace("restored", outcome.restored);
    result.emplace("conflicts", std::move(conflicts));
    return result;
}

json to_json(const domain::SavedImportMapping& mapping) {
    json by_header = json::object();
    for (const auto& [header, column] : mapping.by_header) {
        by_header[header] = std::string(domain::column_info(column).key);
    }
    json result = json::object();
    result.emplace("id", mapping.id);
    result.emplace("name", mapping.name);
    result.emplace("by_header", std::move(by_header));
    result.emplace("created_at", util::format_rfc3339(mapping.created_at));
    return result;
}

Result<domain::SavedImportMapping> parse_saved_mapping(std::string_view body) {
    auto document = parse_json_object(body);
    if (!document) {
        return fail(std::move(document.error()));
    }
    domain::SavedImportMapping mapping;
    bool has_name = false;
    bool has_by_header = false;
    for (const auto& [key, value] : document->items()) {
        if (key == "name") {
            if (!value.is_string()) {
                return fail(invalid("name", "must be a string", "type.string"));
            }
            mapping.name = util::trim(value.get<std::string>());
            if (mapping.name.empty()) {
                return fail(invalid("name", "must not be blank", "required"));
            }
            if (mapping.name.size() > kMaxMappingNameLength) {
                return fail(invalid("name", "at most 100 bytes", "too_long"));
            }
            has_name = true;
        } else if (key == "by_header") {
            if (!value.is_object()) {
                return fail(invalid("by_header", "must be an object of header text -> column key", "type.object"));
            }
            if (value.size() > kMaxMappingColumns) {
                return fail(invalid("by_header", "a sheet has at most 16384 columns", "too_long"));
            }
            for (const auto& [header, column_key] : value.items()) {
                const std::string field = "by_header." + header;
                if (header.empty() || header.size() > kMaxHeaderLength) {
                    return fail(invalid(field, "a header text of 1 to 1000 bytes is expected", "invalid_value"));
                }
                const auto column = column_key.is_string()
                                        ? domain::parse_customer_column(column_key.get<std::string>())
                                        : std::nullopt;
                if (!column || !domain::column_info(*column).importable) {
                    return fail(invalid(field, "must be the key of an importable column", "unknown_column"));
                }
                mapping.by_header[header] = *column;
            }
            has_by_header = true;
        } else {
            return fail(invalid(key, "unknown member", "unknown_field"));
        }
    }
    if (!has_name) {
        return fail(invalid("name", "is required", "required"));
    }
    if (!has_by_header) {
        return fail(invalid("by_header", "is required", "required"));
    }
    return mapping;
}

}  // namespace kartoteka::http::json
