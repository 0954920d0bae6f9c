#pragma once
// Background work of the studio (reading a session file) yields to the window and to
// the run: on a busy machine the calling thread gets a small share of a core, on an
// idle one all it wants.

namespace swivel::emulation {

// The nice value the calling thread takes: about a tenth of a normal thread's share
// of a busy core. Qt's QThread::IdlePriority (SCHED_IDLE on Linux) starved a reading
// thread outright while other programs kept every core busy (a build, say).
inline constexpr int kBackgroundNice = 10;

// Lowers the calling thread alone to kBackgroundNice, or leaves it lower still (on
// Linux a thread's nice value is its own; other systems keep the thread as it is).
// True when the thread now runs at kBackgroundNice or lower.
bool lowerThisThreadsPriority();

} // namespace swivel::emulation
