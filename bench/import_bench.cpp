// Reads every row of a spreadsheet with the importer's streaming readers and prints rows/s.
//   import_bench FILE [SHEET_INDEX] [--dump]
// --dump prints each row as "number: type:text | ..." instead (handy to inspect what a reader sees).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "importer/sheet_reader.hpp"

namespace importer = kartoteka::importer;

namespace {

const char* type_name(importer::CellType type) {
    switch (type) {
        case importer::CellType::Empty:
            return "empty";
        case importer::CellType::Text:
            return "text";
        case importer::CellType::Number:
            return "number";
        case importer::CellType::Boolean:
            return "bool";
        case importer::CellType::Date:
            return "date";
        case importer::CellType::DateTime:
            return "datetime";
        case importer::CellType::Time:
            return "time";
        case importer::CellType::Error:
            return "error";
    }
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [SHEET_INDEX] [--dump]\n", argv[0]);
        return 2;
    }
    std::size_t sheet = 0;
    bool dump = false;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--dump") == 0) {
            dump = true;
        } else {
            sheet = std::stoul(argv[i]);
        }
    }
    auto start = std::chrono::steady_clock::now();
    auto reader = importer::open_reader(argv[1]);
    if (!reader) {
        std::fprintf(stderr, "error: %s\n", reader.error().message.c_str());
        return 1;
    }
    if (auto opened = (*reader)->open(sheet); !opened) {
        std::fprintf(stderr, "error: %s\n", opened.error().message.c_str());
        return 1;
    }
    importer::Row row;
    std::size_t rows = 0;
    std::size_t cells = 0;
    for (;;) {
        auto next = (*reader)->next_row(row);
        if (!next) {
            std::fprintf(stderr, "error after %zu rows: %s\n", rows, next.error().message.c_str());
            return 1;
        }
        if (!*next) {
            break;
        }
        ++rows;
        cells += row.cells.size();
        if (dump) {
            std::printf("%u%s:", row.number, row.hidden ? " (hidden)" : "");
            for (const auto& cell : row.cells) {
                std::printf(" %s:%s |", type_name(cell.type), cell.text.c_str());
            }
            std::printf("\n");
        }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto& layout = (*reader)->layout();
    std::fprintf(
        stderr,
        "%s: format %s, %zu sheet(s), %zu rows, %zu cells, %zu merged, %zu hidden rows, %zu hidden columns, "
        "%.3f s, %.0f rows/s\n",
        argv[1],
        std::string(importer::format_name((*reader)->format())).c_str(),
        (*reader)->sheets().size(),
        rows,
        cells,
        layout.merged_ranges.size(),
        layout.hidden_rows.size(),
        layout.hidden_columns.size(),
        seconds,
        seconds > 0 ? static_cast<double>(rows) / seconds : 0.0
    );
    return 0;
}
