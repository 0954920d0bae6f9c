#include "generated_project_support.h"

#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace {

void writeFile(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// Replays one walk through one generated machine; prints the first difference.
const char* const kWalkChecker = R"cpp(
#include <fstream>
#include <iostream>
#include <string>
#include <nlohmann/json.hpp>
#include "statechart/json.h"

static nlohmann::json actionsJson(const std::vector<statechart::Action>& actions) {
    nlohmann::json list = nlohmann::json::array();
    for (const statechart::Action& action : actions)
        list.push_back(statechart::actionToJson(action));
    return list;
}

static bool walk(const statechart::MachineTables& machine, const std::string& file) {
    std::ifstream in(file);
    const nlohmann::json walk = nlohmann::json::parse(in);
    auto differs = [&](std::size_t step, const char* what, const nlohmann::json& expected,
                       const nlohmann::json& actual) {
        if (expected == actual)
            return false;
        std::cout << file << " step " << step << ": " << what << " differs\n  expected "
                  << expected.dump() << "\n  actual   " << actual.dump() << "\n";
        return true;
    };
    statechart::StepResult started = statechart::start(machine);
    if (differs(0, "start configuration", walk["start"]["configuration"],
                statechart::configurationToJson(machine, started.configuration)) ||
        differs(0, "start actions", walk["start"]["actions"], actionsJson(started.actions)))
        return false;
    statechart::Configuration configuration = started.configuration;
    std::size_t index = 0;
    for (const nlohmann::json& expected : walk["steps"]) {
        ++index;
        if (expected.contains("restart")) {
            configuration = statechart::start(machine).configuration;
            continue;
        }
        std::string error;
        const auto event = statechart::eventFromJson(expected["event"]["event"].get<std::string>(),
                                                     expected["event"]["tags"], &error);
        if (!event) {
            std::cout << file << " step " << index << ": " << error << "\n";
            return false;
        }
        statechart::StepResult result = statechart::step(machine, configuration, *event);
        if (differs(index, "configuration", expected["configuration"],
                    statechart::configurationToJson(machine, result.configuration)) ||
            differs(index, "actions", expected["actions"], actionsJson(result.actions)) ||
            differs(index, "liveness", expected["live"], nlohmann::json(result.live)))
            return false;
        configuration = std::move(result.configuration);
    }
    return true;
}
)cpp";

} // namespace

std::vector<std::string> exampleFiles() {
    std::vector<std::string> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(SWIVEL_SOURCE_RESOURCES "/examples")) {
        if (entry.path().string().ends_with(".swivel.json"))
            files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string describe(const swivel::codegen::GeneratorOutput& output) {
    std::string text;
    for (const auto& diagnostic : output.diagnostics)
        text += diagnostic.code + ": " + diagnostic.message + "\n";
    return text;
}

WalkRun
runWalks(const std::vector<std::pair<std::string, swivel::codegen::GeneratorOutput>>& machines) {
    WalkRun run;
    QTemporaryDir directory;
    const std::filesystem::path root = directory.path().toStdString();
    if (machines.empty())
        return run;
    const swivel::codegen::FileSet& first = machines.front().second.files;
    for (const std::string& path : first.paths()) {
        if (path.starts_with("src/statechart/"))
            writeFile(root / path, *first.find(path));
    }
    // Every machine in one translation unit, each in a namespace of its own: the
    // generated `namespace machine` is renamed by the preprocessor.
    std::string driver =
        "#include <cstdint>\n#include <limits>\n#include <string_view>\n#include <utility>\n"
        "#include \"statechart/statechart.h\"\n#include \"statechart/operators.h\"\n";
    driver += kWalkChecker;
    std::string calls;
    long steps = 0;
    for (std::size_t k = 0; k < machines.size(); ++k) {
        const swivel::codegen::FileSet& files = machines[k].second.files;
        const std::string name = "machine_" + std::to_string(k);
        writeFile(root / name / "machine.h", *files.find("src/machine.h"));
        writeFile(root / name / "machine.cpp", *files.find("src/machine.cpp"));
        const std::string walkText = *files.find("tests/machine_walk.json");
        writeFile(root / (name + ".json"), walkText);
        driver +=
            "#define machine " + name + "\n#include \"" + name + "/machine.cpp\"\n#undef machine\n";
        calls += "    ok = walk(" + name + "::tables(), \"" + (root / (name + ".json")).string() +
                 "\") && ok;\n";
        const nlohmann::json walk = nlohmann::json::parse(walkText);
        for (const nlohmann::json& step : walk["steps"]) {
            if (step.contains("restart"))
                continue;
            ++steps;
            if (!step["actions"].empty())
                ++run.stepsWithActions;
            for (const nlohmann::json& action : step["actions"])
                run.errorActions += action["kind"] == "error";
            run.timerSteps += step["event"]["event"].get<std::string>().starts_with("after:");
        }
    }
    driver += "int main() {\n    bool ok = true;\n" + calls + "    return ok ? 0 : 1;\n}\n";
    writeFile(root / "driver.cpp", driver);

    QProcess compiler;
    compiler.setWorkingDirectory(QString::fromStdString(root.string()));
    compiler.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments{"-std=c++20", "-O0", "-Wall",      "-Wextra", "-Werror",
                          "-I",         "src", "driver.cpp", "-o",      "walks"};
    for (const auto& entry : std::filesystem::directory_iterator(root / "src" / "statechart")) {
        if (entry.path().extension() == ".cpp")
            arguments << QString::fromStdString(entry.path().string());
    }
    compiler.start(SWIVEL_CXX_COMPILER, arguments);
    compiler.waitForFinished(600000);
    run.compiled = compiler.exitStatus() == QProcess::NormalExit && compiler.exitCode() == 0;
    run.output = compiler.readAll().toStdString();
    run.summary = std::to_string(machines.size()) + " machines, " + std::to_string(steps) +
                  " steps (" + std::to_string(run.stepsWithActions) + " with actions, " +
                  std::to_string(run.errorActions) + " error actions, " +
                  std::to_string(run.timerSteps) + " timer events)";
    if (!run.compiled)
        return run;
    QProcess program;
    program.setProcessChannelMode(QProcess::MergedChannels);
    program.start(QString::fromStdString((root / "walks").string()), {});
    program.waitForFinished(600000);
    run.output = program.readAll().toStdString();
    run.passed = program.exitStatus() == QProcess::NormalExit && program.exitCode() == 0;
    return run;
}
