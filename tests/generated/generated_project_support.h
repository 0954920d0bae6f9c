#pragma once
// Shared by the tests of generated projects: the shipped examples, and compiling
// the machine code of many generated projects into one program that replays each
// project's recorded walk (tests/machine_walk.json) through it.

#include <string>
#include <utility>
#include <vector>

#include "codegen/generator.h"

std::vector<std::string> exampleFiles();
std::string describe(const swivel::codegen::GeneratorOutput& output);

struct WalkRun {
    bool compiled = false;
    bool passed = false;
    std::string output;  // the compiler's or the program's
    std::string summary; // "63 machines, 25200 steps, ..."
    long stepsWithActions = 0;
    long errorActions = 0;
    long timerSteps = 0;
};

// (name, generated project) pairs; all must have generated without diagnostics.
WalkRun
runWalks(const std::vector<std::pair<std::string, swivel::codegen::GeneratorOutput>>& machines);
