#include "importer/header_row.hpp"

#include <set>
#include <string>

namespace kartoteka::importer {

namespace {

std::size_t filled_cells(const Row& row) {
    std::size_t count = 0;
    for (const Cell& cell : row.cells) {
        if (!cell.empty()) {
            ++count;
        }
    }
    return count;
}

bool looks_like_header(const Row& row) {
    std::size_t filled = 0;
    std::size_t texts = 0;
    std::set<std::string> distinct;
    for (const Cell& cell : row.cells) {
        if (cell.empty()) {
            continue;
        }
        ++filled;
        if (cell.type == CellType::Text) {
            ++texts;
            distinct.insert(cell.text);
        }
    }
    // "Mostly": four of five cells are distinct texts, which tolerates a stray number or a repeated label.
    return filled >= 2 && texts * 5 >= filled * 4 && distinct.size() * 5 >= filled * 4;
}

}  // namespace

std::optional<std::size_t> find_header_row(const std::vector<Row>& rows, std::size_t look_at) {
    std::size_t limit = std::min(rows.size(), look_at);
    for (std::size_t i = 0; i < limit; ++i) {
        if (!looks_like_header(rows[i])) {
            continue;
        }
        if (i + 1 >= rows.size()) {
            return i;  // a header with no data yet is still the header
        }
        std::size_t header_width = filled_cells(rows[i]);
        std::size_t data_width = filled_cells(rows[i + 1]);
        // A data row fills at least a third of the header's columns; a title row above a blank line does not
        // get here because it has fewer than two cells.
        if (data_width * 3 >= header_width) {
            return i;
        }
    }
    return std::nullopt;
}

}  // namespace kartoteka::importer
