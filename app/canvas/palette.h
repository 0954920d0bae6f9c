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
// Emulation: the followed device's active states and the transition it just took.
inline const QColor kActiveFill{0xff, 0xe6, 0xa8};
inline const QColor kActiveBorder{0xd9, 0x77, 0x06};
inline const QColor kTakenTransition{0xd9, 0x77, 0x06};
// The visit heat map runs from the plain fill to this.
inline const QColor kHeatHot{0xf8, 0x71, 0x71};
// A session compared with the current machine, at the first divergence: states the
// recording was in but the machine no longer reaches (violet, dashed), states the
// machine reaches instead (teal), and, when only the actions differ, the states the
// diverging event left the device in (red).
inline const QColor kRecordedOnlyFill{0xed, 0xe4, 0xfe};
inline const QColor kRecordedOnlyBorder{0x7c, 0x3a, 0xed};
inline const QColor kRerunOnlyFill{0xcc, 0xfb, 0xf1};
inline const QColor kRerunOnlyBorder{0x0f, 0x76, 0x6e};
inline const QColor kActionsDifferFill{0xfe, 0xe2, 0xe2};
inline const QColor kActionsDifferBorder{0xdc, 0x26, 0x26};

} // namespace swivel::canvas::palette
