#pragma once
// The questions the designer asks the user, as replaceable function pointers: the
// real dialogs by default; tests put answers in their place, so that no modal dialog
// ever waits for a click that does not come.

#include <QList>
#include <QString>
#include <QStringList>

class QWidget;

namespace swivel::designer {

enum class UnsavedAnswer { Save, Discard, Cancel };
enum class RecoveryAnswer { Recover, Discard, Later };

struct Prompts {
    // Save / Discard / Cancel for the document called `name`.
    UnsavedAnswer (*unsavedChanges)(QWidget* parent, const QString& name);
    // Recover / Discard / Later for the autosaves described by `files` (one line each).
    RecoveryAnswer (*recovery)(QWidget* parent, const QStringList& files);
    // A file to open, or "" (cancelled).
    QString (*openFileName)(QWidget* parent, const QString& directory);
    // A file to save to, or "" (cancelled); `filter` describes the format.
    QString (*saveFileName)(QWidget* parent, const QString& suggested, const QString& filter);
    // The device type id for a new machine, or "" (cancelled).
    QString (*newDeviceType)(QWidget* parent);
    // Reports a failure without blocking (the document stays as it was).
    void (*error)(QWidget* parent, const QString& title, const QString& text);
};

// The prompts in use; assign to a member to replace one.
Prompts& prompts();
// The real dialogs.
Prompts defaultPrompts();

// `path` with the first extension of the file dialog's chosen filter ("Swivel machines
// (*.swivel.json)" gives .swivel.json) when it has neither .json nor .scxml.
QString withFilterSuffix(const QString& path, const QString& selectedFilter);

} // namespace swivel::designer
