#include "inspector/id_refusal.h"

#include <QCoreApplication>

#include "model/validation.h"

namespace swivel::inspector {

QString idRefusal(const QString& typed, const QString& kind, const QString& currentId,
                  bool renamable) {
    const auto tr = [](const char* text) {
        return QCoreApplication::translate("swivel::inspector::Inspector", text);
    };
    const QString id = typed.trimmed();
    QString refusal;
    if (id.isEmpty())
        refusal = tr("A %1 needs an id.").arg(kind);
    else if (!model::isElementId(id.toStdString()))
        refusal = tr("'%1' is not a valid id: use letters, digits, '_', '.' and '-', not "
                     "starting with a digit.")
                      .arg(id);
    else if (!renamable)
        refusal = tr("'%1' is already the id of another state or transition.").arg(id);
    else
        return {};
    return refusal + tr(" The id stays '%1'.").arg(currentId);
}

} // namespace swivel::inspector
