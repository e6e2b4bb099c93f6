#include "app/import_command.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "app/wiring.hpp"
#include "domain/customer_service.hpp"
#include "domain/import.hpp"
#include "http/json/import_json.hpp"
#include "importer/import_engine.hpp"
#include "importer/sheet_reader.hpp"
#include "util/text.hpp"

namespace kartoteka::app {
namespace {

namespace domain = kartoteka::domain;
namespace importer = kartoteka::importer;

// How many rejected rows the text summary lists; --json and the error report have them all.
constexpr std::size_t kSummaryRejections = 20;

// Ctrl+C asks the engine to stop between batches, so the record ends Cancelled with whole customers only
// (all_or_nothing: nothing) instead of a killed process leaving the record Running.
std::atomic<bool> g_cancel{false};

extern "C" void request_cancel(int /*signal*/) {
    g_cancel.store(true);
}

int fail(const std::string& message) {
    std::cerr << "error: " << message << '\n';
    std::fflush(stderr);
    return 1;
}

int fail(const Error& error, const std::string& context) {
    std::string message = context.empty() ? error.message : context + ": " + error.message;
    for (const auto& [field, text] : error.field_errors) {
        message += "\n  " + field + ": " + text;
    }
    return fail(message);
}

std::optional<std::size_t> pick_sheet(const importer::SheetReader& reader, const std::string& name) {
    const auto& sheets = reader.sheets();
    for (std::size_t index = 0; index < sheets.size(); ++index) {
        if (name.empty() ? !sheets[index].hidden : sheets[index].name == name) {
            return index;
        }
    }
    // A workbook whose every sheet is hidden still has a first sheet to offer.
    if (name.empty() && !sheets.empty()) {
        return 0;
    }
    return std::nullopt;
}

std::string sheet_names(const importer::SheetReader& reader) {
    std::string names;
    for (const auto& sheet : reader.sheets()) {
        names += (names.empty() ? "\"" : ", \"") + sheet.name + "\"" + (sheet.hidden ? " (hidden)" : "");
    }
    return names;
}

/// Owners by username and by display name, folded the way the engine folds the cell.
Result<importer::UserDirectory> user_directory(store::Store& store) {
    auto users = store.users().list();
    if (!users) {
        return tl::unexpected(users.error());
    }
    importer::UserDirectory directory;
    for (const auto& user : *users) {
        if (user.deactivated_at) {
            continue;  // as in the web wizard (importer/import_jobs.cpp): deactivated users take no new customers
        }
        directory.emplace(util::fold_for_search(user.username), user.id);
        if (!user.display_name.empty()) {
            directory.emplace(util::fold_for_search(user.display_name), user.id);
        }
    }
    return directory;
}

bool maps_anything(const domain::ImportMapping& mapping) {
    return std::any_of(mapping.columns.begin(), mapping.columns.end(), [](const auto& column) {
        return column.has_value();
    });
}

/// "name=Název firmy, ico=IČ, …": what the command understood, so a wrong suggestion is visible.
std::string describe_mapping(const domain::ImportMapping& mapping, const std::vector<std::string>& headers) {
    std::string text;
    for (std::size_t index = 0; index < mapping.columns.size(); ++index) {
        if (!mapping.columns[index]) {
            continue;
        }
        text += text.empty() ? "" : ", ";
        text += std::string(domain::column_info(*mapping.columns[index]).key) + "=\"" +
                (index < headers.size() ? headers[index] : std::to_string(index + 1)) + "\"";
    }
    return text;
}

/// The progress line on stderr: rewritten in place on a terminal, a line a second when redirected.
class ProgressLine {
public:
    explicit ProgressLine(bool enabled) : enabled_(enabled), terminal_(::isatty(STDERR_FILENO) == 1) {}

    void update(const domain::ImportCounts& counts) {
        if (!enabled_) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (!terminal_ && now - last_ < std::chrono::seconds(1)) {
            return;
        }
        last_ = now;
        std::string line = "imported " + std::to_string(counts.rows_done);
        if (counts.rows_total > 0) {
            line += " / " + std::to_string(counts.rows_total) + " rows (" +
                    std::to_string(counts.rows_done * 100 / counts.rows_total) + " %)";
        } else {
            line += " rows";
        }
        std::fprintf(stderr, terminal_ ? "\r%s" : "%s\n", line.c_str());
        std::fflush(stderr);
    }

    /// The last state always shows, also when the last update fell inside the one-second throttle.
    void finish(const domain::ImportCounts& counts) {
        if (!enabled_) {
            return;
        }
        last_ = {};
        update(counts);
        if (terminal_) {
            std::fputc('\n', stderr);
            std::fflush(stderr);
        }
    }

private:
    bool enabled_;
    bool terminal_;
    std::chrono::steady_clock::time_point last_{};
};

nlohmann::json outcome_json(
    const ImportCommandOptions& options,
    const std::string& sheet,
    const importer::RunOutcome& outcome,
    std::optional<domain::ImportId> import_id
) {
    auto rejected = nlohmann::json::array();
    for (const auto& rejection : outcome.rejections) {
        rejected.push_back({{"row", rejection.row_number}, {"reason", rejection.reason}, {"code", rejection.code}});
    }
    auto duplicates = nlohmann::json::array();
    for (const auto& [row, match] : outcome.duplicates) {
        duplicates.push_back({
            {"row", row},
            {"rule", domain::to_string(match.rule)},
            {"customer_id", match.customer_id ? nlohmann::json(*match.customer_id) : nlohmann::json(nullptr)},
            {"customer_name", match.customer_name},
            {"matches_row", match.row_number ? nlohmann::json(*match.row_number) : nlohmann::json(nullptr)},
        });
    }
    return {
        {"file", options.file.filename().string()},
        {"sheet", sheet},
        {"status", domain::to_string(outcome.status)},
        {"dry_run", options.dry_run},
        {"rows_read", outcome.counts.rows_done},
        {"created", outcome.counts.created},
        {"updated", outcome.counts.updated},
        {"skipped", outcome.counts.skipped},
        {"rejected", std::move(rejected)},
        {"duplicates", std::move(duplicates)},
        {"error", outcome.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(outcome.error)},
        {"import_id", import_id ? nlohmann::json(*import_id) : nlohmann::json(nullptr)},
    };
}

void print_summary(
    const ImportCommandOptions& options,
    const std::string& sheet,
    std::uint32_t header_row,
    const importer::RunOutcome& outcome,
    std::optional<domain::ImportId> import_id,
    domain::ImportRepository& imports
) {
    const auto& counts = outcome.counts;
    std::cout << (options.dry_run ? "dry run (nothing written): " : "import " + std::to_string(*import_id) + ": ")
              << options.file.filename().string() << ", sheet \"" << sheet << "\", header row " << header_row << '\n'
              << "  status      " << domain::to_string(outcome.status) << '\n'
              << "  rows read   " << counts.rows_done << '\n'
              << "  created     " << counts.created << '\n'
              << "  updated     " << counts.updated << '\n'
              << "  skipped     " << counts.skipped << '\n'
              << "  rejected    " << counts.rejected << '\n'
              << "  duplicates  " << counts.duplicates << '\n';
    if (!outcome.error.empty()) {
        std::cout << "  error       " << outcome.error << '\n';
    }
    // A real run keeps its rejections in the store (the error report); a dry run has them in the outcome.
    std::vector<domain::ImportRejection> listed;
    if (import_id && counts.rejected > 0) {
        if (auto stored = imports.rejections(*import_id, 0, kSummaryRejections)) {
            listed = std::move(*stored);
        }
    } else {
        listed.assign(
            outcome.rejections.begin(),
            outcome.rejections.begin() +
                static_cast<std::ptrdiff_t>(std::min(outcome.rejections.size(), kSummaryRejections))
        );
    }
    if (!listed.empty()) {
        std::cout << "rejected rows:\n";
        for (const auto& rejection : listed) {
            std::cout << "  row " << rejection.row_number << ": " << rejection.reason << " (" << rejection.code
                      << ")\n";
        }
        if (counts.rejected > static_cast<std::int64_t>(listed.size())) {
            std::cout << "  … and " << counts.rejected - static_cast<std::int64_t>(listed.size()) << " more";
            if (import_id) {
                std::cout << " (all of them: GET /api/v1/imports/" << *import_id << "/errors?format=csv)";
            }
            std::cout << '\n';
        }
    }
    std::cout.flush();
}

}  // namespace

int run_import_command(const ImportCommandOptions& options) {
    const auto mode = domain::parse_import_mode(options.mode);
    if (!mode) {
        return fail("--mode must be create, upsert or skip (not \"" + options.mode + "\")");
    }
    const auto policy = domain::parse_field_policy(options.policy);
    if (!policy) {
        return fail("--policy must be fill_empty, overwrite or keep (not \"" + options.policy + "\")");
    }

    // The file first: a file that cannot be read should not wait for the store to open (and migrate).
    const auto file_name = options.file.string();
    std::error_code status_error;
    if (!std::filesystem::is_regular_file(options.file, status_error)) {
        return fail("cannot read " + file_name + ": not a file");
    }
    auto reader = importer::open_reader(options.file);
    if (!reader) {
        return fail(reader.error(), "cannot read " + file_name);
    }
    const auto sheet_index = pick_sheet(**reader, options.sheet);
    if (!sheet_index) {
        return fail(
            options.sheet.empty()
                ? file_name + " has no sheets"
                : "no sheet \"" + options.sheet + "\" in " + file_name + "; it has " + sheet_names(**reader)
        );
    }
    const std::string sheet_name = (*reader)->sheets()[*sheet_index].name;
    auto overview = importer::inspect_sheet(**reader, *sheet_index);
    if (!overview) {
        return fail(overview.error(), "cannot read sheet \"" + sheet_name + "\" of " + file_name);
    }

    auto services = open_services(options.data_dir, auth::HashCost::Interactive);
    if (!services) {
        return fail(services.error(), "cannot open the store in " + options.data_dir.string());
    }
    auto& store = *services->store;
    auto& imports = store.imports();

    domain::ImportOptions import_options{
        .sheet = *sheet_index,
        .header_row = overview->header_row,
        .mapping = overview->suggested_mapping,
        .mode = *mode,
        .field_policy = *policy,
        .atomicity =
            options.all_or_nothing ? domain::ImportAtomicity::AllOrNothing : domain::ImportAtomicity::ValidRows,
    };
    if (!options.mapping.empty()) {
        auto saved = imports.list_mappings();
        if (!saved) {
            return fail(saved.error(), "cannot read the saved mappings");
        }
        const auto found = std::find_if(saved->begin(), saved->end(), [&](const auto& mapping) {
            return mapping.name == options.mapping;
        });
        if (found == saved->end()) {
            std::string names;
            for (const auto& mapping : *saved) {
                names += (names.empty() ? "\"" : ", \"") + mapping.name + "\"";
            }
            return fail(
                "no saved mapping \"" + options.mapping + "\"" +
                (names.empty() ? std::string(" (none is saved)") : "; saved: " + names)
            );
        }
        import_options.mapping = importer::apply_saved_mapping(*found, overview->headers);
    }
    if (!maps_anything(import_options.mapping)) {
        return fail(
            "no column of sheet \"" + sheet_name + "\" maps to a customer field (header row " +
            std::to_string(overview->header_row) +
            "); name the columns as the import wizard knows them or use "
            "--mapping NAME"
        );
    }
    if (!options.json) {
        std::cerr << "mapping: " << describe_mapping(import_options.mapping, overview->headers) << '\n';
        std::fflush(stderr);
    }

    auto users = user_directory(store);
    if (!users) {
        return fail(users.error(), "cannot read the users");
    }

    // A dry run leaves no trace, not even an import record.
    std::optional<domain::ImportRecord> record;
    if (!options.dry_run) {
        const auto now = domain::system_now_ms();
        auto created = imports.create(domain::ImportRecord{
            .status = domain::ImportStatus::Running,
            .created_by = std::nullopt,
            .created_at = now,
            .started_at = now,
            .file_name = options.file.filename().string(),
            .format = std::string(importer::format_name((*reader)->format())),
            .sheet = sheet_name,
            .options_json = http::json::record_options_json(import_options, overview->headers),
        });
        if (!created) {
            return fail(created.error(), "cannot record the import");
        }
        record = std::move(*created);
    }
    const std::optional<domain::ImportId> import_id =
        record ? std::optional<domain::ImportId>{record->id} : std::nullopt;
    // Like the web wizard's imports, but without a user: the history shows "Import č. N" by the CLI.
    const domain::Actor actor{std::nullopt, domain::Channel::Import, import_id ? std::to_string(*import_id) : ""};

    ProgressLine progress(!options.json);
    g_cancel.store(false);
    importer::RunControl control{
        .on_progress = [&progress](const domain::ImportCounts& counts) { progress.update(counts); },
        .cancel = &g_cancel,
        .batch_rows = options.batch_rows,
        .dry_run = options.dry_run,
        .collect_details = options.json,
    };
    const auto previous_int = std::signal(SIGINT, request_cancel);
    const auto previous_term = std::signal(SIGTERM, request_cancel);
    auto outcome =
        importer::run_import(**reader, import_options, imports, import_id.value_or(0), actor, *users, control);
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
    if (outcome) {
        progress.finish(outcome->counts);
    }

    if (record) {
        record->status = outcome ? outcome->status : domain::ImportStatus::Failed;
        record->finished_at = domain::system_now_ms();
        record->error = outcome ? outcome->error : outcome.error().message;
        if (outcome) {
            record->counts.rows_total = outcome->counts.rows_total;
        }
        if (auto updated = imports.update_status(*record); !updated) {
            return fail(updated.error(), "cannot record the import's outcome");
        }
    }
    if (!outcome) {
        return fail(outcome.error(), "import of " + file_name + " failed");
    }

    if (options.json) {
        std::cout << outcome_json(options, sheet_name, *outcome, import_id)
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << std::endl;
    } else {
        print_summary(options, sheet_name, overview->header_row, *outcome, import_id, imports);
    }
    return 0;
}

}  // namespace kartoteka::app
