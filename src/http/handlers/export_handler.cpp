#include "http/handlers/export_handler.hpp"

#include <atomic>
#include <memory>
#include <system_error>

#include <unistd.h>

#include "domain/customer_service.hpp"
#include "domain/saved_view.hpp"
#include "exporter/customer_export.hpp"
#include "http/content_disposition.hpp"
#include "http/error_mapping.hpp"

namespace kartoteka::http {
namespace {

/// Everything wrong in an export request is in its query string: 400 naming the parameter.
Response bad_query(Error error) {
    if (error.code == ErrorCode::InvalidArgument) {
        error.code = ErrorCode::MalformedRequest;
    }
    return error_response(error);
}

std::filesystem::path unique_temp_file(const std::filesystem::path& dir) {
    static std::atomic<std::uint64_t> counter{0};
    return dir / ("export-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)) + "-" +
                  std::to_string(domain::system_now_ms()) + ".xlsx");
}

}  // namespace

Response ExportHandler::export_customers(Request& request) {
    auto params = domain::parse_query_string(request.query);
    if (!params) {
        return bad_query(params.error());
    }
    auto parsed = exporter::parse_export_request(std::move(*params));
    if (!parsed) {
        return bad_query(parsed.error());
    }
    auto users = users_.list();
    if (!users) {
        return error_response(users.error());
    }
    exporter::OwnerNames owners;
    for (const auto& user : *users) {
        owners.emplace(user.id, user.username);
    }
    const auto now = domain::system_now_ms();
    const auto filename = exporter::export_file_name(parsed->format, now);

    if (parsed->format == exporter::ExportFormat::Csv) {
        // The producer outlives this call (the server drives it chunk by chunk), so it owns its state.
        auto stream = std::make_shared<exporter::CsvExportStream>(customers_, std::move(*parsed), std::move(owners));
        Response response{.status = 200, .content_type = "text/csv; charset=utf-8"};
        response.stream = [stream](std::string& out) {
            return stream->next(out);
        };
        response.set_header("Content-Disposition", content_disposition("attachment", filename));
        response.set_header("Cache-Control", "no-store");
        return response;
    }

    // A worksheet holds 1,048,576 rows, one of them the header. Refuse a view that is plainly larger now rather
    // than after writing a million rows; the count is an estimate above the exact cap, so the writer still
    // enforces the limit itself.
    constexpr std::int64_t kWorksheetDataRows = 1'048'575;
    auto probe = parsed->search;
    probe.limit = 1;
    probe.cursor.clear();
    probe.with_count = true;
    if (auto first = customers_.search(probe); first && first->count && *first->count > kWorksheetDataRows) {
        return error_response(Error{
            ErrorCode::ResourceExhausted,
            "about " + std::to_string(*first->count) +
                " customers match: more than an XLSX worksheet holds (1,048,575); narrow the view or export CSV"});
    }

    std::filesystem::path dir = temp_dir_.empty() ? std::filesystem::temp_directory_path() : temp_dir_;
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
        return error_response(Error::internal("cannot create " + dir.string() + ": " + error.message()));
    }
    const auto path = unique_temp_file(dir);
    auto rows = exporter::write_xlsx_export(customers_, *parsed, owners, path, dir);
    if (!rows) {
        std::filesystem::remove(path, error);
        return error_response(rows.error());
    }
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        std::filesystem::remove(path, error);
        return error_response(Error::internal("export file vanished"));
    }
    Response response{
        .status = 200,
        .content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    response.file_path = path.string();
    response.file_size = size;
    response.file_is_temporary = true;  // the server unlinks it once open
    response.set_header("Content-Disposition", content_disposition("attachment", filename));
    response.set_header("Cache-Control", "no-store");
    return response;
}

}  // namespace kartoteka::http
