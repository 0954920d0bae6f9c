#include "write_file_set.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "codegen/sha256.h"
#include "model/atomic_file.h"

namespace swivel::codegen {

namespace {

namespace fs = std::filesystem;

constexpr int kManifestFormat = 1;

using Manifest = std::map<std::string, std::string>; // relative path -> sha256

std::optional<std::string> readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The manifest of an earlier run; none at all for a first run. A manifest that cannot
// be read counts as none, with a warning: every file that differs then counts as
// changed by hand, which errs on the side of the user's work.
Manifest readManifest(const fs::path& file, std::vector<std::string>& warnings) {
    std::error_code ignored;
    if (!fs::exists(file, ignored))
        return {};
    const std::optional<std::string> text = readFile(file);
    const nlohmann::json json =
        text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    Manifest manifest;
    bool usable = json.is_object() && json.contains("files") && json["files"].is_array();
    if (usable) {
        for (const nlohmann::json& entry : json["files"]) {
            if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string() ||
                !entry.contains("sha256") || !entry["sha256"].is_string()) {
                usable = false;
                break;
            }
            manifest[entry["path"].get<std::string>()] = entry["sha256"].get<std::string>();
        }
    }
    if (!usable) {
        warnings.push_back("ignoring " + file.string() +
                           ": not a Swivel manifest; files that differ from the new ones "
                           "count as changed by hand");
        return {};
    }
    return manifest;
}

std::string manifestText(const Manifest& manifest, const std::string& target) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& [path, hash] : manifest)
        files.push_back({{"path", path}, {"sha256", hash}});
    const nlohmann::ordered_json json{
        {"format", kManifestFormat},
        {"generator", "swivel"},
        {"target", target},
        {"files", files},
    };
    return json.dump(2) + "\n";
}

// The plan and the manifest it was made with, which writeFileSet then updates.
struct PlanAndManifest {
    WritePlan plan;
    Manifest manifest;
};

PlanAndManifest makePlan(const FileSet& files, const std::string& directory) {
    PlanAndManifest result;
    WritePlan& plan = result.plan;
    const fs::path root(directory);
    std::error_code error;
    if (fs::exists(root, error) && !fs::is_directory(root, error)) {
        plan.error = "cannot write into " + directory + ": it is a file, not a folder";
        return result;
    }
    result.manifest = readManifest(root / kManifestFileName, plan.warnings);
    for (const auto& [path, contents] : files.files()) {
        const fs::path file = root / path;
        if (fs::is_directory(file, error)) {
            plan.files.push_back({path, FileStatus::Folder, "is a folder"});
            continue;
        }
        if (!fs::exists(file, error)) {
            plan.files.push_back({path, FileStatus::New, {}});
            continue;
        }
        const std::optional<std::string> current = readFile(file);
        if (!current) {
            plan.error = "cannot read " + file.string();
            return result;
        }
        if (*current == contents) {
            plan.files.push_back({path, FileStatus::Unchanged, {}});
            continue;
        }
        const auto recorded = result.manifest.find(path);
        if (recorded == result.manifest.end())
            plan.files.push_back({path, FileStatus::NotOurs,
                                  "was not written by swivel (the manifest does not list it)"});
        else if (recorded->second == sha256Hex(*current))
            plan.files.push_back({path, FileStatus::Replaced, {}});
        else
            plan.files.push_back(
                {path, FileStatus::ChangedByHand, "was changed by hand since it was generated"});
    }
    return result;
}

} // namespace

bool isProtected(FileStatus status) {
    return status == FileStatus::ChangedByHand || status == FileStatus::NotOurs ||
           status == FileStatus::Folder;
}

bool WritePlan::protects() const {
    for (const PlannedFile& file : files) {
        if (isProtected(file.status))
            return true;
    }
    return false;
}

WritePlan planFileSet(const FileSet& files, const std::string& directory) {
    return makePlan(files, directory).plan;
}

WriteResult writeFileSet(const FileSet& files, const std::string& directory,
                         const std::string& target, bool force) {
    WriteResult result;
    PlanAndManifest planned = makePlan(files, directory);
    result.warnings = std::move(planned.plan.warnings);
    if (!planned.plan.error.empty()) {
        result.error = planned.plan.error;
        return result;
    }
    Manifest& manifest = planned.manifest;
    const fs::path root(directory);
    const fs::path manifestFile = root / kManifestFileName;
    std::error_code error;

    // Every file is decided about first, so that a refusal leaves the folder untouched.
    std::vector<std::string> toWrite;
    for (const PlannedFile& file : planned.plan.files) {
        switch (file.status) {
        case FileStatus::New:
        case FileStatus::Replaced:
            toWrite.push_back(file.path);
            break;
        case FileStatus::Unchanged:
            result.unchanged.push_back(file.path);
            break;
        case FileStatus::ChangedByHand:
        case FileStatus::NotOurs:
            if (force)
                toWrite.push_back(file.path);
            else
                result.conflicts.push_back({file.path, file.reason, true});
            break;
        case FileStatus::Folder:
            result.conflicts.push_back({file.path, file.reason, false});
            break;
        }
    }
    if (!result.conflicts.empty())
        return result;

    for (const std::string& path : result.unchanged)
        manifest[path] = sha256Hex(*files.find(path));
    for (const std::string& path : toWrite) {
        const fs::path file = root / path;
        const std::string& contents = *files.find(path);
        fs::create_directories(file.parent_path(), error);
        if (error) {
            result.error = "cannot create " + file.parent_path().string() + ": " + error.message();
            break;
        }
        std::string writeError;
        if (!model::writeFileAtomically(file.string(), contents, writeError)) {
            result.error = writeError;
            break;
        }
        manifest[path] = sha256Hex(contents);
        result.written.push_back(path);
    }
    // Entries of files that are gone say nothing any more.
    for (auto it = manifest.begin(); it != manifest.end();) {
        if (fs::exists(root / it->first, error))
            ++it;
        else
            it = manifest.erase(it);
    }
    if (result.written.empty() && result.error.empty() && fs::exists(manifestFile, error) &&
        readFile(manifestFile) == manifestText(manifest, target))
        return result;
    fs::create_directories(root, error);
    std::string writeError;
    if (!model::writeFileAtomically(manifestFile.string(), manifestText(manifest, target),
                                    writeError) &&
        result.error.empty())
        result.error = writeError;
    return result;
}

} // namespace swivel::codegen
