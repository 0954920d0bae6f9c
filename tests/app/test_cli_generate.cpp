// swivel-cli generate: writes the project of a target (azure-cpp by default) and a
// manifest of what it wrote; refuses to overwrite a file changed by hand since,
// unless --force; says clearly what is wrong with a file, a target or a device type.
#include <QtTest>

#include <QCryptographicHash>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli_test_support.h"

namespace {

using Run = swivel::test::CliRun;
using swivel::test::cli;

const std::string kCamera =
    SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json";
const std::string kSyntaxError = SWIVEL_TEST_DATA "/syntax-error.swivel.json";
const std::string kManifest = ".swivel-manifest.json";
const std::string kFunctionJson = "CameraPointFocusShoot/function.json";

constexpr int kOk = static_cast<int>(swivel::cli::ExitCode::Ok);
constexpr int kErrors = static_cast<int>(swivel::cli::ExitCode::Errors);
constexpr int kUsage = static_cast<int>(swivel::cli::ExitCode::Usage);

using swivel::test::contains;
using swivel::test::readFile;
using swivel::test::writeFile;

std::string sha256(const std::string& bytes) {
    return QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

std::map<std::string, std::string> manifestOf(const std::string& directory) {
    const nlohmann::json manifest = nlohmann::json::parse(readFile(directory + "/" + kManifest));
    std::map<std::string, std::string> files;
    for (const auto& entry : manifest["files"])
        files[entry["path"].get<std::string>()] = entry["sha256"].get<std::string>();
    return files;
}

std::string details(const Run& run) {
    return "out:\n" + run.out + "err:\n" + run.err;
}

} // namespace

class TestCliGenerate : public QObject {
    Q_OBJECT
private slots:
    void writesTheAzureProjectAndAManifestOfItsFiles() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString() + "/out";
        const Run run = cli({"generate", kCamera, "-o", out});
        QVERIFY2(run.code == kOk, details(run).c_str());
        QVERIFY2(run.err.empty(), run.err.c_str());
        const auto manifest = manifestOf(out);
        for (const std::string& path :
             {std::string("host.json"), std::string("local.settings.json.example"),
              kFunctionJson, std::string("CMakeLists.txt"), std::string("README.md"),
              std::string("src/machine.cpp"), std::string("src/main.cpp"),
              std::string("tests/machine_walk.json")}) {
            QVERIFY2(manifest.count(path), path.c_str());
            QCOMPARE(manifest.at(path), sha256(readFile(out + "/" + path)));
            QVERIFY2(contains(run.out, path), run.out.c_str());
        }
        const nlohmann::json host = nlohmann::json::parse(readFile(out + "/host.json"));
        QCOMPARE(host["customHandler"]["description"]["defaultExecutablePath"], "swivel-handler");
    }

    void aHandEditedFileIsProtectedAndForceOverwritesIt() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        QCOMPARE(cli({"generate", kCamera, "-o", out}).code, kOk);
        const std::string generated = readFile(out + "/host.json");
        const std::string edited = generated + "\n// my note\n";
        writeFile(out + "/host.json", edited);
        writeFile(out + "/" + kFunctionJson, "{}\n");

        const Run refused = cli({"generate", kCamera, "-o", out});
        QCOMPARE(refused.code, kErrors);
        // Each protected file is named.
        QVERIFY2(contains(refused.err, "host.json: it was changed by hand"), refused.err.c_str());
        QVERIFY2(contains(refused.err, kFunctionJson + ": it was changed by hand"),
                 refused.err.c_str());
        QVERIFY2(contains(refused.err, "--force"), refused.err.c_str());
        QCOMPARE(readFile(out + "/host.json"), edited);

        const Run forced = cli({"generate", kCamera, "-o", out, "--force"});
        QVERIFY2(forced.code == kOk, details(forced).c_str());
        QCOMPARE(readFile(out + "/host.json"), generated);
        QCOMPARE(manifestOf(out).at("host.json"), sha256(generated));
    }

    void regeneratingAnUntouchedProjectSucceedsAndKeepsOtherFiles() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        QCOMPARE(cli({"generate", kCamera, "-o", out}).code, kOk);
        writeFile(out + "/notes.md", "my notes\n");
        const Run again = cli({"generate", kCamera, "-o", out});
        QVERIFY2(again.code == kOk, details(again).c_str());
        const std::string unchanged =
            "0 written, " + std::to_string(manifestOf(out).size()) + " unchanged";
        QVERIFY2(contains(again.out, unchanged), again.out.c_str());
        QCOMPARE(readFile(out + "/notes.md"), std::string("my notes\n"));
    }

    void theTargetCanBeChosen() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        const Run run = cli({"generate", kCamera, "--target", "mermaid", "-o", out});
        QVERIFY2(run.code == kOk, details(run).c_str());
        QVERIFY(std::filesystem::exists(out + "/machine.mmd"));
        QVERIFY(!std::filesystem::exists(out + "/host.json"));
        QCOMPARE(nlohmann::json::parse(readFile(out + "/" + kManifest))["target"], "mermaid");
    }

    void anUnknownTargetIsRefusedListingTheKnownOnes() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString() + "/out";
        const Run run = cli({"generate", kCamera, "--target", "cobol", "-o", out});
        QCOMPARE(run.code, kUsage);
        QVERIFY2(contains(run.err, "unknown target 'cobol'"), run.err.c_str());
        QVERIFY2(contains(run.err, "azure-cpp, dot, mermaid"), run.err.c_str());
        QVERIFY(!std::filesystem::exists(out));
    }

    void anUnreadableFileIsAUsageError() {
        QTemporaryDir directory;
        const std::string missing = directory.path().toStdString() + "/missing.swivel.json";
        const Run run = cli({"generate", missing, "-o", directory.path().toStdString()});
        QCOMPARE(run.code, kUsage);
        QVERIFY2(contains(run.err, missing), run.err.c_str());
        QVERIFY2(contains(run.err, "SW008"), run.err.c_str());
    }

    void aBrokenFileGeneratesNothing() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString() + "/out";
        const Run run = cli({"generate", kSyntaxError, "-o", out});
        QCOMPARE(run.code, kErrors);
        QVERIFY2(contains(run.err, kSyntaxError + ":"), run.err.c_str());
        QVERIFY2(contains(run.err, "nothing generated"), run.err.c_str());
        QVERIFY(!std::filesystem::exists(out));
    }

    void anUnknownDeviceTypeIsNamed() {
        QTemporaryDir directory;
        nlohmann::json machine = nlohmann::json::parse(readFile(kCamera));
        machine["deviceType"] = "toaster-9000";
        const std::string file = directory.path().toStdString() + "/toaster.swivel.json";
        writeFile(file, machine.dump(2));
        const std::string out = directory.path().toStdString() + "/out";
        const Run run = cli({"generate", file, "-o", out});
        QCOMPARE(run.code, kErrors);
        QVERIFY2(contains(run.err, "toaster-9000"), run.err.c_str());
        QVERIFY(!std::filesystem::exists(out));
    }

    void helpExplainsTheManifestAndTheTargets() {
        const Run run = cli({"generate", "--help"});
        QCOMPARE(run.code, kOk);
        for (const char* part : {"--target", "--force", "-o", "azure-cpp", ".swivel-manifest.json"})
            QVERIFY2(contains(run.out, part), part);
    }
};

QTEST_APPLESS_MAIN(TestCliGenerate)
#include "test_cli_generate.moc"
