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
using swivel::codegen::kManifestFileName;
using swivel::codegen::writeFileSet;
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
};

QTEST_APPLESS_MAIN(TestWriteFileSet)
#include "test_write_file_set.moc"
