#pragma once
// The Export dialog's list of generated files: each with what exporting does to it
// (new, unchanged, will be replaced, protected because it was changed by hand, ...)
// as a coloured dot, a short word (kept short so that paths keep the room) and a
// tooltip that explains it, and its size; after an export, which were written.

#include <QColor>
#include <QString>
#include <QTreeWidget>

#include "codegen/file_set.h"
#include "codegen/write_file_set.h"

class QPalette;

namespace swivel::generate {

// How good or bad a status or a result is; its colour follows the palette.
enum class Tone { Neutral, Good, Bad, Attention, Quiet };
QColor toneColour(Tone tone, const QPalette& palette);

class ExportFileList : public QTreeWidget {
    Q_OBJECT
public:
    enum Column { PathColumn, StatusColumn, SizeColumn };

    explicit ExportFileList(QWidget* parent = nullptr);

    // Every file of `files` as `plan` says; the selection stays on the same path.
    void showPlan(const codegen::WritePlan& plan, const codegen::FileSet& files);
    // After a write: the written files say so.
    void showWritten(const codegen::WriteResult& result);

    QString statusText(const QString& path) const; // "" for a path not listed
    QString selectedPath() const;
    void selectPath(const QString& path);

    static QString statusText(codegen::FileStatus status);

signals:
    void fileSelected(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    QTreeWidgetItem* itemFor(const QString& path) const;
    void setStatus(QTreeWidgetItem* item, const QString& text, Tone tone, const QString& why);
    void recolour();
};

} // namespace swivel::generate
