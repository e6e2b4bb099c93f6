#pragma once

#include <memory>

#include "domain/error.hpp"
#include "importer/sheet_reader.hpp"
#include "importer/zip_archive.hpp"

namespace kartoteka::importer {

/// Office Open XML workbooks (.xlsx, .xlsm): the sheet XML is streamed out of the zip through expat.
/// Only the shared-string table is held in memory, bounded by Limits.
Result<std::unique_ptr<SheetReader>> open_xlsx(ZipArchive archive, const Limits& limits);

}  // namespace kartoteka::importer
