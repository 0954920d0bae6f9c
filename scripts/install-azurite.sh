#!/usr/bin/env bash
# Installs Azurite (the Azure Storage emulator; the tests use its Table endpoint)
# with npm, unless it is already there, and prints the path of azurite-table.
#   scripts/install-azurite.sh
# Location: $SWIVEL_NPM_PREFIX, default <repo>/build-npm (ignored by git, like every
# build folder). The first install takes about 50 s and about 360 MB; later calls
# return at once. Needs node and npm (./dev installs them).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${SWIVEL_NPM_PREFIX:-$root/build-npm}
version=3.37
binary=$prefix/node_modules/.bin/azurite-table

# Installed means: the binary exists and the package is the version asked for, so
# raising `version` above reinstalls.
installed_version() {
    node -p "require(process.argv[1]).version" "$prefix/node_modules/azurite/package.json" \
        2>/dev/null || true
}

case "$(installed_version)" in
    "$version" | "$version".*)
        if [ -x "$binary" ]; then
            echo "$binary"
            exit 0
        fi
        ;;
esac

if ! command -v npm >/dev/null 2>&1; then
    echo "install-azurite: npm is missing (install Node.js and npm first)" >&2
    exit 1
fi

echo "install-azurite: installing azurite@$version into $prefix (about 50 s)" >&2
mkdir -p "$prefix"
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    "azurite@$version" >&2

if [ ! -x "$binary" ]; then
    echo "install-azurite: npm finished but $binary is missing" >&2
    exit 1
fi
echo "$binary"
