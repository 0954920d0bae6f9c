// The custom handler: a small HTTP server that the Azure Functions host starts and
// POSTs each invocation of the function to (see handler/invocation.h for the
// request and answer formats and handler/handler.h for what happens in between).
//
//   GET  /                 200 once the server is ready
//   POST /<function name>  one invocation
//
// Port: --port N, else $FUNCTIONS_CUSTOMHANDLER_PORT (set by the host), else 8080.
// State: the Azure Storage table named by the settings in project_settings.h, or,
// without a connection setting, an in-memory store that is lost at exit.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <pthread.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <httplib.h>

#include "handler/invocation.h"
#include "handler/statechart_machine.h"
#include "handler/store_provider.h"
#include "machine.h"
#include "project_settings.h"
#include "store/azure_table_store.h"
#include "store/memory_state_store.h"
#include "store/storage_connection.h"

namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr int kDefaultPort = 8080;

std::optional<std::string> environment(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value)
        return std::nullopt;
    return std::string(value);
}

std::optional<int> parsePort(std::string_view text) {
    if (text.empty() || text.size() > 5)
        return std::nullopt;
    int port = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        port = port * 10 + (c - '0');
    }
    if (port > 65535)
        return std::nullopt;
    return port;
}

struct Options {
    int port = kDefaultPort;
};

// Exits with a usage message on anything it does not understand.
Options readOptions(int argc, char** argv) {
    Options options;
    if (const std::optional<std::string> fromHost = environment("FUNCTIONS_CUSTOMHANDLER_PORT")) {
        const std::optional<int> port = parsePort(*fromHost);
        if (!port) {
            std::cerr << "FUNCTIONS_CUSTOMHANDLER_PORT is not a port number: " << *fromHost << '\n';
            std::exit(2);
        }
        options.port = *port;
    }
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        std::optional<int> port;
        if (argument == "--port" && i + 1 < argc)
            port = parsePort(argv[++i]);
        if (!port) {
            std::cerr << "usage: " << argv[0] << " [--port N]   (N = 0: any free port)\n";
            std::exit(2);
        }
        options.port = *port;
    }
    return options;
}

// Exits with a clear message when the configured store cannot be used.
std::unique_ptr<handler::StoreProvider> openStore() {
    const std::optional<std::string> connectionString =
        environment(project::kStateStoreConnectionSetting);
    if (!connectionString) {
        std::cerr << "warning: " << project::kStateStoreConnectionSetting
                  << " is not set: device states are kept in memory and lost when the handler "
                     "exits (set it to UseDevelopmentStorage=true for Azurite, or to a storage "
                     "account's connection string)\n";
        return std::make_unique<handler::SharedStore>(std::make_unique<store::MemoryStateStore>());
    }
    const std::string table =
        environment(project::kStateTableSetting).value_or(project::kDefaultStateTable);
    try {
        const store::StorageConnection connection = store::parseStorageConnection(*connectionString);
        // Fail now, not on the first event: the table is made or found at start.
        store::AzureTableStore first(connection, table);
        first.ensureTable();
        std::cerr << "state table " << table << " at " << connection.describe() << '\n';
        return std::make_unique<handler::StorePerThread>([connection, table] {
            return std::make_unique<store::AzureTableStore>(connection, table);
        });
    } catch (const std::exception& e) {
        std::cerr << "cannot use the state table " << table << " (settings "
                  << project::kStateStoreConnectionSetting << ", " << project::kStateTableSetting
                  << "): " << e.what() << '\n';
        std::exit(1);
    }
}

std::string toJsonText(const nlohmann::json& json) {
    // Refusals are UTF-8 already (handler/log_text.h); should anything else quote
    // bytes that are not, they are replaced rather than thrown.
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string tooLarge() {
    return "the request body is larger than " + std::to_string(handler::kMaxRequestBytes) +
           " bytes";
}

// Every answer that is not a 200 leaves one line in the log: the status and why.
void respond(const handler::InvocationAnswer& answer, httplib::Response& response) {
    if (!answer.problem.empty())
        std::cerr << std::to_string(answer.status) + ' ' + answer.problem + '\n';
    response.status = answer.status;
    response.set_content(toJsonText(answer.body), "application/json");
}

} // namespace

int main(int argc, char** argv) {
    const Options options = readOptions(argc, argv);

    const handler::StatechartMachine stateMachine(machine::tables());
    const std::unique_ptr<handler::StoreProvider> stores = openStore();

    // SIGINT and SIGTERM are taken by one thread with sigwait (below), not by a
    // handler that could interrupt any thread: blocked here, before the server's
    // threads exist, so that they inherit the mask (and after opening the store, so
    // that a store slow to answer can still be interrupted).
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    const handler::BindingNames bindings{project::kTriggerBinding, project::kCommandBinding};
    const handler::HandlerOptions handlerOptions;
    const std::string functionPath = std::string("/") + project::kFunctionName;

    httplib::Server server;
    server.set_payload_max_length(handler::kMaxRequestBytes);
    // httplib writes a response's headers and body separately: with Nagle's algorithm
    // the body waits for the client's delayed ACK, 40 ms per invocation.
    server.set_tcp_nodelay(true);
    // httplib's default adds SO_REUSEPORT, with which a second handler binds the same
    // port and silently takes part of the requests: SO_REUSEADDR only.
    server.set_socket_options([](socket_t socket) {
        const int yes = 1;
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.Get("/", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("ready\n", "text/plain");
    });
    // Any path, compared here: a function name is not used as a regular expression.
    // The body is read here rather than by httplib before the call, because httplib
    // reads a chunked body whole, whatever its size: past the limit, what arrives is
    // read and dropped, so a handler holds at most the limit per request. It is read to
    // its end all the same: a client sends its whole body before it reads the answer,
    // and a connection closed under it would lose the 413.
    server.Post(".*", [&](const httplib::Request& request, httplib::Response& response,
                          const httplib::ContentReader& readContent) {
        std::string body;
        bool tooLong = false;
        const auto keep = [&](const char* data, std::size_t size) {
            const std::size_t room = handler::kMaxRequestBytes - body.size();
            tooLong = tooLong || size > room;
            body.append(data, std::min(size, room));
            return true;
        };
        // A multipart body goes through httplib's multipart parser, which needs both
        // callbacks; it is refused below (not JSON), and dropped here.
        const bool read =
            request.is_multipart_form_data()
                ? readContent([](const httplib::MultipartFormData&) { return true; },
                              [](const char*, std::size_t) { return true; })
                : readContent(keep);
        // httplib skips a body whose Content-Length is over the limit (413) and stops at
        // a broken chunked encoding (400).
        if (!read && response.status == 413)
            return respond(handler::refusal(413, tooLarge()), response);
        if (!read)
            return respond(handler::refusal(400, "the request body is broken"), response);
        if (request.path != functionPath)
            return respond(handler::refusal(404, "no function at " + request.path), response);
        if (tooLong)
            return respond(handler::refusal(413, tooLarge()), response);
        const std::string contentType = request.get_header_value("Content-Type");
        if (!handler::isJsonContentType(contentType))
            return respond(handler::refusal(415, "the request body is " + contentType +
                                                     ", not application/json"),
                           response);
        respond(handler::answerInvocation(body, bindings, stateMachine, stores->forThisThread(),
                                          handlerOptions),
                response);
    });

    // Answers httplib gives by itself (400 for broken HTTP, 404 for another method; 413
    // should a route ever leave the body to it) get a body in the format of the others,
    // and a log line; answers made above keep theirs.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        const std::string why =
            response.status == 413
                ? tooLarge()
                : "HTTP " + std::to_string(response.status) +
                      (request.method.empty() ? "" : " for " + request.method + " " + request.path);
        respond(handler::refusal(response.status, why), response);
        return httplib::Server::HandlerResponse::Handled;
    }));

    const int port = options.port == 0 ? server.bind_to_any_port(kHost)
                                       : (server.bind_to_port(kHost, options.port) ? options.port : -1);
    if (port < 0) {
        std::cerr << "cannot listen on " << kHost << ':' << options.port
                  << " (is another process using the port?)\n";
        return 1;
    }

    std::atomic<bool> finished{false};
    std::thread stopper([&server, &stopSignals, &finished] {
        int signal = 0;
        sigwait(&stopSignals, &signal);
        // stop() does nothing to a server that is not running yet.
        while (!finished && !server.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        server.stop();
    });

    std::cout << "listening on " << kHost << ':' << port << std::endl;
    const bool served = server.listen_after_bind();
    finished = true;

    // If the server stopped by itself (an error), this wakes the stopper; if a signal
    // stopped it, this one stays pending, blocked, until the process ends.
    kill(getpid(), SIGTERM);
    stopper.join();
    std::cerr << "stopped\n";
    return served ? 0 : 1;
}
