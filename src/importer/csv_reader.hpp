#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "domain/error.hpp"
#include "importer/sheet_reader.hpp"

namespace kartoteka::importer {

enum class TextEncoding { Utf8, Windows1250 };

/// How a CSV file is written, guessed from a sample of its first bytes.
struct CsvDialect {
    TextEncoding encoding = TextEncoding::Utf8;
    bool bom = false;
    char delimiter = ',';
};

/// UTF-8 (a BOM, or a sample that is valid UTF-8) or else Windows-1250; the delimiter among ';', ',' and tab
/// that splits the sample's records most consistently (quotes respected).
CsvDialect detect_csv_dialect(std::string_view sample);

/// True when the sample looks like text a CSV could be made of (no NUL or other binary control bytes).
bool looks_like_text(std::string_view sample);

/// CSV (RFC 4180 quotes, fields with embedded newlines) through libcsv. Every value is a Text cell; the file
/// is one sheet named after nothing (""), and row numbers are 1-based record numbers.
Result<std::unique_ptr<SheetReader>> open_csv(const std::filesystem::path& path, const Limits& limits);

}  // namespace kartoteka::importer
