#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "domain/import.hpp"
#include "domain/repositories.hpp"
#include "http/message.hpp"
#include "importer/import_jobs.hpp"

namespace kartoteka::http {

/// The import wizard over HTTP (notes/issue6-api.md "HTTP"): upload -> sheets -> preview -> run (a background
/// job) -> progress, cancel, error report, revert; and the saved mappings. Thin: parse, call the job runner or
/// the import repository, serialise.
class ImportsHandler {
public:
    /// Without a job runner (route listing only) every route answers 503.
    ImportsHandler(importer::ImportJobs* jobs, domain::ImportRepository& imports, domain::UserRepository& users)
        : jobs_(jobs),
          imports_(imports),
          users_(users) {}

    Response upload(Request& request);          // POST /imports (multipart)
    Response list(Request& request);            // GET /imports
    Response get(Request& request);             // GET /imports/{id}
    Response sheet(Request& request);           // GET /imports/{id}/sheets/{index}
    Response preview(Request& request);         // POST /imports/{id}/preview
    Response run(Request& request);             // POST /imports/{id}/run
    Response cancel(Request& request);          // POST /imports/{id}/cancel
    Response errors(Request& request);          // GET /imports/{id}/errors?format=csv|xlsx
    Response revert(Request& request);          // POST /imports/{id}/revert
    Response list_mappings(Request& request);   // GET /import-mappings
    Response create_mapping(Request& request);  // POST /import-mappings
    Response delete_mapping(Request& request);  // DELETE /import-mappings/{id}

private:
    template <typename Method>
    Response guarded(Request& request, Method method);
    Response do_upload(Request& request);
    Response do_list(Request& request);
    Response do_get(Request& request);
    Response do_sheet(Request& request);
    Response do_preview(Request& request);
    Response do_run(Request& request);
    Response do_cancel(Request& request);
    Response do_errors(Request& request);
    Response do_revert(Request& request);
    Response do_list_mappings(Request& request);
    Response do_create_mapping(Request& request);
    Response do_delete_mapping(Request& request);

    /// ImportJson of a record with the creator's name and, while it runs, the live counts.
    nlohmann::json import_json(const domain::ImportRecord& record);

    importer::ImportJobs* jobs_;
    domain::ImportRepository& imports_;
    domain::UserRepository& users_;
};

}  // namespace kartoteka::http
