#pragma once

#include <filesystem>
#include <memory>

#include "auth/auth_service.hpp"
#include "domain/customer_service.hpp"
#include "domain/document_service.hpp"
#include "domain/note_service.hpp"
#include "domain/saved_view.hpp"
#include "domain/task_service.hpp"
#include "http/router.hpp"
#include "importer/import_jobs.hpp"
#include "store/store.hpp"

namespace kartoteka::http {

struct ApiServices {
    auth::AuthService& auth;
    domain::CustomerService& customers;
    domain::NoteService& notes;
    store::Store& store;
    /// Optional so that code which only lists the routes (route-table tests) need not build a blob store;
    /// the document routes answer 503 without it.
    domain::DocumentService* documents = nullptr;
    /// Optional for the same reason: the import wizard's job runner (the import routes answer 503 without it).
    importer::ImportJobs* imports = nullptr;
};

struct ApiOptions {
    /// Adds "Secure" to the session cookie; for deployments behind an HTTPS reverse proxy.
    bool secure_cookies = false;
    /// Where XLSX exports are built before they are sent (data_dir/tmp); empty: the system temp directory.
    std::filesystem::path export_temp_dir = {};
};

class AuthHandler;
class CustomersHandler;
class HistoryHandler;
class DocumentsHandler;
class NotesHandler;
class SystemHandler;
class TasksHandler;
class MeHandler;
class CalendarHandler;
class ViewsHandler;
class ExportHandler;
class ImportsHandler;

/// Owns the handler objects the routes call into; must outlive the router's use.
class Api {
public:
    explicit Api(ApiServices services, ApiOptions options = {});
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    /// The route table of the whole API (and /healthz), with the authentication guard installed.
    void register_routes(Router& router);

private:
    ApiServices services_;
    std::unique_ptr<AuthHandler> auth_handler_;
    std::unique_ptr<CustomersHandler> customers_handler_;
    std::unique_ptr<HistoryHandler> history_handler_;
    std::unique_ptr<DocumentsHandler> documents_handler_;
    std::unique_ptr<NotesHandler> notes_handler_;
    std::unique_ptr<SystemHandler> system_handler_;
    // Built here from the store (not passed in ApiServices) so route-listing code needs nothing more.
    std::unique_ptr<domain::TaskService> task_service_;
    std::unique_ptr<TasksHandler> tasks_handler_;
    std::unique_ptr<MeHandler> me_handler_;
    std::unique_ptr<CalendarHandler> calendar_handler_;
    std::unique_ptr<domain::SavedViewService> saved_view_service_;
    std::unique_ptr<ViewsHandler> views_handler_;
    std::unique_ptr<ExportHandler> export_handler_;
    std::unique_ptr<ImportsHandler> imports_handler_;
};

}  // namespace kartoteka::http
