// Nothing a hostile or broken sender posts crashes a generated handler. The camera
// example's project is built with AddressSanitizer and UBSan (-DSWIVEL_SANITIZE=ON),
// passes its own tests so built, and its real server (in-memory state store) is sent,
// over real HTTP, bodies that are huge, nested 100,000 deep, of the wrong types, not
// UTF-8, missing what the host always sends, or not JSON at all. Each one is answered
// with a 4xx naming the problem, leaves exactly one line on the handler's stderr
// saying so, and the handler keeps serving: a valid request right after gets its 200.
// Stopped at the end, the handler exits cleanly, with no sanitizer report.
#include <QtTest>

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "codegen/azure_cpp_generator.h"
#include "generated_project.h"
#include "generated_project_support.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"

using nlohmann::json;
using swivel::codegen::AzureCppGenerator;

namespace {

// handler::kMaxRequestBytes in the generated project (src/handler/device_message.h).
constexpr std::size_t kMaxRequestBytes = 1024 * 1024;

json motion(const std::string& id) {
    return invocationRequest("cam-1", id, {{"event", "Motion"}, {"tags", {{"Bearing", 90}}}});
}

// A valid request of exactly `size` bytes: padded in a metadata entry the handler ignores.
std::string validRequestOfSize(std::size_t size) {
    json request = motion("padded");
    request["Metadata"]["Padding"] = "";
    const std::size_t bare = request.dump().size();
    request["Metadata"]["Padding"] = std::string(size - bare, 'x');
    return request.dump();
}

std::string nestedArrays(int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
}

std::string nestedObjects(int depth) {
    std::string text;
    for (int i = 0; i < depth; ++i)
        text += "{\"a\":";
    return text + "1" + std::string(static_cast<std::size_t>(depth), '}');
}

// `request` with the JSON text at `path` (e.g. "/Data/deviceMessage") replaced by `raw`.
std::string withRaw(json request, const std::string& path, const std::string& raw) {
    const std::string marker = "@@raw@@";
    request[json::json_pointer(path)] = marker;
    std::string text = request.dump();
    text.replace(text.find("\"" + marker + "\""), marker.size() + 2, raw);
    return text;
}

json without(json request, const std::string& path) {
    const json::json_pointer pointer(path);
    request[pointer.parent_pointer()].erase(pointer.back());
    return request;
}

json with(json request, const std::string& path, const json& value) {
    request[json::json_pointer(path)] = value;
    return request;
}

// Whole lines the handler wrote after `before` characters of its output.
QStringList linesAfter(const std::string& output, std::size_t before) {
    return QString::fromStdString(output.substr(before)).split('\n', Qt::SkipEmptyParts);
}

// Sends `bytes` as they are, for requests an HTTP client will not make; the status of
// the answer, or 0.
int rawStatus(int port, const std::string& bytes) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string answer;
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
        send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())) {
        timeval timeout{10, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        char buffer[4096];
        for (ssize_t got; (got = recv(fd, buffer, sizeof buffer, 0)) > 0;)
            answer.append(buffer, static_cast<std::size_t>(got));
    }
    close(fd);
    // "HTTP/1.1 400 Bad Request"
    return answer.starts_with("HTTP/1.1 ") ? std::atoi(answer.c_str() + 9) : 0;
}

// POSTs `total` bytes of JSON-announced spaces with chunked transfer encoding, 64 KiB
// a chunk: no Content-Length, so the handler only knows the size once it has read that
// much.
httplib::Result postChunked(int port, const std::string& path, std::size_t total) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(60, 0);
    const std::string chunk(64 * 1024, ' ');
    std::size_t sent = 0;
    return client.Post(
        path.c_str(),
        [&](std::size_t, httplib::DataSink& sink) {
            if (sent >= total) {
                sink.done();
                return true;
            }
            sent += chunk.size();
            return sink.write(chunk.data(), chunk.size());
        },
        "application/json");
}

// The peak resident set of process `pid` (VmHWM in /proc/PID/status), in KiB; -1 if
// it cannot be read.
long peakResidentKiB(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').front().toLong();
    return -1;
}

} // namespace

class TestGeneratedHostilePayloads : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const std::string file =
            SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json";
        const swivel::model::LoadResult load = swivel::model::loadMachineFile(file);
        QVERIFY2(load.machine, file.c_str());
        m_function = AzureCppGenerator::functionName(load.machine->name, {});
        const swivel::codegen::GeneratorOutput generated =
            AzureCppGenerator().generate({*load.machine, swivel::model::DeviceCatalog::builtin()});
        QVERIFY2(generated.diagnostics.empty(), describe(generated).c_str());
        // A project of its own: the others build the camera without sanitizers.
        m_project = std::make_unique<GeneratedProject>("camera-sanitized", generated.files);
        std::string warnings;
        QVERIFY2(m_project->build(&warnings, {"-DSWIVEL_SANITIZE=ON"}), m_project->error().c_str());
        QVERIFY2(warnings.empty(), warnings.c_str());
    }

    void itsOwnTestsPassUnderTheSanitizers() {
        qputenv("ASAN_OPTIONS", kAsanOptions);
        qputenv("UBSAN_OPTIONS", kUbsanOptions);
        QVERIFY2(m_project->runOwnTests(), m_project->error().c_str());
    }

    void theHandlerStarts() {
        QProcessEnvironment environment;
        environment.insert("ASAN_OPTIONS", kAsanOptions);
        environment.insert("UBSAN_OPTIONS", kUbsanOptions);
        // Without it the handler keeps states in memory: no Azurite needed.
        environment.insert("STATE_STORE_CONNECTION", "");
        m_handler = std::make_unique<HandlerProcess>(m_project->handlerExecutable(), environment);
        QVERIFY2(m_handler->started(), m_handler->error().c_str());
        QVERIFY(m_handler->output().find("kept in memory") != std::string::npos);
        QCOMPARE(postValid(), 200);
    }

    void eachHostileRequestIsRefusedAndLogged_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("logged");  // in the one log line, after the status

        const auto row = [](const char* name, const std::string& body, int status,
                            const char* logged, const char* contentType = "application/json") {
            QTest::newRow(name) << QByteArray::fromStdString(body) << QByteArray(contentType)
                                << status << QString::fromUtf8(logged);
        };
        const json valid = motion("m-hostile");
        const std::string validText = valid.dump();

        // Size.
        row("over the limit", validRequestOfSize(kMaxRequestBytes + 1), 413,
            "larger than 1048576 bytes");
        row("far over the limit", validRequestOfSize(8 * kMaxRequestBytes), 413,
            "larger than 1048576 bytes");
        row("at the limit, valid", validRequestOfSize(kMaxRequestBytes), 200, "");
        row("at the limit, not JSON", std::string(kMaxRequestBytes, 'x'), 400, "not valid JSON");

        // Nesting.
        row("arrays nested 100,000 deep", nestedArrays(100000), 400, "more than 64 levels deep");
        row("objects nested 100,000 deep in the message",
            withRaw(valid, "/Data/deviceMessage", nestedObjects(100000)), 400,
            "more than 64 levels deep");
        row("nested 100,000 deep in a quoted message",
            with(valid, "/Data/deviceMessage", nestedArrays(100000)).dump(), 400,
            "more than 64 levels deep");
        row("nested 100,000 deep in the metadata",
            withRaw(valid, "/Metadata/Other", nestedArrays(100000)), 400,
            "more than 64 levels deep");
        row("tags nested 65 deep", withRaw(valid, "/Data/deviceMessage/tags", nestedObjects(65)),
            400, "more than 64 levels deep");

        // Wrong types.
        row("the body is an array", "[" + validText + "]", 400, "not a JSON object");
        row("the body is null", "null", 400, "not a JSON object");
        row("the body is a string", json(validText).dump(), 400, "not a JSON object");
        row("the body is a number", "42", 400, "not a JSON object");
        row("Data is a number", with(valid, "/Data", 7).dump(), 400, "no \"Data\" object");
        row("Data is an array", with(valid, "/Data", json::array()).dump(), 400,
            "no \"Data\" object");
        row("the message is a number", with(valid, "/Data/deviceMessage", 5).dump(), 400,
            "the device message is a number");
        row("the message is a quoted array", with(valid, "/Data/deviceMessage", "[1]").dump(), 400,
            "the device message is a array");
        row("Metadata is an array", with(valid, "/Metadata", json::array({1})).dump(), 400,
            "no \"iothub-connection-device-id\"");
        row("SystemProperties is a number", with(valid, "/Metadata/SystemProperties", 3).dump(),
            400, "no \"iothub-connection-device-id\"");
        row("the device id is an array",
            with(valid, "/Metadata/SystemProperties/iothub-connection-device-id",
                 json::array({"cam-1"}))
                .dump(),
            400, "is a array, not a string");
        row("the device id is an object",
            with(valid, "/Metadata/SystemProperties/iothub-connection-device-id", json::object())
                .dump(),
            400, "is a object, not a string");
        row("the device id is a boolean",
            with(valid, "/Metadata/SystemProperties/iothub-connection-device-id", true).dump(), 400,
            "is a boolean, not a string");
        row("the event is a number", with(valid, "/Data/deviceMessage/event", 1).dump(), 400,
            "\"event\" is not a non-empty string");
        row("the event is an object", with(valid, "/Data/deviceMessage/event", json::object()).dump(),
            400, "\"event\" is not a non-empty string");
        row("the message id is an object", with(valid, "/Data/deviceMessage/id", {{"a", 1}}).dump(),
            400, "is a object, not a string");
        row("the message id is a float", with(valid, "/Data/deviceMessage/id", 1.5).dump(), 400,
            "is a number, not a string");
        row("the tags are a string", with(valid, "/Data/deviceMessage/tags", "Bearing=90").dump(),
            400, "must be a JSON object");
        row("the tags are an array", with(valid, "/Data/deviceMessage/tags", json::array()).dump(),
            400, "must be a JSON object");
        row("a tag is an object", with(valid, "/Data/deviceMessage/tags/Bearing", {{"deg", 90}}).dump(),
            400, "'Bearing' must be a boolean, number or string");
        row("a tag is null", with(valid, "/Data/deviceMessage/tags/Bearing", nullptr).dump(), 400,
            "'Bearing' must be a boolean, number or string");
        row("a too long device id",
            with(valid, "/Metadata/SystemProperties/iothub-connection-device-id",
                 std::string(100000, 'd'))
                .dump(),
            400, "100000 bytes long");

        // Not UTF-8, and characters that would break a log line.
        std::string notUtf8 = validText;
        notUtf8.replace(notUtf8.find("cam-1"), 5, "cam\xff\xfe");
        row("not UTF-8 in a string", notUtf8, 400, "ill-formed UTF-8 byte");
        std::string inKey = validText;
        inKey.replace(inKey.find("Bearing"), 7, "Bear\xc0\xafng");
        row("not UTF-8 in a key", inKey, 400, "ill-formed UTF-8 byte");
        std::string inEvent = validText;
        inEvent.replace(inEvent.find("Motion"), 6, "Mo\xed\xa0\x80n");  // a surrogate
        row("a UTF-8 surrogate in the event", inEvent, 400, "ill-formed UTF-8 byte");
        row("an escaped lone surrogate",
            withRaw(valid, "/Data/deviceMessage/event", "\"\\ud800\""), 400, "surrogate");
        row("bytes after the body", validText + "\xff", 400, "not valid JSON");
        row("a line break in a tag name",
            with(valid, "/Data/deviceMessage/tags", {{"x\n200 forged log line", {{"a", 1}}}}).dump(),
            400, "x\\x0a200 forged log line");
        row("white space in the event",
            with(valid, "/Data/deviceMessage/event", "Motion\r\n200 forged").dump(), 400,
            "must not contain white space");
        row("a NUL byte", std::string("{\"Data\"\0: 1}", 12), 400, "not valid JSON");

        // Missing what the host always sends.
        row("no Metadata", without(valid, "/Metadata").dump(), 400,
            "no \"iothub-connection-device-id\"");
        row("no SystemProperties", without(valid, "/Metadata/SystemProperties").dump(), 400,
            "no \"iothub-connection-device-id\"");
        row("no device id",
            without(valid, "/Metadata/SystemProperties/iothub-connection-device-id").dump(), 400,
            "no \"iothub-connection-device-id\"");
        row("an empty device id",
            with(valid, "/Metadata/SystemProperties/iothub-connection-device-id", "").dump(), 400,
            "no \"iothub-connection-device-id\"");
        row("no Data", without(valid, "/Data").dump(), 400, "no \"Data\" object");
        row("no trigger binding", without(valid, "/Data/deviceMessage").dump(), 400,
            "\"Data\" has no \"deviceMessage\"");
        row("no event", without(valid, "/Data/deviceMessage/event").dump(), 400,
            "has no \"event\"");
        row("an empty event", with(valid, "/Data/deviceMessage/event", "").dump(), 400,
            "\"event\" is not a non-empty string");
        row("no message id",
            without(without(valid, "/Data/deviceMessage/id"), "/Metadata/SystemProperties/message-id")
                .dump(),
            400, "no \"id\"");

        // Not JSON.
        row("an empty body", "", 400, "not valid JSON");
        row("an empty body without a type", "", 400, "not valid JSON", "");
        row("not JSON", "hello", 400, "not valid JSON");
        row("truncated JSON", validText.substr(0, validText.size() / 2), 400, "not valid JSON");
        row("two bodies", validText + validText, 400, "not valid JSON");
        row("a number out of range", withRaw(valid, "/Data/deviceMessage/tags/Bearing", "1e400"),
            400, "number overflow");
        row("a device id out of range",
            withRaw(valid, "/Metadata/SystemProperties/iothub-connection-device-id", "-1e99999"),
            400, "number overflow");
        row("a message id beyond 64 bits",
            withRaw(valid, "/Data/deviceMessage/id", "18446744073709551616"), 400,
            "is a number, not a string");

        // Not announced as JSON.
        row("text/plain", validText, 415, "text/plain, not application/json", "text/plain");
        row("a form", "event=Motion", 415, "not application/json",
            "application/x-www-form-urlencoded");
        row("an image", validText, 415, "image/png, not application/json", "image/png");
        // Read through httplib's multipart parser, and dropped.
        row("a multipart form",
            "--xyz\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nMotion\r\n--xyz--\r\n",
            415, "multipart/form-data; boundary=xyz, not application/json",
            "multipart/form-data; boundary=xyz");
        row("a multipart form without a boundary", "event=Motion", 400,
            "the request body is broken", "multipart/form-data");
    }

    void eachHostileRequestIsRefusedAndLogged() {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, logged);
        QVERIFY(m_handler && m_handler->started());
        const std::size_t before = m_handler->output().size();
        httplib::Client client("127.0.0.1", m_handler->port());
        client.set_read_timeout(30, 0);
        const auto answer = client.Post(("/" + m_function).c_str(), body.toStdString(),
                                        contentType.toStdString());
        QVERIFY2(answer, httplib::to_string(answer.error()).c_str());
        QVERIFY2(answer->status == status,
                 qPrintable(QString("%1, expected %2: %3")
                                .arg(answer->status)
                                .arg(status)
                                .arg(QString::fromStdString(answer->body.substr(0, 500)))));
        const json answerBody = json::parse(answer->body, nullptr, false);
        QVERIFY2(answerBody.is_object() && answerBody.contains("Logs"), answer->body.c_str());
        checkLogLine(before, status, logged);
        QCOMPARE(postValid(), 200);
    }

    // Requests no HTTP client library makes.
    void brokenHttpIsRefusedAndLogged() {
        QVERIFY(m_handler && m_handler->started());
        const std::size_t before = m_handler->output().size();
        QCOMPARE(rawStatus(m_handler->port(), "GARBAGE\r\n\r\n"), 400);
        checkLogLine(before, 400, "HTTP 400");
        QCOMPARE(postValid(), 200);
    }

    void aChunkedBodyOverTheLimitIsRefused() {
        QVERIFY(m_handler && m_handler->started());
        const std::size_t before = m_handler->output().size();
        const auto answer = postChunked(m_handler->port(), "/" + m_function, 4 * kMaxRequestBytes);
        QVERIFY2(answer, httplib::to_string(answer.error()).c_str());
        QCOMPARE(answer->status, 413);
        checkLogLine(before, 413, "larger than 1048576 bytes");
        QCOMPARE(postValid(), 200);
    }

    // What a chunked body sends past the limit is dropped as it arrives: 64 MiB streamed
    // to the handler leave its peak resident memory (VmHWM) far below that.
    void aChunkedBodyFarOverTheLimitIsNotHeld() {
        QVERIFY(m_handler && m_handler->started());
        const long before = peakResidentKiB(m_handler->pid());
        QVERIFY(before > 0);
        const auto answer = postChunked(m_handler->port(), "/" + m_function, 64 * kMaxRequestBytes);
        QVERIFY2(answer, httplib::to_string(answer.error()).c_str());
        QCOMPARE(answer->status, 413);
        const long grown = peakResidentKiB(m_handler->pid()) - before;
        qInfo("64 MiB sent: the handler's peak resident memory grew by %ld KiB", grown);
        QVERIFY2(grown < 16 * 1024, qPrintable(QString("the peak grew by %1 KiB").arg(grown)));
        QCOMPARE(postValid(), 200);
    }

    void otherPathsAndMethodsAreRefusedAndLogged() {
        QVERIFY(m_handler && m_handler->started());
        httplib::Client client("127.0.0.1", m_handler->port());
        std::size_t before = m_handler->output().size();
        const auto elsewhere = client.Post("/Camera%FF", "{}", "application/json");
        QVERIFY(elsewhere && elsewhere->status == 404);
        checkLogLine(before, 404, "no function at /Camera\\xff");
        // A path with a line break matches no route: httplib's own 404, logged alike.
        before = m_handler->output().size();
        const auto forged = client.Post("/Camera%0A200%20forged", "{}", "application/json");
        QVERIFY(forged && forged->status == 404);
        checkLogLine(before, 404, "HTTP 404 for POST /Camera\\x0a200 forged");
        before = m_handler->output().size();
        const auto get = client.Get(("/" + m_function).c_str());
        QVERIFY(get && get->status == 404);
        checkLogLine(before, 404, "HTTP 404 for GET");
        QCOMPARE(postValid(), 200);
    }

    void theHandlerStopsCleanlyWithoutASanitizerReport() {
        QVERIFY(m_handler && m_handler->started());
        const int exitCode = m_handler->stop();
        const std::string output = m_handler->output();
        for (const char* report : {"AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                                   "runtime error:"})
            QVERIFY2(output.find(report) == std::string::npos, output.c_str());
        QVERIFY2(exitCode == 0, output.c_str());
        QVERIFY2(output.ends_with("stopped\n"), output.c_str());
    }

private:
    static constexpr const char* kAsanOptions = "halt_on_error=1:detect_leaks=1";
    static constexpr const char* kUbsanOptions = "halt_on_error=1:print_stacktrace=1";

    int postValid() {
        httplib::Client client("127.0.0.1", m_handler->port());
        const auto answer = client.Post(("/" + m_function).c_str(),
                                        motion("valid-" + std::to_string(++m_valid)).dump(),
                                        "application/json");
        return answer ? answer->status : 0;
    }

    // The handler wrote exactly one line since `before`: "<status> ...<logged>...",
    // valid UTF-8 (or, for a 200, nothing at all).
    void checkLogLine(std::size_t before, int status, const QString& logged) {
        const std::string output = m_handler->output();
        const QStringList lines = linesAfter(output, before);
        if (status == 200) {
            QVERIFY2(lines.isEmpty(), qPrintable(lines.join('\n')));
            return;
        }
        QVERIFY2(lines.size() == 1, qPrintable(lines.join('\n')));
        const QString& line = lines.front();
        QVERIFY2(line.startsWith(QString::number(status) + ' '), qPrintable(line));
        QVERIFY2(line.contains(logged), qPrintable(line + "\nexpected: " + logged));
        // Bytes that are not UTF-8 would have become U+FFFD here.
        QVERIFY2(!line.contains(QChar::ReplacementCharacter), qPrintable(line));
    }

    std::string m_function;
    std::unique_ptr<GeneratedProject> m_project;
    std::unique_ptr<HandlerProcess> m_handler;
    int m_valid = 0;
};

QTEST_GUILESS_MAIN(TestGeneratedHostilePayloads)
#include "test_generated_hostile_payloads.moc"
