// swivel-cli through run(): validate, step, export (DOT and Mermaid; PNG and SVG from the
// real executable are in test_cli_export.cpp), --help and --version, exit codes.

#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli_test_support.h"

namespace {

using Run = swivel::test::CliRun;
using swivel::test::cli;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The names in `directory`, to see that a failed export left nothing behind.
std::vector<std::string> directoryEntries(const std::string& directory) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(directory))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);)
        result.push_back(line);
    return result;
}

const std::string kExamples = SWIVEL_SOURCE_RESOURCES "/examples";
const std::string kCamera = kExamples + "/camera-point-focus-shoot.swivel.json";
const std::string kSyntaxError = SWIVEL_TEST_DATA "/syntax-error.swivel.json";
const std::vector<std::string> kCameraStates{"On",    "Idle",      "Shooting", "Swivel",
                                             "Focus", "TakePhoto", "Off"};

constexpr int kOk = static_cast<int>(swivel::cli::ExitCode::Ok);
constexpr int kErrors = static_cast<int>(swivel::cli::ExitCode::Errors);
constexpr int kUsage = static_cast<int>(swivel::cli::ExitCode::Usage);

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void validateExamplesIsSilent() {
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
            const std::string path = entry.path().string();
            if (path.ends_with(".swivel.json"))
                files.push_back(path);
        }
        QVERIFY(!files.empty());
        for (const std::string& file : files) {
            const Run run = cli({"validate", file});
            QVERIFY2(run.code == kOk && run.out.empty() && run.err.empty(),
                     (file + ":\n" + run.out + run.err).c_str());
        }
        std::vector<std::string> all{"validate"};
        all.insert(all.end(), files.begin(), files.end());
        const Run run = cli(all);
        QCOMPARE(run.code, kOk);
        QVERIFY(run.out.empty());
    }

    void missingFileIsUsageError() {
        const std::string missing = SWIVEL_TEST_DATA "/no-such-file.swivel.json";
        const Run run = cli({"validate", missing});
        QCOMPARE(run.code, kUsage);
        QVERIFY2(run.out.find(missing + ":") == 0, run.out.c_str());
        QVERIFY(run.out.find("SW008") != std::string::npos);
        // One unreadable file among good ones still makes the run unusable.
        QCOMPARE(cli({"validate", kCamera, missing}).code, kUsage);
        QCOMPARE(cli({"step", missing, "Motion"}).code, kUsage);
    }

    void badArgumentsAreUsageErrors() {
        QCOMPARE(cli({}).code, kUsage);
        QCOMPARE(cli({"validate"}).code, kUsage);
        QCOMPARE(cli({"frobnicate", kCamera}).code, kUsage);
        QCOMPARE(cli({"validate", "--no-such-option", kCamera}).code, kUsage);
        QCOMPARE(cli({"step"}).code, kUsage);
        const Run run = cli({"validate"});
        QVERIFY(!run.err.empty());
        QVERIFY(run.out.empty());
    }

    void syntaxErrorNamesLineAndColumn() {
        // data/syntax-error.swivel.json has a stray '@' at line 4, column 14.
        const Run run = cli({"validate", kSyntaxError});
        QCOMPARE(run.code, kErrors);
        const auto output = lines(run.out);
        QVERIFY(!output.empty());
        const std::string expected = kSyntaxError + ":4:14: error: SW001: ";
        QVERIFY2(output.front().rfind(expected, 0) == 0, run.out.c_str());
        QVERIFY(output.front().size() > expected.size());  // and a message
    }

    void jsonOutputHasTheFields() {
        const Run run = cli({"validate", "--json", kSyntaxError, kCamera});
        QCOMPARE(run.code, kErrors);
        const auto json = nlohmann::json::parse(run.out, nullptr, false);
        QVERIFY2(json.is_array() && !json.empty(), run.out.c_str());
        for (const auto& d : json) {
            for (const char* field :
                 {"file", "line", "column", "severity", "code", "element", "field", "message"})
                QVERIFY2(d.contains(field), field);
        }
        QCOMPARE(json[0]["file"].get<std::string>(), kSyntaxError);
        QCOMPARE(json[0]["line"].get<int>(), 4);
        QCOMPARE(json[0]["column"].get<int>(), 14);
        QCOMPARE(json[0]["severity"].get<std::string>(), std::string("error"));
        QCOMPARE(json[0]["code"].get<std::string>(), std::string("SW001"));

        const Run clean = cli({"validate", "--json", kCamera});
        QCOMPARE(clean.code, kOk);
        QCOMPARE(nlohmann::json::parse(clean.out), nlohmann::json::array());
    }

    void stepPointFocusShoot() {
        const Run run = cli({"step", kCamera, R"(Motion={"Bearing":90})", "MoveDone", "FocusDone"});
        QVERIFY2(run.code == kOk, run.err.c_str());
        const auto output = lines(run.out);
        QCOMPARE(output.size(), std::size_t(4));
        std::vector<std::string> sends;
        std::vector<nlohmann::json> steps;
        for (const std::string& line : output) {
            const auto json = nlohmann::json::parse(line, nullptr, false);
            QVERIFY2(json.is_object(), line.c_str());
            QVERIFY(json.contains("event") && json.contains("configuration") &&
                    json.contains("actions"));
            for (const auto& action : json["actions"]) {
                QVERIFY(action.contains("kind"));
                if (action["kind"] == "send")
                    sends.push_back(action["command"].get<std::string>());
            }
            steps.push_back(json);
        }
        QVERIFY(steps[0]["event"].is_null());
        QCOMPARE(steps[1]["event"].get<std::string>(), std::string("Motion"));
        QCOMPARE(steps[3]["event"].get<std::string>(), std::string("FocusDone"));
        const auto& last = steps[3]["configuration"];
        QVERIFY2(std::find(last.begin(), last.end(), "TakePhoto") != last.end(),
                 output.back().c_str());
        QCOMPARE(sends, (std::vector<std::string>{"Swivel", "Focus", "TakePhoto"}));
        // The bearing is typed by the device type (int) and reaches the command.
        for (const auto& action : steps[1]["actions"]) {
            if (action["kind"] == "send")
                QCOMPARE(action["args"]["Bearing"], nlohmann::json(90));
        }
        // The lines are compact: one object each, keys in the documented order.
        QVERIFY2(output[0].rfind(R"({"event":null,"configuration":[)", 0) == 0,
                 output[0].c_str());
    }

    void stepBadPayloadIsUsageError() {
        for (const std::string argument :
             {R"(Motion={"Bearing":)", "Motion=[1,2]", R"(Motion={"Bearing":"north"})", "=x"}) {
            const Run run = cli({"step", kCamera, argument});
            QCOMPARE(run.code, kUsage);
            QVERIFY2(run.err.find(argument) != std::string::npos, run.err.c_str());
            QVERIFY(run.out.empty());
        }
    }

    void stepBrokenFilePrintsDiagnostics() {
        const Run run = cli({"step", kSyntaxError, "Motion"});
        QCOMPARE(run.code, kErrors);
        QVERIFY2(run.out.rfind(kSyntaxError + ":4:14: error: SW001: ", 0) == 0, run.out.c_str());
    }

    void exportDotToStandardOutput() {
        const Run run = cli({"export", kCamera, "--format", "dot", "-o", "-"});
        QVERIFY2(run.code == kOk, run.err.c_str());
        QVERIFY(run.err.empty());
        QVERIFY2(run.out.rfind("digraph ", 0) == 0, run.out.c_str());
        for (const std::string& id : kCameraStates)
            QVERIFY2(contains(run.out, "\"" + id + "\""), id.c_str());
        // Shooting is a compound state inside On: its cluster sits inside On's.
        const std::size_t on = run.out.find("subgraph \"cluster_On\"");
        const std::size_t shooting = run.out.find("subgraph \"cluster_Shooting\"");
        QVERIFY(on != std::string::npos && shooting != std::string::npos);
        QVERIFY(on < shooting);
        QVERIFY(!contains(run.out, "subgraph \"cluster_Idle\""));  // atomic: a node
    }

    void exportMermaidFormatFromExtension() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("camera.mmd").toStdString();
        const Run run = cli({"export", kCamera, "-o", out});
        QVERIFY2(run.code == kOk, run.err.c_str());
        QVERIFY(run.out.empty() && run.err.empty());
        const std::string text = readFile(out);
        QVERIFY2(text.rfind("stateDiagram-v2\n", 0) == 0, text.c_str());
        for (const std::string& id : kCameraStates)
            QVERIFY2(contains(text, id), id.c_str());
        QVERIFY(contains(text, "state On {"));
        QVERIFY(contains(text, "    state Shooting {"));  // nested, indented inside On
        QCOMPARE(directoryEntries(dir.path().toStdString()),
                 std::vector<std::string>{"camera.mmd"});  // no temporary left over
    }

    void exportFormatsFromEveryExtension() {
        QTemporaryDir dir;
        for (const auto& [name, start] : std::vector<std::pair<std::string, std::string>>{
                 {"a.dot", "digraph "}, {"b.GV", "digraph "}, {"c.mmd", "stateDiagram-v2"}}) {
            const std::string out = dir.filePath(QString::fromStdString(name)).toStdString();
            const Run run = cli({"export", kCamera, "-o", out});
            QVERIFY2(run.code == kOk, (name + ": " + run.err).c_str());
            QVERIFY2(readFile(out).rfind(start, 0) == 0, name.c_str());
        }
        // An explicit --format wins over the extension.
        const std::string out = dir.filePath("d.txt").toStdString();
        QCOMPARE(cli({"export", kCamera, "-f", "MERMAID", "-o", out}).code, kOk);
        QVERIFY(readFile(out).rfind("stateDiagram-v2", 0) == 0);
    }

    void exportReplacesAnExistingFile() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("camera.dot").toStdString();
        std::ofstream(out) << "old contents that are longer than nothing";
        QCOMPARE(cli({"export", kCamera, "-o", out}).code, kOk);
        QVERIFY(readFile(out).rfind("digraph ", 0) == 0);
        QVERIFY(!contains(readFile(out), "old contents"));
    }

    void exportUnknownFormatListsTheFormats() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("camera.dot").toStdString();
        const Run run = cli({"export", kCamera, "--format", "jpeg", "-o", out});
        QCOMPARE(run.code, kUsage);
        QVERIFY2(contains(run.err, "unknown format 'jpeg'"), run.err.c_str());
        QVERIFY2(contains(run.err, "png, svg, dot, mermaid"), run.err.c_str());
        QVERIFY(directoryEntries(dir.path().toStdString()).empty());

        const Run byExtension = cli({"export", kCamera, "-o", dir.filePath("x.jpg").toStdString()});
        QCOMPARE(byExtension.code, kUsage);
        QVERIFY2(contains(byExtension.err, ".png .svg .dot .gv .mmd"), byExtension.err.c_str());
        QVERIFY(directoryEntries(dir.path().toStdString()).empty());

        const Run stdoutWithoutFormat = cli({"export", kCamera, "-o", "-"});
        QCOMPARE(stdoutWithoutFormat.code, kUsage);
        QVERIFY2(contains(stdoutWithoutFormat.err, "--format"), stdoutWithoutFormat.err.c_str());
        QVERIFY(stdoutWithoutFormat.out.empty());

        QCOMPARE(cli({"export", kCamera}).code, kUsage);  // -o is required
        const Run scale = cli({"export", kCamera, "--scale", "2", "-o", out});
        QCOMPARE(scale.code, kUsage);
        QVERIFY2(contains(scale.err, "--scale applies to png only"), scale.err.c_str());
        QCOMPARE(cli({"export", kCamera, "--scale", "0", "-o", "x.png"}).code, kUsage);
    }

    void exportImagesNeedTheRenderer() {
        // run() without a DiagramRenderer is swivel-cli built with SWIVEL_BUILD_GUI=OFF.
        QTemporaryDir dir;
        for (const std::string name : {"camera.png", "camera.svg"}) {
            const std::string out = dir.filePath(QString::fromStdString(name)).toStdString();
            const Run run = cli({"export", kCamera, "-o", out});
            QCOMPARE(run.code, kUsage);
            QVERIFY2(contains(run.err, "not available in this build"), run.err.c_str());
            QVERIFY2(contains(run.err, "dot, mermaid"), run.err.c_str());
        }
        QVERIFY(directoryEntries(dir.path().toStdString()).empty());
    }

    void exportHandsImagesToTheRenderer() {
        std::vector<std::string> asked;
        const swivel::cli::DiagramRenderer renderer =
            [&](const swivel::model::Machine& machine, const std::string& format, double scale,
                std::string& error) -> std::optional<std::string> {
            asked.push_back(machine.name + "|" + format + "|" + std::to_string(scale));
            if (format == "svg") {
                error = "out of ink";
                return std::nullopt;
            }
            return std::string("\x89PNG\r\n", 6);
        };
        QTemporaryDir dir;
        const std::string png = dir.filePath("camera.png").toStdString();
        std::ostringstream out, err;
        QCOMPARE(swivel::cli::run({"export", kCamera, "-o", png, "--scale", "1.5"}, out, err,
                                  renderer),
                 kOk);
        QCOMPARE(readFile(png), std::string("\x89PNG\r\n", 6));
        const std::string svg = dir.filePath("camera.svg").toStdString();
        QCOMPARE(swivel::cli::run({"export", kCamera, "-o", svg}, out, err, renderer), kUsage);
        QVERIFY2(contains(err.str(), "cannot draw the svg image: out of ink"), err.str().c_str());
        QCOMPARE(asked, (std::vector<std::string>{"Camera: point, focus, shoot|png|1.500000",
                                                  "Camera: point, focus, shoot|svg|1.000000"}));
        QCOMPARE(directoryEntries(dir.path().toStdString()),
                 std::vector<std::string>{"camera.png"});
    }

    void exportBrokenFilesPrintDiagnostics() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("out.dot").toStdString();
        const Run broken = cli({"export", kSyntaxError, "-o", out});
        QCOMPARE(broken.code, kErrors);
        QVERIFY2(broken.err.rfind(kSyntaxError + ":4:14: error: SW001: ", 0) == 0,
                 broken.err.c_str());
        QVERIFY(broken.out.empty());

        const std::string missing = SWIVEL_TEST_DATA "/no-such-file.swivel.json";
        const Run unreadable = cli({"export", missing, "-o", out});
        QCOMPARE(unreadable.code, kUsage);
        QVERIFY2(unreadable.err.rfind(missing + ":", 0) == 0, unreadable.err.c_str());
        QVERIFY(contains(unreadable.err, "SW008"));
        QVERIFY(directoryEntries(dir.path().toStdString()).empty());
    }

    void exportToAnUnwritablePathLeavesNothing() {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        const Run noDirectory = cli({"export", kCamera, "-o", root + "/missing/camera.dot"});
        QCOMPARE(noDirectory.code, kUsage);
        QVERIFY2(contains(noDirectory.err, "cannot write " + root + "/missing/camera.dot: "),
                 noDirectory.err.c_str());
        // A directory in OUT's place: the temporary file is written, the rename fails,
        // and the temporary must go again.
        std::filesystem::create_directory(root + "/camera.dot");
        const Run directory = cli({"export", kCamera, "-o", root + "/camera.dot"});
        QCOMPARE(directory.code, kUsage);
        QVERIFY2(contains(directory.err, "cannot write "), directory.err.c_str());
        QCOMPARE(directoryEntries(root), std::vector<std::string>{"camera.dot"});
        QVERIFY(std::filesystem::is_empty(root + "/camera.dot"));
    }

    void helpForEverySubcommand() {
        const Run top = cli({"--help"});
        QCOMPARE(top.code, kOk);
        QVERIFY(top.out.find("validate") != std::string::npos);
        QVERIFY(top.out.find("step") != std::string::npos);
        const Run validate = cli({"validate", "--help"});
        QCOMPARE(validate.code, kOk);
        QVERIFY2(validate.out.find("--json") != std::string::npos, validate.out.c_str());
        const Run step = cli({"step", "--help"});
        QCOMPARE(step.code, kOk);
        QVERIFY2(step.out.find("EVENT") != std::string::npos, step.out.c_str());
        QVERIFY(top.out.find("export") != std::string::npos);
        const Run exporting = cli({"export", "--help"});
        QCOMPARE(exporting.code, kOk);
        for (const char* part : {"--format", "-o", "--scale", "png", "svg", "dot", "mermaid",
                                 ".gv", ".mmd"})
            QVERIFY2(exporting.out.find(part) != std::string::npos, part);
    }

    void version() {
        const Run run = cli({"--version"});
        QCOMPARE(run.code, kOk);
        QCOMPARE(run.out, std::string("swivel-cli 0.1.0\n"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
