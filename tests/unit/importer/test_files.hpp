#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "importer/sheet_reader.hpp"

namespace kartoteka::importer::testing {

inline std::filesystem::path data_file(const std::string& name) {
    return std::filesystem::path(KARTOTEKA_IMPORT_TEST_DATA) / name;
}

/// Every row of one sheet, or the error that stopped the reading.
struct SheetContent {
    std::vector<Row> rows;
    std::optional<Error> error;
    SheetLayout layout;
};

inline SheetContent read_sheet(SheetReader& reader, std::size_t sheet = 0) {
    SheetContent content;
    if (auto opened = reader.open(sheet); !opened) {
        content.error = opened.error();
        return content;
    }
    Row row;
    for (;;) {
        auto next = reader.next_row(row);
        if (!next) {
            content.error = next.error();
            break;
        }
        if (!*next) {
            break;
        }
        content.rows.push_back(row);
    }
    content.layout = reader.layout();
    return content;
}

/// Opens `path` and reads its first sheet; an open error lands in `error` too.
inline SheetContent read_file(const std::filesystem::path& path, const Limits& limits = {}, std::size_t sheet = 0) {
    auto reader = open_reader(path, limits);
    if (!reader) {
        SheetContent content;
        content.error = reader.error();
        return content;
    }
    return read_sheet(**reader, sheet);
}

inline const Cell& cell_at(const Row& row, std::size_t column) {
    static const Cell kEmpty;
    return column < row.cells.size() ? row.cells[column] : kEmpty;
}

/// A scratch directory removed at the end of the test.
class TempDir {
public:
    TempDir() {
        path_ =
            std::filesystem::temp_directory_path() / ("kt_importer_" + std::to_string(::getpid()) + "_" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    std::filesystem::path file(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

}  // namespace kartoteka::importer::testing
