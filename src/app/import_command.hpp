#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

// `kartoteka import FILE`: the import wizard's engine for admins and scripts (notes/issue6-api.md, "CLI").
namespace kartoteka::app {

struct ImportCommandOptions {
    std::filesystem::path file = {};
    std::filesystem::path data_dir = "./data";
    std::string sheet = {};    // sheet name; empty = the first visible sheet
    std::string mapping = {};  // a saved mapping's name; empty = the mapping suggested from the header row
    std::string mode = "create";
    std::string policy = "fill_empty";
    bool all_or_nothing = false;
    bool dry_run = false;
    bool json = false;
    /// Rows per write transaction (valid_rows). Hidden option: bench/import_e2e.sh compares sizes with it.
    std::size_t batch_rows = 1000;
};

/// Runs the import and prints its outcome on stdout. Returns the process exit code: 0 when the import ran
/// (rejected rows included), 1 with a message on stderr when the file cannot be read, the options are wrong
/// or the store failed.
int run_import_command(const ImportCommandOptions& options);

}  // namespace kartoteka::app
