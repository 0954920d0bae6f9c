#pragma once
// The canvas colours, shared by its items.

#include <QColor>

namespace swivel::canvas::palette {

inline const QColor kInk{0x1d, 0x2d, 0x44};         // names, initial dots, rings
inline const QColor kBorder{0x3d, 0x5a, 0x80};
inline const QColor kStateFill{0xe6, 0xef, 0xfa};
inline const QColor kContainerFill{0xf6, 0xf8, 0xfb};
inline const QColor kRegionLine{0x7b, 0x8c, 0xa3};
inline const QColor kText{0x33, 0x41, 0x55};        // rows, labels
inline const QColor kTransition{0x52, 0x60, 0x6d};
inline const QColor kSelection{0x25, 0x63, 0xeb};   // selected states and arrows
inline const QColor kLabelBackground{0xff, 0xff, 0xff, 0xe0};

} // namespace swivel::canvas::palette
