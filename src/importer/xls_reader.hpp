#pragma once

#include <filesystem>
#include <memory>

#include "domain/error.hpp"
#include "importer/sheet_reader.hpp"

namespace kartoteka::importer {

/// Excel 97–2003 workbooks (BIFF8 .xls) through Debian's libfreexl 1.0.6. freexl loads a whole sheet's cell
/// grid, so the sheet's declared dimensions are checked against Limits::max_xls_cells before that happens.
/// freexl does not report hidden rows/columns or merged cells: layout() stays empty for .xls.
Result<std::unique_ptr<SheetReader>> open_xls(const std::filesystem::path& path, const Limits& limits);

}  // namespace kartoteka::importer
