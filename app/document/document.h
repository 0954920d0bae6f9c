#pragma once
// The open document: owns the machine, its undo stack, the file path and the dirty
// flag. Everyone reads the machine through machine() (read-only); only undo
// commands (commands/document_command.h) write it, and every write is announced
// through changed(). Owned by the main window; views hold a pointer.

#include <QObject>
#include <QString>
#include <QUndoStack>

#include "document/change.h"
#include "model/machine.h"

namespace swivel::commands {
class DocumentCommand;
}

namespace swivel::document {

class Document : public QObject {
    Q_OBJECT
public:
    explicit Document(QObject* parent = nullptr);

    const model::Machine& machine() const { return m_machine; }
    QUndoStack* undoStack() { return &m_undoStack; }
    const QUndoStack* undoStack() const { return &m_undoStack; }

    const QString& filePath() const { return m_filePath; }  // empty: never saved
    bool isDirty() const { return !m_undoStack.isClean(); }
    QString displayName() const;  // file name, or the machine's name, or "Untitled"

    // Replaces the machine (New, Open, recovery): clears undo, announces Reset. A
    // recovered machine passes `modified`: it is not what the file holds.
    void reset(const model::Machine& machine, const QString& filePath, bool modified = false);
    // Marks the current state as saved under `filePath` (the caller wrote the file).
    void markSaved(const QString& filePath);

signals:
    void changed(const swivel::document::Change& change);
    void dirtyChanged(bool dirty);
    void filePathChanged(const QString& path);

private:
    friend class swivel::commands::DocumentCommand;
    void setFilePath(const QString& path);
    model::Machine& mutableMachine() { return m_machine; }
    void announce(const Change& change) { emit changed(change); }

    model::Machine m_machine;
    QUndoStack m_undoStack;
    QString m_filePath;
};

} // namespace swivel::document
