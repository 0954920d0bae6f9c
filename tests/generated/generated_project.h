#pragma once
// A generated project on disk, built with its own CMakeLists.txt as a user would build
// it, and its handler started as the Functions host would start it. Projects live in
// the build tree (SWIVEL_GENERATED_PROJECTS_DIR/<name>) and are rebuilt incrementally,
// with ccache when there is one.

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryFile>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "codegen/file_set.h"

class GeneratedProject {
public:
    // Writes `files` (only what changed) into SWIVEL_GENERATED_PROJECTS_DIR/<name>.
    GeneratedProject(const std::string& name, const swivel::codegen::FileSet& files);

    const std::string& directory() const { return m_directory; }
    const std::string& error() const { return m_error; }

    // cmake configure + build; false and error() with the tool's output otherwise.
    // `warnings` receives any compiler warning lines (there must be none);
    // `cmakeOptions` are added to the configure step (e.g. -DSWIVEL_SANITIZE=ON).
    bool build(std::string* warnings = nullptr, const QStringList& cmakeOptions = {});
    // The project's own tests (ctest); false and error() with their output otherwise.
    bool runOwnTests();
    std::string handlerExecutable() const;

private:
    bool run(const QString& program, const QStringList& arguments, int timeoutMs,
             std::string* output = nullptr);

    std::string m_directory;
    std::string m_error;
};

// A running handler process on a free port; killed when destroyed.
class HandlerProcess {
public:
    // `environment` adds to the process environment (e.g. the state store's setting).
    HandlerProcess(const std::string& executable, const QProcessEnvironment& environment);
    ~HandlerProcess();
    bool started() const { return m_port > 0; }
    int port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    const std::string& error() const { return m_error; }
    std::string output();  // what it printed so far (stdout and stderr)
    // Stops it as the host does (SIGTERM) and waits: its exit code, or -1 when it
    // crashed or did not stop within 10 s.
    int stop();

private:
    std::unique_ptr<QTemporaryFile> m_log;
    QProcess m_process;
    int m_port = 0;
    std::string m_error;
};

// The host's invocation request for one device message.
nlohmann::json invocationRequest(const std::string& deviceId, const std::string& messageId,
                                 const nlohmann::json& event);
