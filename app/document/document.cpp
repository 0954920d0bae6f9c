#include "document/document.h"

#include <QFileInfo>

namespace swivel::document {

Document::Document(QObject* parent) : QObject(parent) {
    // The undo stack's clean state is the dirty flag: undoing back to the saved
    // state makes the document clean again.
    connect(&m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit dirtyChanged(!clean); });
}

QString Document::displayName() const {
    if (!m_filePath.isEmpty())
        return QFileInfo(m_filePath).fileName();
    if (!m_machine.name.empty())
        return QString::fromStdString(m_machine.name);
    return tr("Untitled");
}

void Document::reset(const model::Machine& machine, const QString& filePath, bool modified) {
    // Commands hold ids and indices of the old machine: they cannot outlive it.
    m_undoStack.clear();
    m_machine = machine;
    setFilePath(filePath);
    if (modified)
        m_undoStack.resetClean();
    else
        m_undoStack.setClean();
    emit changed(Change{Change::Kind::Reset, {}});
}

void Document::markSaved(const QString& filePath) {
    setFilePath(filePath);
    m_undoStack.setClean();
}

void Document::setFilePath(const QString& path) {
    if (path == m_filePath)
        return;
    m_filePath = path;
    emit filePathChanged(m_filePath);
}

} // namespace swivel::document
