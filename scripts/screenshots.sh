#!/usr/bin/env bash
# Takes the README's screenshots under Xvfb: the designer drawing each example, and
# the Emulate mode.
#   scripts/screenshots.sh            (SWIVEL_BUILD_DIR picks the build folder; default build/)
# Needs xvfb and imagemagick (./dev open installs both).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SWIVEL_BUILD_DIR:-$root/build}
images=$root/docs/images

if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target swivel app_test_emulate_mode
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

# The Emulate mode: the Qt Test that drives it (real keys on the real window) keeps
# its moments: the walk-through stopped at a breakpoint on Focus, and the 1,000-camera
# farm with its heat map and charts.
echo "screenshot: Emulate mode -> docs/images/emulate-walkthrough.png, emulate-farm.png"
xvfb-run -a -s "-screen 0 1920x1200x24" env QT_QPA_PLATFORM=xcb SWIVEL_SCREENSHOT_DIR="$images" \
    "$build/tests/app/app_test_emulate_mode" \
    aBreakpointOnEnteringFocusStopsThereAndStepsGoOneEventAtATime \
    theThousandCameraFarmDoesNotFreezeTheWindow >/dev/null
