#include "generated_project.h"

#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>

#include <filesystem>
#include <regex>
#include <sstream>

#include "codegen/write_file_set.h"

GeneratedProject::GeneratedProject(const std::string& name, const swivel::codegen::FileSet& files)
    : m_directory(std::string(SWIVEL_GENERATED_PROJECTS_DIR) + "/" + name) {
    std::filesystem::create_directories(m_directory);
    const swivel::codegen::WriteResult written =
        swivel::codegen::writeFileSet(files, m_directory, "azure-cpp", true);
    if (!written.ok())
        m_error = "cannot write " + m_directory + ": " + written.error;
}

bool GeneratedProject::run(const QString& program, const QStringList& arguments, int timeoutMs,
                           std::string* output) {
    QProcess process;
    process.setWorkingDirectory(QString::fromStdString(m_directory));
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Every project's copy of the shared sources hits the same cache entries.
    environment.insert("CCACHE_BASEDIR", QString::fromStdString(m_directory));
    environment.insert("CCACHE_NOHASHDIR", "true");
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        m_error = program.toStdString() + " did not finish in " + std::to_string(timeoutMs / 1000) +
                  " s:\n" + process.readAll().toStdString();
        return false;
    }
    const std::string text = process.readAll().toStdString();
    if (output)
        *output = text;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = program.toStdString() + " " + arguments.join(' ').toStdString() + " failed:\n" + text;
        return false;
    }
    return true;
}

bool GeneratedProject::build(std::string* warnings, const QStringList& cmakeOptions) {
    if (!m_error.empty())
        return false;
    QStringList configure{"-S", ".", "-B", "build", "-G", "Ninja", "-DCMAKE_BUILD_TYPE=RelWithDebInfo"};
    const QString ccache = QStandardPaths::findExecutable("ccache");
    if (!ccache.isEmpty())
        configure << "-DCMAKE_CXX_COMPILER_LAUNCHER=" + ccache;
    configure << cmakeOptions;
    std::string output;
    if (!run("cmake", configure, 300000) ||
        !run("cmake", {"--build", "build", "--parallel", "2"}, 1200000, &output))
        return false;
    if (warnings) {
        std::istringstream lines(output);
        for (std::string line; std::getline(lines, line);) {
            if (line.find("warning:") != std::string::npos)
                *warnings += line + "\n";
        }
    }
    return true;
}

bool GeneratedProject::runOwnTests() {
    return run("ctest", {"--test-dir", "build", "--output-on-failure"}, 600000);
}

std::string GeneratedProject::handlerExecutable() const {
    return m_directory + "/build/swivel-handler";
}

HandlerProcess::HandlerProcess(const std::string& executable,
                               const QProcessEnvironment& environment) {
    QProcessEnvironment all = QProcessEnvironment::systemEnvironment();
    for (const QString& key : environment.keys())
        all.insert(key, environment.value(key));
    all.remove("FUNCTIONS_CUSTOMHANDLER_PORT");
    m_process.setProcessEnvironment(all);
    // Into a file, not a pipe: a pipe nobody reads while requests run would fill up
    // and stall the handler mid-log.
    m_log = std::make_unique<QTemporaryFile>();
    m_log->open();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_log->fileName());
    m_process.start(QString::fromStdString(executable), {"--port", "0"});
    QElapsedTimer clock;
    clock.start();
    const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
    while (clock.elapsed() < 20000) {
        const bool finished = m_process.waitForFinished(100);
        const std::string seen = output();
        std::smatch match;
        if (std::regex_search(seen, match, listening)) {
            m_port = std::stoi(match[1]);
            return;
        }
        if (finished || m_process.state() == QProcess::NotRunning)
            break;
    }
    m_error = "the handler did not start listening: " + output();
}

HandlerProcess::~HandlerProcess() {
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

int HandlerProcess::stop() {
    m_process.terminate();
    if (!m_process.waitForFinished(10000))
        return -1;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

std::string HandlerProcess::output() {
    QFile file(m_log->fileName());
    file.open(QIODevice::ReadOnly);
    return file.readAll().toStdString();
}

nlohmann::json invocationRequest(const std::string& deviceId, const std::string& messageId,
                                 const nlohmann::json& event) {
    nlohmann::json body = {{"event", event.at("event")}, {"id", messageId}};
    if (event.contains("tags") && !event["tags"].empty())
        body["tags"] = event["tags"];
    return {{"Data", {{"deviceMessage", body}}},
            {"Metadata",
             {{"SystemProperties",
               {{"iothub-connection-device-id", deviceId}, {"message-id", messageId}}}}}};
}
