#pragma once
// Where the shipped data (device catalog, examples, templates) is found at run time:
// $SWIVEL_RESOURCES if set, else the source tree's resources/ the build was made from,
// else <executable dir>/../share/swivel/resources.

#include <string>

namespace swivel::model {

std::string resourcesDirectory();

} // namespace swivel::model
