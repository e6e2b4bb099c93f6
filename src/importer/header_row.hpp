#pragma once

#include <optional>
#include <vector>

#include "importer/sheet_reader.hpp"

namespace kartoteka::importer {

/// Finds the header row among the first rows of a sheet (those a reader returned, in order): the first row
/// of at least two cells that are mostly distinct texts and that is followed by a data row of comparable
/// width. Title rows above it ("Zákazníci 2024", a lone date) are thereby skipped. Returns the index into
/// `rows`, or nothing if no row qualifies.
std::optional<std::size_t> find_header_row(const std::vector<Row>& rows, std::size_t look_at = 20);

}  // namespace kartoteka::importer
