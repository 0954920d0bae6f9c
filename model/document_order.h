#pragma once
// Document order of a flat state list: a pre-order walk of the parent tree, siblings
// in their given order. States whose parent does not exist count as top level; states
// caught in a parent cycle follow the rest, in their given order. Iterative, so any
// nesting depth is safe. Used by the saver and by edits that insert states.

#include <cstddef>
#include <vector>

#include "machine.h"

namespace swivel::model {

std::vector<std::size_t> documentOrder(const std::vector<State>& states);

} // namespace swivel::model
