#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/customer_columns.hpp"
#include "domain/customer_filter.hpp"
#include "domain/repositories.hpp"
#include "exporter/csv_writer.hpp"
#include "exporter/xlsx_writer.hpp"

// The customer export: which rows (the list's own query, every page), which columns, and how each value is
// written so that what the user sees in the list is what the file holds, and the file re-imports unchanged.
namespace kartoteka::exporter {

enum class ExportFormat { Csv, Xlsx };
enum class ExportLanguage { Cs, En };

struct ExportRequest {
    ExportFormat format = ExportFormat::Csv;
    std::vector<domain::CustomerColumn> columns = {};
    ExportLanguage language = ExportLanguage::Cs;
    char delimiter = ';';
    domain::CustomerSearch search = {};  // the filters and sort; limit and cursor are the exporter's own
};

/// The list's default columns, exported when `columns` is absent.
std::vector<domain::CustomerColumn> default_export_columns();

/// Reads format, columns, lang and delimiter, then the rest as a customer list query (parse_customer_search).
/// limit and count are ignored (an export has every row); cursor is refused. Errors are InvalidArgument keyed
/// by the parameter's name.
Result<ExportRequest> parse_export_request(domain::QueryParams params);

/// User id -> username: an export names owners the way the import finds them.
using OwnerNames = std::unordered_map<domain::UserId, std::string>;

std::vector<std::string> header_labels(const std::vector<domain::CustomerColumn>& columns, ExportLanguage language);

/// A value as text, for CSV: labels for status and kind, tags joined ", ", date-times as "YYYY-MM-DD HH:MM" in
/// Prague time, the first contact person's fields.
std::string cell_text(
    const domain::Customer& customer, domain::CustomerColumn column, ExportLanguage language, const OwnerNames& owners
);

/// A value as an XLSX cell: text for everything but created/updated (real date-times, Prague time) and the id
/// (a number); IČO, DIČ, postal code and phone stay text so leading zeros survive.
XlsxCell xlsx_cell(
    const domain::Customer& customer, domain::CustomerColumn column, ExportLanguage language, const OwnerNames& owners
);

/// Walks every customer matching a search in its order, a page at a time with the keyset cursor, so memory
/// holds one page however many rows match.
class CustomerPages {
public:
    static constexpr std::size_t kPageSize = 1000;

    CustomerPages(domain::CustomerRepository& customers, domain::CustomerSearch search);

    /// Replaces `page` with the next page; false (and an empty page) once every row has been returned.
    Result<bool> next(std::vector<domain::Customer>& page);

private:
    domain::CustomerRepository& customers_;
    domain::CustomerSearch search_;
    bool done_ = false;
};

/// A CSV body producer for http Response::stream: the header row on the first call, then one page of rows per
/// call.
class CsvExportStream {
public:
    CsvExportStream(domain::CustomerRepository& customers, ExportRequest request, OwnerNames owners);
    Result<bool> next(std::string& out);

private:
    CustomerPages pages_;
    ExportRequest request_;
    OwnerNames owners_;
    CsvWriter writer_;
    std::vector<domain::Customer> page_;
    std::vector<std::string> row_;
    bool header_written_ = false;
};

/// Writes the whole XLSX export to `path` (one page in memory at a time); returns the number of data rows.
Result<std::size_t> write_xlsx_export(
    domain::CustomerRepository& customers,
    const ExportRequest& request,
    const OwnerNames& owners,
    const std::filesystem::path& path,
    const std::filesystem::path& temp_dir
);

/// "zakaznici-YYYY-MM-DD.csv" / ".xlsx" with today's Prague date.
std::string export_file_name(ExportFormat format, domain::TimestampMs now);

}  // namespace kartoteka::exporter
