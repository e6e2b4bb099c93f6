#include "http/api_routes.hpp"

#include "http/auth_guard.hpp"
#include "http/handlers/auth_handler.hpp"
#include "http/handlers/calendar_handler.hpp"
#include "http/handlers/customers_handler.hpp"
#include "http/handlers/export_handler.hpp"
#include "http/handlers/views_handler.hpp"
#include "http/handlers/documents_handler.hpp"
#include "http/handlers/history_handler.hpp"
#include "http/handlers/imports_handler.hpp"
#include "http/handlers/me_handler.hpp"
#include "http/handlers/notes_handler.hpp"
#include "http/handlers/system_handler.hpp"
#include "http/handlers/tasks_handler.hpp"

namespace kartoteka::http {

Api::Api(ApiServices services, ApiOptions options)
    : services_(services),
      auth_handler_(std::make_unique<AuthHandler>(services.auth, options.secure_cookies)),
      customers_handler_(std::make_unique<CustomersHandler>(services.customers)),
      history_handler_(
          std::make_unique<HistoryHandler>(services.customers, services.store.customers(), services.store.history())
      ),
      documents_handler_(std::make_unique<DocumentsHandler>(services.documents)),
      notes_handler_(std::make_unique<NotesHandler>(services.notes)),
      system_handler_(std::make_unique<SystemHandler>(services.store, services.store.users())),
      task_service_(std::make_unique<domain::TaskService>(
          services.store.tasks(), services.store.users(), services.store.customers()
      )),
      tasks_handler_(std::make_unique<TasksHandler>(*task_service_)),
      me_handler_(std::make_unique<MeHandler>(
          *task_service_, services.store.notifications(), services.store.calendar_feeds(), options.secure_cookies
      )),
      calendar_handler_(std::make_unique<CalendarHandler>(services.store.calendar_feeds())),
      saved_view_service_(std::make_unique<domain::SavedViewService>(services.store.saved_views())),
      views_handler_(std::make_unique<ViewsHandler>(*saved_view_service_)),
      export_handler_(std::make_unique<ExportHandler>(
          services.store.customers(), services.store.users(), options.export_temp_dir
      )),
      imports_handler_(
          std::make_unique<ImportsHandler>(services.imports, services.store.imports(), services.store.users())
      ) {}

Api::~Api() = default;

void Api::register_routes(Router& router) {
    router.set_guard(make_auth_guard(services_.auth));

    const auto bind = [](auto* handler, Response (std::remove_pointer_t<decltype(handler)>::*method)(Request&)) {
        return [handler, method](Request& request) {
            return (handler->*method)(request);
        };
    };
    auto* auth = auth_handler_.get();
    auto* customers = customers_handler_.get();
    auto* history = history_handler_.get();
    auto* documents = documents_handler_.get();
    auto* notes = notes_handler_.get();
    auto* system = system_handler_.get();
    auto* tasks = tasks_handler_.get();
    auto* me = me_handler_.get();
    auto* calendar = calendar_handler_.get();
    auto* views = views_handler_.get();
    auto* exports = export_handler_.get();
    auto* imports = imports_handler_.get();
    constexpr auto kPublic = Access::Public;
    constexpr auto kUser = Access::Authenticated;
    constexpr auto kJsonBody = RequestBody::Json;
    constexpr auto kUpload = RequestBody::Upload;

    // The whole HTTP surface in one table; openapi/openapi.json documents exactly these routes
    // (tests/integration/http/openapi_coverage_test.cpp keeps the two in step).
    router.add(Method::Get, "/healthz", kPublic, bind(system, &SystemHandler::health));
    router.add(Method::Post, "/api/v1/auth/login", kPublic, bind(auth, &AuthHandler::login), kJsonBody);
    router.add(Method::Post, "/api/v1/auth/logout", kUser, bind(auth, &AuthHandler::logout));
    router.add(Method::Get, "/api/v1/auth/me", kUser, bind(auth, &AuthHandler::me));
    router.add(Method::Post, "/api/v1/auth/tokens", kUser, bind(auth, &AuthHandler::create_token), kJsonBody);
    router.add(Method::Get, "/api/v1/users", kUser, bind(system, &SystemHandler::list_users));
    router.add(Method::Get, "/api/v1/customers", kUser, bind(customers, &CustomersHandler::list));
    router.add(Method::Post, "/api/v1/customers", kUser, bind(customers, &CustomersHandler::create), kJsonBody);
    // Before /customers/{id}: the first matching route wins.
    router.add(Method::Get, "/api/v1/customers/export", kUser, bind(exports, &ExportHandler::export_customers));
    router.add(Method::Get, "/api/v1/customers/{id}", kUser, bind(customers, &CustomersHandler::get));
    router.add(Method::Patch, "/api/v1/customers/{id}", kUser, bind(customers, &CustomersHandler::update), kJsonBody);
    router.add(Method::Delete, "/api/v1/customers/{id}", kUser, bind(customers, &CustomersHandler::remove));
    router.add(Method::Post, "/api/v1/customers/{id}/restore", kUser, bind(customers, &CustomersHandler::restore));
    router.add(Method::Get, "/api/v1/trash/customers", kUser, bind(customers, &CustomersHandler::list_trash));
    router.add(Method::Get, "/api/v1/customers/{id}/history", kUser, bind(history, &HistoryHandler::list));
    router.add(
        Method::Post,
        "/api/v1/customers/{id}/history/{entry_id}/restore",
        kUser,
        bind(history, &HistoryHandler::restore_value),
        kJsonBody
    );
    router.add(
        Method::Get,
        "/api/v1/customers/{id}/contacts/{contact_id}/vcard",
        kUser,
        bind(customers, &CustomersHandler::contact_vcard)
    );
    router.add(Method::Get, "/api/v1/customers/{id}/notes", kUser, bind(notes, &NotesHandler::list));
    router.add(Method::Post, "/api/v1/customers/{id}/notes", kUser, bind(notes, &NotesHandler::create), kJsonBody);
    router.add(Method::Get, "/api/v1/notes/{id}", kUser, bind(notes, &NotesHandler::get));
    router.add(Method::Patch, "/api/v1/notes/{id}", kUser, bind(notes, &NotesHandler::update), kJsonBody);
    router.add(Method::Delete, "/api/v1/notes/{id}", kUser, bind(notes, &NotesHandler::remove));
    router.add(Method::Get, "/api/v1/customers/{id}/documents", kUser, bind(documents, &DocumentsHandler::list));
    router.add(
        Method::Post, "/api/v1/customers/{id}/documents", kUser, bind(documents, &DocumentsHandler::create), kUpload
    );
    router.add(Method::Get, "/api/v1/documents/{id}", kUser, bind(documents, &DocumentsHandler::get));
    router.add(Method::Delete, "/api/v1/documents/{id}", kUser, bind(documents, &DocumentsHandler::remove));
    router.add(Method::Post, "/api/v1/documents/{id}/restore", kUser, bind(documents, &DocumentsHandler::restore));
    router.add(
        Method::Post, "/api/v1/documents/{id}/versions", kUser, bind(documents, &DocumentsHandler::add_version), kUpload
    );
    router.add(Method::Get, "/api/v1/documents/{id}/content", kUser, bind(documents, &DocumentsHandler::content));
    router.add(Method::Get, "/api/v1/customers/{id}/tasks", kUser, bind(tasks, &TasksHandler::list_for_customer));
    router.add(Method::Post, "/api/v1/customers/{id}/tasks", kUser, bind(tasks, &TasksHandler::create), kJsonBody);
    router.add(Method::Get, "/api/v1/tasks", kUser, bind(tasks, &TasksHandler::list));
    router.add(Method::Get, "/api/v1/tasks/{id}", kUser, bind(tasks, &TasksHandler::get));
    router.add(Method::Patch, "/api/v1/tasks/{id}", kUser, bind(tasks, &TasksHandler::update), kJsonBody);
    router.add(Method::Delete, "/api/v1/tasks/{id}", kUser, bind(tasks, &TasksHandler::remove));
    router.add(Method::Get, "/api/v1/me/tasks", kUser, bind(me, &MeHandler::tasks));
    router.add(Method::Get, "/api/v1/me/notifications", kUser, bind(me, &MeHandler::notifications));
    router.add(Method::Post, "/api/v1/me/notifications/{id}/read", kUser, bind(me, &MeHandler::read_notification));
    router.add(Method::Post, "/api/v1/me/notifications/read-all", kUser, bind(me, &MeHandler::read_all_notifications));
    router.add(Method::Get, "/api/v1/me/calendar-feed", kUser, bind(me, &MeHandler::calendar_feed));
    router.add(Method::Post, "/api/v1/me/calendar-feed", kUser, bind(me, &MeHandler::create_calendar_feed));
    router.add(Method::Delete, "/api/v1/me/calendar-feed", kUser, bind(me, &MeHandler::revoke_calendar_feed));
    // Public: the unguessable token in the path is the credential (calendar apps cannot log in).
    router.add(Method::Get, "/api/v1/calendar-feeds/{token}", kPublic, bind(calendar, &CalendarHandler::feed));
    router.add(Method::Get, "/api/v1/openapi.json", kUser, bind(system, &SystemHandler::openapi));
    router.add(Method::Get, "/api/v1/views", kUser, bind(views, &ViewsHandler::list));
    router.add(Method::Post, "/api/v1/views", kUser, bind(views, &ViewsHandler::create), kJsonBody);
    router.add(Method::Get, "/api/v1/views/{id}", kUser, bind(views, &ViewsHandler::get));
    router.add(Method::Patch, "/api/v1/views/{id}", kUser, bind(views, &ViewsHandler::update), kJsonBody);
    router.add(Method::Delete, "/api/v1/views/{id}", kUser, bind(views, &ViewsHandler::remove));
    router.add(Method::Get, "/api/v1/me/default-view", kUser, bind(views, &ViewsHandler::get_default));
    router.add(Method::Put, "/api/v1/me/default-view", kUser, bind(views, &ViewsHandler::set_default), kJsonBody);
    router.add(Method::Get, "/api/v1/imports", kUser, bind(imports, &ImportsHandler::list));
    router.add(Method::Post, "/api/v1/imports", kUser, bind(imports, &ImportsHandler::upload), kUpload);
    router.add(Method::Get, "/api/v1/imports/{id}", kUser, bind(imports, &ImportsHandler::get));
    router.add(Method::Get, "/api/v1/imports/{id}/sheets/{index}", kUser, bind(imports, &ImportsHandler::sheet));
    router.add(
        Method::Post, "/api/v1/imports/{id}/preview", kUser, bind(imports, &ImportsHandler::preview), kJsonBody
    );
    router.add(Method::Post, "/api/v1/imports/{id}/run", kUser, bind(imports, &ImportsHandler::run), kJsonBody);
    router.add(Method::Post, "/api/v1/imports/{id}/cancel", kUser, bind(imports, &ImportsHandler::cancel));
    router.add(Method::Get, "/api/v1/imports/{id}/errors", kUser, bind(imports, &ImportsHandler::errors));
    router.add(Method::Post, "/api/v1/imports/{id}/revert", kUser, bind(imports, &ImportsHandler::revert));
    router.add(Method::Get, "/api/v1/import-mappings", kUser, bind(imports, &ImportsHandler::list_mappings));
    router.add(
        Method::Post, "/api/v1/import-mappings", kUser, bind(imports, &ImportsHandler::create_mapping), kJsonBody
    );
    router.add(Method::Delete, "/api/v1/import-mappings/{id}", kUser, bind(imports, &ImportsHandler::delete_mapping));
}

}  // namespace kartoteka::http
