// Writing a generated project must never destroy a user's work: the manifest records
// what was written, and a file changed by hand since (or one swivel never wrote) is
// refused, with nothing written at all, unless forced.
#include <QtTest>

#include <QCryptographicHash>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "codegen/file_set.h"
#include "codegen/sha256.h"
#include "codegen/write_file_set.h"

using swivel::codegen::FileSet;
using swivel::codegen::FileStatus;
using swivel::codegen::kManifestFileName;
using swivel::codegen::planFileSet;
using swivel::codegen::writeFileSet;
using swivel::codegen::WritePlan;
using swivel::codegen::WriteResult;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

FileSet project(const std::string& version) {
    FileSet files;
    files.add("host.json", "{\"v\": \"" + version + "\"}\n");
    files.add("Fn/function.json", "{\"f\": \"" + version + "\"}\n");
    return files;
}

// path -> sha256, as the manifest lists them.
std::map<std::string, std::string> manifestOf(const std::string& directory) {
    const nlohmann::json manifest =
        nlohmann::json::parse(readFile(directory + "/" + kManifestFileName));
    std::map<std::string, std::string> files;
    for (const auto& entry : manifest["files"])
        files[entry["path"].get<std::string>()] = entry["sha256"].get<std::string>();
    return files;
}

// path -> status, as planFileSet decides them.
std::map<std::string, FileStatus> statusesOf(const WritePlan& plan) {
    std::map<std::string, FileStatus> statuses;
    for (const auto& file : plan.files)
        statuses[file.path] = file.status;
    return statuses;
}

std::string qtSha256(const std::string& bytes) {
    return QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

} // namespace

class TestWriteFileSet : public QObject {
    Q_OBJECT
private slots:
    void sha256MatchesAnIndependentImplementation() {
        for (const std::string& text : {std::string(), std::string("abc"), std::string(1000, 'x')})
            QCOMPARE(swivel::codegen::sha256Hex(text), qtSha256(text));
    }

    void writesEveryFileAndAManifestOfTheirHashes() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString() + "/out";
        const WriteResult result = writeFileSet(project("1"), out, "azure-cpp", false);
        QVERIFY2(result.ok(), result.error.c_str());
        QCOMPARE(result.written.size(), std::size_t{2});
        QCOMPARE(readFile(out + "/Fn/function.json"), std::string("{\"f\": \"1\"}\n"));
        const auto manifest = manifestOf(out);
        QCOMPARE(manifest.size(), std::size_t{2});
        QCOMPARE(manifest.at("host.json"), qtSha256(readFile(out + "/host.json")));
        QCOMPARE(manifest.at("Fn/function.json"), qtSha256(readFile(out + "/Fn/function.json")));
        QCOMPARE(nlohmann::json::parse(readFile(out + "/" + kManifestFileName))["target"],
                 "azure-cpp");
    }

    void regeneratingReplacesFilesNobodyTouched() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        QVERIFY(writeFileSet(project("1"), out, "azure-cpp", false).ok());
        const WriteResult again = writeFileSet(project("2"), out, "azure-cpp", false);
        QVERIFY2(again.ok(), again.error.c_str());
        QCOMPARE(readFile(out + "/host.json"), std::string("{\"v\": \"2\"}\n"));
        QCOMPARE(manifestOf(out).at("host.json"), qtSha256(readFile(out + "/host.json")));
    }

    void aFileWithTheNewContentIsLeftAsItIs() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        QVERIFY(writeFileSet(project("1"), out, "azure-cpp", false).ok());
        const WriteResult again = writeFileSet(project("1"), out, "azure-cpp", false);
        QVERIFY(again.ok());
        QVERIFY(again.written.empty());
        QCOMPARE(again.unchanged.size(), std::size_t{2});
    }

    void aFileChangedByHandIsRefusedAndNothingIsWritten() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        QVERIFY(writeFileSet(project("1"), out, "azure-cpp", false).ok());
        writeFile(out + "/host.json", "{\"v\": \"mine\"}\n");
        const WriteResult refused = writeFileSet(project("2"), out, "azure-cpp", false);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.conflicts.size(), std::size_t{1});
        QCOMPARE(refused.conflicts.front().path, std::string("host.json"));
        QVERIFY(refused.conflicts.front().forceable);
        QCOMPARE(readFile(out + "/host.json"), std::string("{\"v\": \"mine\"}\n"));
        // The untouched file was not replaced either: all or nothing.
        QCOMPARE(readFile(out + "/Fn/function.json"), std::string("{\"f\": \"1\"}\n"));

        const WriteResult forced = writeFileSet(project("2"), out, "azure-cpp", true);
        QVERIFY2(forced.ok(), forced.error.c_str());
        QCOMPARE(readFile(out + "/host.json"), std::string("{\"v\": \"2\"}\n"));
        QCOMPARE(manifestOf(out).at("host.json"), qtSha256(readFile(out + "/host.json")));
    }

    void aFileSwivelNeverWroteIsRefusedToo() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        writeFile(out + "/host.json", "{\"v\": \"the user's own\"}\n");
        const WriteResult refused = writeFileSet(project("1"), out, "azure-cpp", false);
        QCOMPARE(refused.conflicts.size(), std::size_t{1});
        QVERIFY(!std::filesystem::exists(out + "/Fn/function.json"));
        QVERIFY(!std::filesystem::exists(out + "/" + kManifestFileName));
    }

    void filesNoLongerGeneratedAreLeftAlone() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        FileSet old = project("1");
        old.add("OldName/function.json", "{}\n");
        QVERIFY(writeFileSet(old, out, "azure-cpp", false).ok());
        writeFile(out + "/notes.txt", "mine\n");
        QVERIFY(writeFileSet(project("2"), out, "azure-cpp", false).ok());
        QCOMPARE(readFile(out + "/OldName/function.json"), std::string("{}\n"));
        QCOMPARE(readFile(out + "/notes.txt"), std::string("mine\n"));
        // Still listed: a later run that makes it again may replace it.
        QVERIFY(manifestOf(out).count("OldName/function.json"));
    }

    void anUnreadableManifestProtectsEveryDifferingFile() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        QVERIFY(writeFileSet(project("1"), out, "azure-cpp", false).ok());
        writeFile(out + "/" + kManifestFileName, "{ not json");
        const WriteResult refused = writeFileSet(project("2"), out, "azure-cpp", false);
        QCOMPARE(refused.conflicts.size(), std::size_t{2});
        QCOMPARE(refused.warnings.size(), std::size_t{1});
        QVERIFY(refused.warnings.front().find(kManifestFileName) != std::string::npos);
    }

    void aFolderWhereAFileShouldBeCannotBeForced() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        std::filesystem::create_directories(out + "/host.json");
        const WriteResult refused = writeFileSet(project("1"), out, "azure-cpp", true);
        QCOMPARE(refused.conflicts.size(), std::size_t{1});
        QVERIFY(!refused.conflicts.front().forceable);
    }

    void anOutputThatIsAFileIsAnError() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString() + "/plain";
        writeFile(out, "x");
        const WriteResult result = writeFileSet(project("1"), out, "azure-cpp", false);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.find(out) != std::string::npos, result.error.c_str());
    }

    // --- the plan: what a write would do, decided without writing ----------------------

    void aPlanForAnEmptyFolderHasOnlyNewFilesAndWritesNothing() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString() + "/out";
        const WritePlan plan = planFileSet(project("1"), out);
        QVERIFY(plan.error.empty());
        QVERIFY(!plan.protects());
        QCOMPARE(statusesOf(plan),
                 (std::map<std::string, FileStatus>{{"Fn/function.json", FileStatus::New},
                                                    {"host.json", FileStatus::New}}));
        QVERIFY(!std::filesystem::exists(out));
    }

    void aPlanTellsUnchangedReplacedChangedByHandAndNotOursApart() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        FileSet first = project("1");
        first.add("same.txt", "same\n");
        QVERIFY(writeFileSet(first, out, "azure-cpp", false).ok());
        writeFile(out + "/host.json", "{\"v\": \"mine\"}\n");
        writeFile(out + "/notes.md", "the user's own\n");
        FileSet second = project("2");
        second.add("same.txt", "same\n");
        second.add("notes.md", "generated notes\n");
        second.add("fresh.txt", "new\n");
        const std::string manifestBefore = readFile(out + "/" + kManifestFileName);

        const WritePlan plan = planFileSet(second, out);
        QVERIFY(plan.error.empty());
        QVERIFY(plan.protects());
        QCOMPARE(statusesOf(plan),
                 (std::map<std::string, FileStatus>{{"Fn/function.json", FileStatus::Replaced},
                                                    {"fresh.txt", FileStatus::New},
                                                    {"host.json", FileStatus::ChangedByHand},
                                                    {"notes.md", FileStatus::NotOurs},
                                                    {"same.txt", FileStatus::Unchanged}}));
        for (const auto& file : plan.files)
            QCOMPARE(file.reason.empty(), !swivel::codegen::isProtected(file.status));
        // Planning wrote nothing.
        QCOMPARE(readFile(out + "/host.json"), std::string("{\"v\": \"mine\"}\n"));
        QVERIFY(!std::filesystem::exists(out + "/fresh.txt"));
        QCOMPARE(readFile(out + "/" + kManifestFileName), manifestBefore);
    }

    void writingDoesWhatThePlanSaid() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        QVERIFY(writeFileSet(project("1"), out, "azure-cpp", false).ok());
        writeFile(out + "/host.json", "{\"v\": \"mine\"}\n");
        const WritePlan plan = planFileSet(project("2"), out);
        const WriteResult refused = writeFileSet(project("2"), out, "azure-cpp", false);
        QCOMPARE(refused.conflicts.size(), std::size_t{1});
        QCOMPARE(plan.files.front().path, std::string("Fn/function.json"));
        QCOMPARE(plan.files.back().path, refused.conflicts.front().path);
        QCOMPARE(plan.files.back().reason, refused.conflicts.front().reason);
    }

    void aPlanReportsAFolderWhereAFileShouldBeAndAFileWhereTheFolderShouldBe() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        std::filesystem::create_directories(out + "/host.json");
        QCOMPARE(statusesOf(planFileSet(project("1"), out)).at("host.json"), FileStatus::Folder);
        writeFile(out + "/plain", "x");
        const WritePlan plan = planFileSet(project("1"), out + "/plain");
        QVERIFY(plan.files.empty());
        QVERIFY2(plan.error.find("it is a file") != std::string::npos, plan.error.c_str());
    }

    void aPlanWarnsOfAnUnreadableManifest() {
        QTemporaryDir directory;
        const std::string out = directory.path().toStdString();
        QVERIFY(writeFileSet(project("1"), out, "azure-cpp", false).ok());
        writeFile(out + "/" + kManifestFileName, "{ not json");
        const WritePlan plan = planFileSet(project("1"), out);
        QCOMPARE(plan.warnings.size(), std::size_t{1});
        QCOMPARE(statusesOf(plan).at("host.json"), FileStatus::Unchanged);
    }
};

QTEST_APPLESS_MAIN(TestWriteFileSet)
#include "test_write_file_set.moc"
