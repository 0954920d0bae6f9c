#!/usr/bin/env bash
# Takes the README's screenshots under Xvfb: the designer drawing each example, the
# Emulate mode and the Generate mode.
#   scripts/screenshots.sh            (SWIVEL_BUILD_DIR picks the build folder; default build/)
# Needs xvfb and imagemagick (./dev open installs both).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SWIVEL_BUILD_DIR:-$root/build}
images=$root/docs/images

if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target swivel swivel-cli app_test_emulate_mode app_test_lecture_tour app_test_draw_camera \
    app_test_generate_mode app_test_expression_editor app_test_export_dialog
mkdir -p "$images"

# shoot EXAMPLE IMAGE: one Xvfb server per shot, the window filling its screen.
shoot() {
    local example=$root/resources/examples/$1 image=$images/$2
    echo "screenshot: $1 -> docs/images/$2"
    xvfb-run -a -s "-screen 0 1920x1200x24" bash -c '
        "$1" -qwindowgeometry 1920x1200+0+0 "$2" &
        app=$!
        sleep "${SWIVEL_SCREENSHOT_DELAY:-4}"
        import -window root "$3"
        kill "$app"
        wait "$app" 2>/dev/null || true
    ' _ "$build/app/swivel" "$example" "$image"
}

shoot camera-point-focus-shoot.swivel.json designer-camera.png
shoot door-card-reader.swivel.json designer-door.png
shoot drone-field-sweep.swivel.json designer-drone.png

# The Emulate mode: the Qt Tests that drive it (real keys on the real window) keep
# their moments: the walk-through stopped at a breakpoint on Focus, the 1,000-camera
# farm with its heat map and charts, and the tutorial's steps (docs/tutorial.md): the
# camera drawn from nothing, the walk-through's messages and versions, the step back,
# a compared session's first divergence, and the store outage's convoy.
echo "screenshot: Emulate mode -> docs/images/emulate-*.png, tutorial-*.png"
# A test that fails (a timing bound on a busy machine) still leaves the pictures it
# took; the script says so and goes on.
under_xvfb() {
    xvfb-run -a -s "-screen 0 1920x1200x24" env QT_QPA_PLATFORM=xcb SWIVEL_SCREENSHOT_DIR="$images" "$@" \
        >"$images/.last-test.log" 2>&1 ||
        { echo "warning: $(basename "$1") failed; its log:"; grep -E "FAIL|Loc" "$images/.last-test.log" || true; }
    rm -f "$images/.last-test.log"
}
under_xvfb "$build/tests/app/app_test_emulate_mode" \
    aBreakpointOnEnteringFocusStopsThereAndStepsGoOneEventAtATime \
    theThousandCameraFarmDoesNotFreezeTheWindow
under_xvfb "$build/tests/app/app_test_lecture_tour"
SWIVEL_DRAW_CAMERA_SHOT="$images/tutorial-sketch.png" under_xvfb "$build/tests/app/app_test_draw_camera"

# The Generate mode beside the diagram, the inspector's expression editor with its
# completion list open, and the Export dialog after building and testing the camera's
# project (exported under /tmp, so that no build tree's path is in the picture).
echo "screenshot: Generate mode -> docs/images/generate-mode.png, expression-editor.png, export-dialog.png"
under_xvfb "$build/tests/app/app_test_generate_mode" selectingATransitionHighlightsItsCaseAndScrollsThere
under_xvfb "$build/tests/app/app_test_expression_editor" screenshot
rm -rf /tmp/swivel-projects/camera
SWIVEL_EXPORT_DIALOG_PROJECTS=/tmp/swivel-projects under_xvfb "$build/tests/app/app_test_export_dialog" \
    buildAndTestReportsSuccess

# The tutorial's last step: generate the camera's handler, build it and run its tests;
# the terminal's words, drawn as a picture.
echo "screenshot: generate, build and test -> docs/images/tutorial-generate.png"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
    echo "\$ swivel-cli generate resources/examples/camera-point-focus-shoot.swivel.json -o camera-handler/"
    "$build/app/swivel-cli" generate "$root/resources/examples/camera-point-focus-shoot.swivel.json" \
        -o "$work/camera-handler" 2>&1 | sed "s|$work/||g" |
        awk '/^wrote / { if (++wrote <= 4) print; else if (wrote == 5) print "..."; next } { print }'
    echo "\$ cmake -S camera-handler -B camera-handler/build -G Ninja && cmake --build camera-handler/build"
    cmake -S "$work/camera-handler" -B "$work/camera-handler/build" -G Ninja >/dev/null
    cmake --build "$work/camera-handler/build" 2>&1 | tail -n 3 | sed "s|$work/||g"
    echo "\$ ctest --test-dir camera-handler/build"
    ctest --test-dir "$work/camera-handler/build" 2>&1 | grep -v "^Internal ctest" | sed "s|$work/||g"
} >"$work/terminal.txt"
convert -background "#1e1e1e" -fill "#e5e5e5" -font DejaVu-Sans-Mono -pointsize 14 \
    -border 16 -bordercolor "#1e1e1e" label:"$(cat "$work/terminal.txt")" "$images/tutorial-generate.png"
