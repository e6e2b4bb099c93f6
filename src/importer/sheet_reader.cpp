#include "importer/sheet_reader.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <string>

#include "importer/csv_reader.hpp"
#include "importer/ods_reader.hpp"
#include "importer/xls_reader.hpp"
#include "importer/xlsx_reader.hpp"
#include "importer/zip_archive.hpp"

namespace kartoteka::importer {

namespace {

constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr std::string_view kEmptyZipMagic = "PK\x05\x06";
constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
constexpr std::string_view kOdsMimeType = "application/vnd.oasis.opendocument.spreadsheet";
constexpr std::size_t kSniffBytes = 64 * 1024;

Error unsupported(const std::string& what) {
    return Error::invalid(what + ". " + accepted_formats_message());
}

Result<std::unique_ptr<SheetReader>> open_zip_package(const std::filesystem::path& path, const Limits& limits) {
    auto archive = ZipArchive::open(path);
    if (!archive) {
        return fail(unsupported("The file starts like a zip package but cannot be opened (truncated or damaged?)"));
    }
    if (archive->contains("xl/workbook.xml")) {
        return open_xlsx(std::move(*archive), limits);
    }
    if (archive->contains("mimetype")) {
        auto mime = archive->read("mimetype", 256, limits);
        if (mime && *mime == kOdsMimeType) {
            return open_ods(std::move(*archive), limits);
        }
        if (mime && mime->rfind("application/vnd.oasis.opendocument.spreadsheet-template", 0) == 0) {
            return open_ods(std::move(*archive), limits);
        }
        return fail(
            unsupported("The file is an OpenDocument package but not a spreadsheet (" + mime.value_or("?") + ")")
        );
    }
    if (archive->contains("word/document.xml")) {
        return fail(unsupported("The file is a Word document, not a spreadsheet"));
    }
    if (archive->contains("ppt/presentation.xml")) {
        return fail(unsupported("The file is a PowerPoint presentation, not a spreadsheet"));
    }
    if (archive->contains("xl/workbook.bin")) {
        return fail(unsupported("The file is an Excel binary workbook (.xlsb); save it as .xlsx"));
    }
    return fail(unsupported("The file is a zip archive but not a spreadsheet"));
}

}  // namespace

std::string_view format_name(Format format) {
    switch (format) {
        case Format::Xlsx:
            return "xlsx";
        case Format::Xls:
            return "xls";
        case Format::Ods:
            return "ods";
        case Format::Csv:
            return "csv";
    }
    return "?";
}

bool Row::empty() const {
    return std::all_of(cells.begin(), cells.end(), [](const Cell& cell) { return cell.empty(); });
}

std::string accepted_formats_message() {
    return "Accepted formats: Excel workbook (.xlsx), Excel 97-2003 workbook (.xls), OpenDocument spreadsheet "
           "(.ods) and CSV text (UTF-8 or Windows-1250, separated by semicolons, commas or tabs).";
}

Result<std::unique_ptr<SheetReader>> open_reader(const std::filesystem::path& path, const Limits& limits) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(Error::not_found("the file cannot be read: " + path.string()));
    }
    std::string head(kSniffBytes, '\0');
    file.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(file.gcount()));
    file.close();
    if (head.empty()) {
        return fail(unsupported("The file is empty"));
    }
    std::string_view start(head);
    if (start.substr(0, 4) == kZipMagic || start.substr(0, 4) == kEmptyZipMagic) {
        return open_zip_package(path, limits);
    }
    if (start.substr(0, kOleMagic.size()) == kOleMagic) {
        return open_xls(path, limits);
    }
    if (start.substr(0, 5) == "%PDF-") {
        return fail(unsupported("The file is a PDF document"));
    }
    if (start.substr(0, 2) == "\x1F\x8B") {
        return fail(unsupported("The file is gzip-compressed"));
    }
    if (looks_like_text(start)) {
        std::string_view trimmed = start.substr(std::min(start.find_first_not_of(" \t\r\n\xEF\xBB\xBF"), start.size()));
        if (trimmed.substr(0, 1) == "<") {
            // HTML or XML saved with an .xls name (a common "Excel export"), not a CSV.
            return fail(unsupported("The file is HTML or XML, not a spreadsheet"));
        }
        return open_csv(path, limits);
    }
    return fail(unsupported("The file's content is not a recognised spreadsheet"));
}

}  // namespace kartoteka::importer
