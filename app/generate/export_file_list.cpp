#include "generate/export_file_list.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace swivel::generate {

namespace {

constexpr int kToneRole = Qt::UserRole + 1;

Tone toneOf(codegen::FileStatus status) {
    switch (status) {
    case codegen::FileStatus::New:
        return Tone::Good;
    case codegen::FileStatus::Unchanged:
        return Tone::Quiet;
    case codegen::FileStatus::Replaced:
        return Tone::Neutral;
    case codegen::FileStatus::ChangedByHand:
    case codegen::FileStatus::NotOurs:
        return Tone::Attention;
    case codegen::FileStatus::Folder:
        return Tone::Bad;
    }
    return Tone::Neutral;
}

QString explanationOf(const codegen::PlannedFile& file) {
    switch (file.status) {
    case codegen::FileStatus::New:
        return QStringLiteral("Not in the folder yet: Export writes it.");
    case codegen::FileStatus::Unchanged:
        return QStringLiteral("Already has exactly this content: Export leaves it as it is.");
    case codegen::FileStatus::Replaced:
        return QStringLiteral("Unchanged since the last export: Export replaces it.");
    case codegen::FileStatus::ChangedByHand:
    case codegen::FileStatus::NotOurs:
        return QStringLiteral("It %1. Export leaves it alone unless you tick "
                              "\u201cOverwrite files changed by hand\u201d.")
            .arg(QString::fromStdString(file.reason));
    case codegen::FileStatus::Folder:
        return QStringLiteral("A folder is where this file goes: remove it to export.");
    }
    return {};
}

// A dot of the status's colour: the status reads at a glance down the list.
QIcon dot(const QColor& colour) {
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

} // namespace

QColor toneColour(Tone tone, const QPalette& palette) {
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (tone) {
    case Tone::Neutral:
        return palette.color(QPalette::Text);
    case Tone::Good:
        return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    case Tone::Bad:
        return dark ? QColor(0xef, 0x9a, 0x9a) : QColor(0xc6, 0x28, 0x28);
    case Tone::Attention:
        return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xbf, 0x50, 0x00);
    case Tone::Quiet:
        return palette.color(QPalette::PlaceholderText);
    }
    return palette.color(QPalette::Text);
}

QString ExportFileList::statusText(codegen::FileStatus status) {
    switch (status) {
    case codegen::FileStatus::New:
        return QStringLiteral("new");
    case codegen::FileStatus::Unchanged:
        return QStringLiteral("unchanged");
    case codegen::FileStatus::Replaced:
        return QStringLiteral("will be replaced");
    case codegen::FileStatus::ChangedByHand:
        return QStringLiteral("changed by hand");
    case codegen::FileStatus::NotOurs:
        return QStringLiteral("not from Swivel");
    case codegen::FileStatus::Folder:
        return QStringLiteral("a folder is in the way");
    }
    return {};
}

ExportFileList::ExportFileList(QWidget* parent) : QTreeWidget(parent) {
    setColumnCount(3);
    setHeaderLabels({QStringLiteral("File"), QStringLiteral("Status"), QStringLiteral("Size")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAlternatingRowColors(true);
    // The folder and the file name both matter; the middle of a long path matters least.
    setTextElideMode(Qt::ElideMiddle);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(PathColumn, QHeaderView::Stretch);
    header()->setSectionResizeMode(StatusColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(SizeColumn, QHeaderView::ResizeToContents);
    headerItem()->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* current) {
        if (current)
            emit fileSelected(current->text(PathColumn));
    });
}

void ExportFileList::showPlan(const codegen::WritePlan& plan, const codegen::FileSet& files) {
    const QString selected = selectedPath();
    clear();
    const QLocale locale;
    for (const codegen::PlannedFile& file : plan.files) {
        auto* item = new QTreeWidgetItem(this);
        const QString path = QString::fromStdString(file.path);
        item->setText(PathColumn, path);
        item->setToolTip(PathColumn, path);
        const std::string* contents = files.find(file.path);
        item->setText(SizeColumn, locale.formattedDataSize(contents ? qint64(contents->size()) : 0,
                                                           1, QLocale::DataSizeTraditionalFormat));
        item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        setStatus(item, statusText(file.status), toneOf(file.status), explanationOf(file));
    }
    if (!selected.isEmpty() && itemFor(selected))
        selectPath(selected);
    else if (topLevelItemCount() > 0)
        setCurrentItem(topLevelItem(0));
}

void ExportFileList::showWritten(const codegen::WriteResult& result) {
    for (const std::string& path : result.written) {
        if (QTreeWidgetItem* item = itemFor(QString::fromStdString(path)))
            setStatus(item, QStringLiteral("written"), Tone::Good,
                      QStringLiteral("Written by the last export."));
    }
    for (const std::string& path : result.unchanged) {
        if (QTreeWidgetItem* item = itemFor(QString::fromStdString(path)))
            setStatus(item, QStringLiteral("unchanged"), Tone::Quiet,
                      QStringLiteral("Already had exactly this content."));
    }
}

QString ExportFileList::statusText(const QString& path) const {
    const QTreeWidgetItem* item = itemFor(path);
    return item ? item->text(StatusColumn) : QString();
}

QString ExportFileList::selectedPath() const {
    const QTreeWidgetItem* item = currentItem();
    return item ? item->text(PathColumn) : QString();
}

void ExportFileList::selectPath(const QString& path) {
    if (QTreeWidgetItem* item = itemFor(path)) {
        setCurrentItem(item);
        scrollToItem(item);
    }
}

QTreeWidgetItem* ExportFileList::itemFor(const QString& path) const {
    const QList<QTreeWidgetItem*> found = findItems(path, Qt::MatchExactly, PathColumn);
    return found.isEmpty() ? nullptr : found.front();
}

void ExportFileList::setStatus(QTreeWidgetItem* item, const QString& text, Tone tone,
                               const QString& why) {
    item->setText(StatusColumn, text);
    item->setToolTip(StatusColumn, why);
    item->setData(StatusColumn, kToneRole, static_cast<int>(tone));
    item->setForeground(StatusColumn, toneColour(tone, palette()));
    item->setIcon(StatusColumn, dot(toneColour(tone, palette())));
}

void ExportFileList::changeEvent(QEvent* event) {
    QTreeWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        recolour();
}

void ExportFileList::recolour() {
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = topLevelItem(i);
        const auto tone = static_cast<Tone>(item->data(StatusColumn, kToneRole).toInt());
        item->setForeground(StatusColumn, toneColour(tone, palette()));
        item->setIcon(StatusColumn, dot(toneColour(tone, palette())));
    }
}

} // namespace swivel::generate
