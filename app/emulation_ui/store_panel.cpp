#include "emulation_ui/store_panel.h"

#include <QCheckBox>
#include <QEvent>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace swivel::emulation_ui {

namespace {

enum Column { VersionColumn, TimeColumn, EventColumn, TransitionsColumn };
constexpr int kVersionRole = Qt::UserRole;

QString toText(const nlohmann::json& json, int indent = -1) {
    return QString::fromStdString(json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string prettyRecord(const emu::VersionHistory* version) {
    if (!version)
        return {};
    return version->record.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

QString momentText(emu::VirtualTime time) {
    return QStringLiteral("%1 s").arg(QString::number(emu::toSeconds(time), 'f', 3));
}

QString eventName(const emu::VersionHistory& version) {
    if (version.event.is_null())
        return StorePanel::tr("(initial record)");
    if (version.event.is_object() && version.event.contains("event") && version.event["event"].is_string())
        return QString::fromStdString(version.event["event"].get<std::string>());
    return toText(version.event);
}

QString joined(const std::vector<std::string>& ids) {
    QStringList list;
    for (const std::string& id : ids)
        list << QString::fromStdString(id);
    return list.join(QStringLiteral(", "));
}

// Both histories hold the same versions: nothing in the list would change.
bool sameVersions(const emu::DeviceHistory* a, const emu::DeviceHistory* b) {
    if (!a || !b)
        return a == b;
    if (a->device != b->device || a->versions.size() != b->versions.size())
        return false;
    for (std::size_t i = 0; i < a->versions.size(); ++i) {
        if (a->versions[i].version != b->versions[i].version || a->versions[i].step != b->versions[i].step)
            return false;
    }
    return true;
}

} // namespace

StorePanel::StorePanel(QWidget* parent)
    : QWidget(parent), m_header(new QLabel), m_versions(new QTreeWidget), m_tabs(new QTabWidget),
      m_record(new QPlainTextEdit), m_from(new QComboBox), m_to(new QComboBox),
      m_withPrevious(new QCheckBox(tr("Compare with &previous"))), m_diffView(new QPlainTextEdit) {
    setObjectName(QStringLiteral("storePanel"));
    m_header->setObjectName(QStringLiteral("storeHeader"));
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_versions->setObjectName(QStringLiteral("storeVersions"));
    m_versions->setHeaderLabels({tr("Version"), tr("Time"), tr("Event"), tr("Transitions")});
    m_versions->setRootIsDecorated(false);
    m_versions->setUniformRowHeights(true);
    m_versions->setAllColumnsShowFocus(true);
    m_versions->setSelectionMode(QAbstractItemView::SingleSelection);
    m_versions->header()->setStretchLastSection(true);
    m_versions->header()->setSectionResizeMode(VersionColumn, QHeaderView::ResizeToContents);
    m_versions->header()->setSectionResizeMode(TimeColumn, QHeaderView::ResizeToContents);
    m_versions->header()->setSectionResizeMode(EventColumn, QHeaderView::ResizeToContents);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit* text : {m_record, m_diffView}) {
        text->setReadOnly(true);
        text->setFont(mono);
        text->setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    m_record->setObjectName(QStringLiteral("storeRecord"));
    m_diffView->setObjectName(QStringLiteral("storeDiff"));
    m_from->setObjectName(QStringLiteral("storeCompareFrom"));
    m_to->setObjectName(QStringLiteral("storeCompareTo"));
    m_withPrevious->setObjectName(QStringLiteral("storeCompareWithPrevious"));
    for (QComboBox* box : {m_from, m_to}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        box->setMinimumContentsLength(12);  // "v123 · 95.310 s" without a jump per version
    }
    m_withPrevious->setChecked(true);
    m_withPrevious->setToolTip(tr("Compare the selected version with the one before it"));

    auto* diffPage = new QWidget;
    auto* pick = new QHBoxLayout;
    pick->setContentsMargins(0, 0, 0, 0);
    auto* fromLabel = new QLabel(tr("&A"));
    fromLabel->setBuddy(m_from);
    auto* toLabel = new QLabel(tr("&B"));
    toLabel->setBuddy(m_to);
    pick->addWidget(fromLabel);
    pick->addWidget(m_from);
    pick->addWidget(new QLabel(QStringLiteral("→")));
    pick->addWidget(toLabel);
    pick->addWidget(m_to);
    pick->addSpacing(8);
    pick->addWidget(m_withPrevious);
    pick->addStretch(1);
    auto* diffLayout = new QVBoxLayout(diffPage);
    diffLayout->setContentsMargins(4, 4, 4, 4);
    diffLayout->addLayout(pick);
    diffLayout->addWidget(m_diffView, 1);
    m_tabs->addTab(m_record, tr("&Record"));
    m_tabs->addTab(diffPage, tr("&Diff"));
    m_tabs->setCurrentIndex(1);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_versions);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({400, 500});  // the list wide enough for its event and transitions

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addWidget(splitter, 1);

    connect(m_versions, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* current) {
        if (m_rebuilding)
            return;
        // Picking the newest means "follow the new ones"; an older one stays put.
        m_followNewest = current && m_versions->indexOfTopLevelItem(current) == 0;
        showSelected();
    });
    auto picked = [this] {
        if (m_rebuilding)
            return;
        const QSignalBlocker blocker(m_withPrevious);
        m_withPrevious->setChecked(false);
        showDiff();
    };
    connect(m_from, &QComboBox::activated, this, picked);
    connect(m_to, &QComboBox::activated, this, picked);
    connect(m_withPrevious, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            followSelection();
        showDiff();
    });
    showHistory(nullptr);
}

void StorePanel::setDeviceNames(const QStringList& names) {
    m_deviceNames = names;
    if (m_history)
        m_header->setText(m_history->versions.empty()
                              ? key()
                              : tr("%1 — version %2").arg(key()).arg(m_history->versions.back().version));
}

QString StorePanel::key() const {
    if (!m_history)
        return {};
    const int device = m_history->device;
    if (device >= 0 && device < m_deviceNames.size())
        return m_deviceNames[device];
    return tr("device %1").arg(device);
}

const emu::VersionHistory* StorePanel::findVersion(std::uint64_t version) const {
    if (!m_history)
        return nullptr;
    for (const auto& candidate : m_history->versions) {
        if (candidate.version == version)
            return &candidate;
    }
    return nullptr;
}

void StorePanel::showHistory(std::shared_ptr<const emu::DeviceHistory> history) {
    const bool unchanged = m_versions->topLevelItemCount() > 0 && sameVersions(m_history.get(), history.get());
    const bool otherDevice = !m_history || !history || m_history->device != history->device;
    m_history = std::move(history);
    if (!m_history) {
        m_header->setText(tr("No device selected"));
    } else if (m_history->versions.empty()) {
        m_header->setText(tr("%1 — not in the store yet").arg(key()));
    } else {
        m_header->setText(tr("%1 — version %2").arg(key()).arg(m_history->versions.back().version));
    }
    if (unchanged)
        return;
    if (otherDevice)
        m_followNewest = true;
    rebuildList();
}

void StorePanel::rebuildList() {
    const std::optional<std::uint64_t> previous = selectedVersion();
    const auto comboVersion = [](QComboBox* box) -> std::optional<std::uint64_t> {
        if (box->currentIndex() < 0)
            return std::nullopt;
        return box->currentData().toULongLong();
    };
    const std::optional<std::uint64_t> from = comboVersion(m_from);
    const std::optional<std::uint64_t> to = comboVersion(m_to);

    m_rebuilding = true;
    m_versions->clear();
    m_from->clear();
    m_to->clear();
    QTreeWidgetItem* select = nullptr;
    if (m_history) {
        const auto& versions = m_history->versions;
        for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
            auto* item = new QTreeWidgetItem;
            item->setText(VersionColumn, QString::number(it->version));
            item->setData(VersionColumn, kVersionRole, QVariant::fromValue<qulonglong>(it->version));
            item->setTextAlignment(VersionColumn, Qt::AlignRight | Qt::AlignVCenter);
            item->setText(TimeColumn, momentText(it->time));
            item->setText(EventColumn, eventName(*it));
            item->setText(TransitionsColumn, joined(it->transitions));
            QString tip = tr("version %1 at step %2").arg(it->version).arg(it->step);
            if (!it->event.is_null())
                tip += tr("\nevent: %1 (message %2, invocation %3)")
                           .arg(toText(it->event))
                           .arg(it->message)
                           .arg(it->invocation);
            if (!it->actions.is_null() && !it->actions.empty())
                tip += tr("\nactions: %1").arg(toText(it->actions));
            for (int column = VersionColumn; column <= TransitionsColumn; ++column)
                item->setToolTip(column, tip);
            m_versions->addTopLevelItem(item);
            const QString label = tr("v%1 · %2").arg(it->version).arg(momentText(it->time));
            m_from->addItem(label, QVariant::fromValue<qulonglong>(it->version));
            m_to->addItem(label, QVariant::fromValue<qulonglong>(it->version));
            if (!m_followNewest && previous && it->version == *previous)
                select = item;
        }
        if (!select) {
            // The picked version left the history (or none was picked): back to following.
            select = m_versions->topLevelItem(0);
            m_followNewest = true;
        }
    }
    if (select) {
        m_versions->setCurrentItem(select);
        m_versions->scrollToItem(select);
    }
    if (from)
        m_from->setCurrentIndex(std::max(0, m_from->findData(QVariant::fromValue<qulonglong>(*from))));
    if (to)
        m_to->setCurrentIndex(std::max(0, m_to->findData(QVariant::fromValue<qulonglong>(*to))));
    m_rebuilding = false;
    showSelected();
}

std::optional<std::uint64_t> StorePanel::selectedVersion() const {
    const QTreeWidgetItem* item = m_versions->currentItem();
    if (!item)
        return std::nullopt;
    return item->data(VersionColumn, kVersionRole).toULongLong();
}

void StorePanel::selectVersion(std::uint64_t version) {
    for (int row = 0; row < m_versions->topLevelItemCount(); ++row) {
        QTreeWidgetItem* item = m_versions->topLevelItem(row);
        if (item->data(VersionColumn, kVersionRole).toULongLong() == version) {
            m_versions->setCurrentItem(item);
            return;
        }
    }
}

void StorePanel::compareVersions(std::uint64_t from, std::uint64_t to) {
    const QSignalBlocker blocker(m_withPrevious);
    m_withPrevious->setChecked(false);
    m_from->setCurrentIndex(m_from->findData(QVariant::fromValue<qulonglong>(from)));
    m_to->setCurrentIndex(m_to->findData(QVariant::fromValue<qulonglong>(to)));
    showDiff();
}

void StorePanel::showSelected() {
    const std::optional<std::uint64_t> version = selectedVersion();
    const emu::VersionHistory* shown = version ? findVersion(*version) : nullptr;
    m_record->setPlainText(shown ? QString::fromStdString(prettyRecord(shown)) : QString());
    if (m_withPrevious->isChecked())
        followSelection();
    showDiff();
}

void StorePanel::followSelection() {
    QTreeWidgetItem* current = m_versions->currentItem();
    if (!current)
        return;
    const int row = m_versions->indexOfTopLevelItem(current);
    // The list runs newest first: the version before is the row below (none for the oldest).
    m_to->setCurrentIndex(row);
    m_from->setCurrentIndex(row + 1 < m_versions->topLevelItemCount() ? row + 1 : -1);
}

void StorePanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    // The diff's tints follow the palette (a light or dark theme chosen while open).
    if (event->type() == QEvent::PaletteChange)
        showDiff();
}

void StorePanel::showDiff() {
    const auto versionOf = [this](QComboBox* box) -> const emu::VersionHistory* {
        return box->currentIndex() < 0 ? nullptr : findVersion(box->currentData().toULongLong());
    };
    const emu::VersionHistory* a = versionOf(m_from);
    const emu::VersionHistory* b = versionOf(m_to);
    m_diff = b || a ? diffLines(splitLines(prettyRecord(a)), splitLines(prettyRecord(b))) : std::vector<DiffLine>{};

    // Tints that read on the light and the dark palette alike.
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    QTextCharFormat removed, added, same;
    removed.setBackground(dark ? QColor(0x4c, 0x1d, 0x1d) : QColor(0xfd, 0xe2, 0xe2));
    removed.setForeground(dark ? QColor(0xfc, 0xa5, 0xa5) : QColor(0x99, 0x1b, 0x1b));
    added.setBackground(dark ? QColor(0x14, 0x53, 0x2d) : QColor(0xdc, 0xfc, 0xe7));
    added.setForeground(dark ? QColor(0x86, 0xef, 0xac) : QColor(0x16, 0x65, 0x34));
    same.setForeground(palette().color(QPalette::Text));

    m_diffView->clear();
    QTextCursor cursor(m_diffView->document());
    cursor.beginEditBlock();
    bool first = true;
    for (const DiffLine& line : m_diff) {
        if (!first)
            cursor.insertBlock();
        first = false;
        const char* prefix = line.kind == DiffLine::Kind::Removed ? "- " : line.kind == DiffLine::Kind::Added ? "+ " : "  ";
        const QTextCharFormat& format =
            line.kind == DiffLine::Kind::Removed ? removed : line.kind == DiffLine::Kind::Added ? added : same;
        QTextBlockFormat block;
        if (line.kind != DiffLine::Kind::Same)
            block.setBackground(format.background());
        cursor.setBlockFormat(block);
        cursor.insertText(QString::fromLatin1(prefix) + QString::fromStdString(line.text), format);
    }
    if (!a && b && m_diff.size() > 0)
        m_diffView->setToolTip(tr("No earlier version in the history: all of B is shown as added"));
    else
        m_diffView->setToolTip(QString());
    cursor.endEditBlock();
    m_diffView->moveCursor(QTextCursor::Start);
    // Jump to the first change, which in a long record may be far down.
    for (std::size_t i = 0; i < m_diff.size(); ++i) {
        if (m_diff[i].kind != DiffLine::Kind::Same) {
            const QTextBlock block = m_diffView->document()->findBlockByNumber(static_cast<int>(i));
            QTextCursor at(block);
            m_diffView->setTextCursor(at);
            m_diffView->centerCursor();
            break;
        }
    }
}

} // namespace swivel::emulation_ui
