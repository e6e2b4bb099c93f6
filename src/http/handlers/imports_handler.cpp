#include "http/handlers/imports_handler.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <system_error>

#include "exporter/csv_writer.hpp"
#include "exporter/xlsx_writer.hpp"
#include "http/content_disposition.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/request_params.hpp"
#include "http/json/import_json.hpp"
#include "http/json/json_io.hpp"

namespace kartoteka::http {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kDefaultListLimit = 50;
constexpr std::size_t kMaxListLimit = 200;
constexpr std::size_t kReportPageRows = 1000;
constexpr std::size_t kCsvFlushBytes = 256 * 1024;

domain::TimestampMs now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// The import's state forbids the request (not a draft, already finished, running, reverted): 409 as the
/// contract says, not the 412 of a version mismatch that FailedPrecondition means elsewhere.
Response state_error(const Error& error) {
    if (error.code == ErrorCode::FailedPrecondition) {
        return problem_response(409, error.message);
    }
    return error_response(error);
}

bool is_finished(domain::ImportStatus status) {
    return status != domain::ImportStatus::Draft && status != domain::ImportStatus::Running;
}

enum class ReportFormat { Csv, Xlsx };

std::string unique_token() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    return std::to_string(random());
}

/// "Řádek", "Důvod", then the file's header texts (a column without one is "Sloupec N").
std::vector<std::string> report_header(const std::vector<std::string>& headers, std::size_t columns) {
    std::vector<std::string> labels{"Řádek", "Důvod"};
    for (std::size_t column = 0; column < std::max(columns, headers.size()); ++column) {
        const bool named = column < headers.size() && !headers[column].empty();
        labels.push_back(named ? headers[column] : "Sloupec " + std::to_string(column + 1));
    }
    return labels;
}

/// Writes the report to `target` page by page (memory stays bounded whatever the number of rejected rows).
Result<void> write_report(
    domain::ImportRepository& imports,
    domain::ImportId id,
    const std::vector<std::string>& headers,
    ReportFormat format,
    const fs::path& target
) {
    const auto labels = report_header(headers, 0);
    std::unique_ptr<exporter::XlsxWriter> xlsx;
    std::ofstream csv_file;
    exporter::CsvWriter csv;
    if (format == ReportFormat::Xlsx) {
        auto created = exporter::XlsxWriter::create(
            target, exporter::XlsxOptions{.sheet_name = "Chyby", .temp_dir = target.parent_path()}
        );
        if (!created) {
            return fail(std::move(created.error()));
        }
        xlsx = std::move(*created);
        if (auto written = xlsx->write_header(labels); !written) {
            return fail(std::move(written.error()));
        }
    } else {
        csv_file.open(target, std::ios::binary | std::ios::trunc);
        if (!csv_file) {
            return fail(Error::internal("cannot write " + target.string()));
        }
        csv.write_row(labels);
    }
    std::uint32_t after_row = 0;
    std::vector<std::string> fields;
    std::vector<exporter::XlsxCell> cells;
    while (true) {
        auto page = imports.rejections(id, after_row, kReportPageRows);
        if (!page) {
            return fail(std::move(page.error()));
        }
        for (const auto& rejection : *page) {
            if (xlsx) {
                cells.clear();
                cells.push_back(exporter::XlsxCell::make_number(rejection.row_number));
                cells.push_back(exporter::XlsxCell::make_text(rejection.reason));
                for (const auto& cell : rejection.cells) {
                    // Text cells, always: the report shows what the file held ("00123" keeps its zeros).
                    cells.push_back(cell.empty() ? exporter::XlsxCell::empty() : exporter::XlsxCell::make_text(cell));
                }
                if (auto written = xlsx->write_row(cells); !written) {
                    return fail(std::move(written.error()));
                }
            } else {
                fields.clear();
                fields.push_back(std::to_string(rejection.row_number));
                fields.push_back(rejection.reason);
                fields.insert(fields.end(), rejection.cells.begin(), rejection.cells.end());
                csv.write_row(fields);
                if (csv.buffered_size() >= kCsvFlushBytes) {
                    const auto chunk = csv.take();
                    csv_file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
                }
            }
        }
        if (page->size() < kReportPageRows) {
            break;
        }
        after_row = page->back().row_number;
    }
    if (xlsx) {
        return xlsx->close();
    }
    const auto rest = csv.take();
    csv_file.write(rest.data(), static_cast<std::streamsize>(rest.size()));
    csv_file.close();
    if (!csv_file) {
        return fail(Error::internal("cannot write " + target.string()));
    }
    return ok();
}

}  // namespace

template <typename Method>
Response ImportsHandler::guarded(Request& request, Method method) {
    if (jobs_ == nullptr) {
        return error_response(Error{ErrorCode::Unavailable, "imports are not available on this server"});
    }
    return (this->*method)(request);
}

Response ImportsHandler::upload(Request& request) {
    return guarded(request, &ImportsHandler::do_upload);
}
Response ImportsHandler::list(Request& request) {
    return guarded(request, &ImportsHandler::do_list);
}
Response ImportsHandler::get(Request& request) {
    return guarded(request, &ImportsHandler::do_get);
}
Response ImportsHandler::sheet(Request& request) {
    return guarded(request, &ImportsHandler::do_sheet);
}
Response ImportsHandler::preview(Request& request) {
    return guarded(request, &ImportsHandler::do_preview);
}
Response ImportsHandler::run(Request& request) {
    return guarded(request, &ImportsHandler::do_run);
}
Response ImportsHandler::cancel(Request& request) {
    return guarded(request, &ImportsHandler::do_cancel);
}
Response ImportsHandler::errors(Request& request) {
    return guarded(request, &ImportsHandler::do_errors);
}
Response ImportsHandler::revert(Request& request) {
    return guarded(request, &ImportsHandler::do_revert);
}
Response ImportsHandler::list_mappings(Request& request) {
    return guarded(request, &ImportsHandler::do_list_mappings);
}
Response ImportsHandler::create_mapping(Request& request) {
    return guarded(request, &ImportsHandler::do_create_mapping);
}
Response ImportsHandler::delete_mapping(Request& request) {
    return guarded(request, &ImportsHandler::do_delete_mapping);
}

nlohmann::json ImportsHandler::import_json(const domain::ImportRecord& record) {
    std::string name;
    if (record.created_by) {
        if (auto user = users_.find(*record.created_by)) {
            name = user->display_name.empty() ? user->username : user->display_name;
        }
    }
    std::optional<domain::ImportCounts> live;
    if (record.status == domain::ImportStatus::Running) {
        live = jobs_->live_counts(record.id);
    }
    return json::to_json(record, name, live);
}

Response ImportsHandler::do_upload(Request& request) {
    if (!request.upload) {
        return error_response(
            Error::invalid_field("file", "send the file in a multipart part named \"file\"", "required")
        );
    }
    auto draft = jobs_->create_draft(request.upload->temp_path, request.upload->filename, request.principal->user.id);
    if (!draft) {
        return error_response(draft.error());
    }
    auto response = json::json_response(201, json::draft_to_json(draft->record, draft->sheets, draft->overview));
    response.set_header("Location", "/api/v1/imports/" + std::to_string(draft->record.id));
    return response;
}

Response ImportsHandler::do_list(Request& request) {
    std::size_t limit = kDefaultListLimit;
    if (auto text = request.query_param("limit")) {
        const auto value = parse_positive_integer(*text);
        if (!value || *value > static_cast<std::int64_t>(kMaxListLimit)) {
            return error_response(Error::invalid_field("limit", "must be an integer from 1 to 200", "out_of_range"));
        }
        limit = static_cast<std::size_t>(*value);
    }
    auto records = imports_.list(limit);
    if (!records) {
        return error_response(records.error());
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& record : *records) {
        items.push_back(import_json(record));
    }
    nlohmann::json body = nlohmann::json::object();
    body.emplace("items", std::move(items));
    return json::json_response(200, body);
}

Response ImportsHandler::do_get(Request& request) {
    auto id = path_id(request, "id", "import");
    if (!id) {
        return error_response(id.error());
    }
    auto record = imports_.find(*id);
    if (!record) {
        return error_response(record.error());
    }
    return json::json_response(200, import_json(*record));
}

Response ImportsHandler::do_sheet(Request& request) {
    auto id = path_id(request, "id", "import");
    if (!id) {
        return error_response(id.error());
    }
    const auto index_text = request.path_param("index");
    std::optional<std::int64_t> index =
        index_text == "0" ? std::optional<std::int64_t>(0) : parse_positive_integer(index_text);
    if (!index) {
        return error_response(Error::not_found("sheet " + std::string(index_text) + " not found"));
    }
    auto overview = jobs_->overview(*id, static_cast<std::size_t>(*index));
    if (!overview) {
        return state_error(overview.error());
    }
    return json::json_response(200, json::to_json(*overview));
}

Response ImportsHandler::do_preview(Request& request) {
    auto id = path_id(request, "id", "import");
    if (!id) {
        return error_response(id.error());
    }
    auto input = json::parse_import_request(request.body, json::ImportOptionsBody::Preview);
    if (!input) {
        return error_response(input.error());
    }
    auto preview = jobs_->preview(*id, input->options, input->limit);
    if (!preview) {
        return state_error(preview.error());
    }
    return json::json_response(200, json::to_json(*preview));
}

Response ImportsHandler::do_run(Request& request) {
    auto id = path_id(request, "id", "import");
    if (!id) {
        return error_response(id.error());
    }
    auto input = json::parse_import_request(request.body, json::ImportOptionsBody::Run);
    if (!input) {
        return error_response(input.error());
    }
    auto record = jobs_->submit(*id, input->options, request.principal->user.id, input->save_mapping_as);
    if (!record) {
        return state_error(record.error());
    }
    auto response = json::json_response(202, import_json(*record));
    response.set_header("Location", "/api/v1/imports/" + std::to_string(*id));
    return response;
}

Response ImportsHandler::do_cancel(Request& request) {
    auto id = path_id(request, "id", "import");
    if (!id) {
        return error_response(id.error());
    }
    auto record = jobs_->cancel(*id);
    if (!record) {
        return state_error(record.error());
    }
    return json::json_response(202, import_json(*record));
}

Response ImportsHandler::do_errors(Request& request) {
    auto id = path_id(request, "id", "import");
    if (!id) {
        return error_response(id.error());
    }
    auto format = ReportFormat::Csv;
    if (auto text = request.query_param("format")) {
        if (*text == "xlsx") {
            format = ReportFormat::Xlsx;
        } else if (*text != "csv") {
            return error_response(Error::invalid_field("format", "must be csv or xlsx", "invalid_value"));
        }
    }
    auto record = imports_.find(*id);
    if (!record) {
        return error_response(record.error());
    }
    if (!is_finished(record->status)) {
        return problem_response(409, "the error report is ready when the import has finished");
    }
    // A finished import's rejections never change (a revert keeps them), so the report is written once and
    // then served from disk like a document download.
    const auto extension = format == ReportFormat::Xlsx ? std::string("xlsx") : std::string("csv");
    const auto directory = jobs_->directory() / "reports";
    const auto target = directory / (std::to_string(*id) + "." + extension);
    std::error_code error;
    if (!fs::exists(target, error)) {
        fs::create_directories(directory, error);
        const auto temporary = directory / (std::to_string(*id) + "." + unique_token() + ".part");
        auto written = write_report(imports_, *id, json::record_headers(*record), format, temporary);
        if (written) {
            fs::rename(temporary, target, error);
        }
        if (!written || error) {
            fs::remove(temporary, error);
            return error_response(written ? Error::internal("cannot store the error report") : written.error());
        }
    }
    const auto size = fs::file_size(target, error);
    if (error) {
        return error_response(Error::internal("cannot read the error report: " + error.message()));
    }
    Response response;
    response.status = 200;
    response.content_type = format == ReportFormat::Xlsx
                                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                : "text/csv; charset=utf-8";
    response.file_path = target.string();
    response.file_size = size;
    response.set_header(
        "Content-Disposition",
        content_disposition("attachment", "import-" + std::to_string(*id) + "-chyby." + extension)
    );
    response.set_header("Cache-Control", "private, no-cache");
    return response;
}

Response ImportsHandler::do_revert(Request& request) {
    auto id = path_id(request, "id", "import");
    if (!id) {
        return error_response(id.error());
    }
    auto outcome = imports_.revert(*id, domain::Actor::import(request.principal->user.id, *id), now_ms());
    if (!outcome) {
        return state_error(outcome.error());
    }
    auto record = imports_.find(*id);
    if (!record) {
        return error_response(record.error());
    }
    auto body = json::to_json(*outcome);
    body.emplace("import", import_json(*record));
    return json::json_response(200, body);
}

Response ImportsHandler::do_list_mappings(Request& /*request*/) {
    auto mappings = imports_.list_mappings();
    if (!mappings) {
        return error_response(mappings.error());
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& mapping : *mappings) {
        items.push_back(json::to_json(mapping));
    }
    nlohmann::json body = nlohmann::json::object();
    body.emplace("items", std::move(items));
    return json::json_response(200, body);
}

Response ImportsHandler::do_create_mapping(Request& request) {
    auto mapping = json::parse_saved_mapping(request.body);
    if (!mapping) {
        return error_response(mapping.error());
    }
    mapping->created_by = request.principal->user.id;
    mapping->created_at = now_ms();
    auto saved = imports_.save_mapping(*mapping);
    if (!saved) {
        return error_response(saved.error());
    }
    return json::json_response(201, json::to_json(*saved));
}

Response ImportsHandler::do_delete_mapping(Request& request) {
    auto id = path_id(request, "id", "import mapping");
    if (!id) {
        return error_response(id.error());
    }
    if (auto removed = imports_.delete_mapping(*id); !removed) {
        return error_response(removed.error());
    }
    Response response;
    response.status = 204;
    return response;
}

}  // namespace kartoteka::http
