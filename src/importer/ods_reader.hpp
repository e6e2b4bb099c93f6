#pragma once

#include <memory>

#include "domain/error.hpp"
#include "importer/sheet_reader.hpp"
#include "importer/zip_archive.hpp"

namespace kartoteka::importer {

/// OpenDocument spreadsheets (.ods): content.xml streamed out of the zip through expat. Repeated rows and
/// columns are expanded lazily and only when they carry a value, within Limits.
Result<std::unique_ptr<SheetReader>> open_ods(ZipArchive archive, const Limits& limits);

}  // namespace kartoteka::importer
