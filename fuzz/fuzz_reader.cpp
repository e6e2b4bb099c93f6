// libFuzzer targets for the spreadsheet readers (one binary per format, chosen by FUZZ_FORMAT_*).
//
// xlsx and ods inputs are the XML parts, not the zip: random bytes rarely survive deflate and CRC checks, so
// the harness wraps the parts in a valid package and the fuzzer spends its time in our XML handling. Parts
// are separated by kPartSeparator: xlsx = sheet XML, shared strings, styles; ods = content.xml.
// csv and xls inputs are the file itself (xls exercises libfreexl plus our dimension checks).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>
#include <zip.h>

#include "importer/sheet_reader.hpp"

namespace {

namespace importer = kartoteka::importer;

constexpr std::string_view kPartSeparator = "\n--part--\n";
constexpr int kMaxRowsPerSheet = 5000;  // repeated ODS rows are lazy; reading them all only costs fuzz time

std::vector<std::string_view> split_parts(std::string_view input) {
    std::vector<std::string_view> parts;
    for (;;) {
        std::size_t at = input.find(kPartSeparator);
        if (at == std::string_view::npos) {
            parts.push_back(input);
            return parts;
        }
        parts.push_back(input.substr(0, at));
        input.remove_prefix(at + kPartSeparator.size());
    }
}

std::filesystem::path scratch_file(const char* extension) {
    return std::filesystem::temp_directory_path() / ("kt_fuzz_" + std::to_string(::getpid()) + extension);
}

bool write_zip(const std::filesystem::path& path, const std::vector<std::pair<std::string, std::string>>& entries) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (archive == nullptr) {
        return false;
    }
    for (const auto& [name, content] : entries) {
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE) < 0) {
            zip_source_free(source);
            zip_discard(archive);
            return false;
        }
    }
    return zip_close(archive) == 0;
}

void read_everything(const std::filesystem::path& path) {
    importer::Limits limits;
    auto reader = importer::open_reader(path, limits);
    if (!reader) {
        return;
    }
    std::size_t sheets = std::min<std::size_t>((*reader)->sheets().size(), 4);
    for (std::size_t sheet = 0; sheet < sheets; ++sheet) {
        if (!(*reader)->open(sheet)) {
            continue;
        }
        importer::Row row;
        for (int i = 0; i < kMaxRowsPerSheet; ++i) {
            auto next = (*reader)->next_row(row);
            if (!next || !*next) {
                break;
            }
            for (const auto& cell : row.cells) {
                if (cell.text.size() > limits.max_cell_bytes * 4 + 64) {
                    __builtin_trap();  // a cell escaped the bound it is promised
                }
            }
        }
        (void)(*reader)->layout();
    }
}

#if defined(FUZZ_FORMAT_xlsx)
const std::string kWorkbook =
    R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="0"/>)"
    R"(<sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId2"/></sheets></workbook>)";
const std::string kRelationships =
    R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" )"
    R"(Target="worksheets/sheet1.xml"/><Relationship Id="rId2" )"
    R"(Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../x.xml"/>)"
    R"(</Relationships>)";
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
#if defined(FUZZ_FORMAT_xlsx)
    auto parts = split_parts(input);
    std::vector<std::pair<std::string, std::string>> entries = {
        {"[Content_Types].xml", "<Types/>"},
        {"xl/workbook.xml", kWorkbook},
        {"xl/_rels/workbook.xml.rels", kRelationships},
        {"xl/worksheets/sheet1.xml", std::string(parts[0])},
    };
    if (parts.size() > 1) {
        entries.emplace_back("xl/sharedStrings.xml", std::string(parts[1]));
    }
    if (parts.size() > 2) {
        entries.emplace_back("xl/styles.xml", std::string(parts[2]));
    }
    if (parts.size() > 3) {
        entries.emplace_back("x.xml", std::string(parts[3]));
    }
    auto path = scratch_file(".xlsx");
    if (!write_zip(path, entries)) {
        return 0;
    }
#elif defined(FUZZ_FORMAT_ods)
    auto parts = split_parts(input);
    auto path = scratch_file(".ods");
    if (!write_zip(
            path,
            {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", std::string(parts[0])}}
        )) {
        return 0;
    }
#elif defined(FUZZ_FORMAT_csv) || defined(FUZZ_FORMAT_xls)
    auto path = scratch_file(".bin");
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(input.data(), static_cast<std::streamsize>(input.size()));
    }
#else
#error "define FUZZ_FORMAT_xlsx, _ods, _csv or _xls"
#endif
    read_everything(path);
    return 0;
}
