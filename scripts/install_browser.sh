#!/usr/bin/env bash
# Installs Debian's chromium and chromedriver for the browser tests of report.html.
# Never fails the set-up: where apt cannot install them, the browser tests skip
# and say what is missing.
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "note: no apt-get here; install chromium and chromedriver to run the browser tests" >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
else
    echo "note: not root and no password-less sudo; install chromium chromium-driver to run the browser tests" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing Debian's chromium and chromium-driver for the browser tests of report.html (about 120 packages; only the tests need them)" >&2
# One update (a stale list may not know the packages), then the install; a failing update still lets it try.
$sudo apt-get update -qq || echo "note: apt-get update failed; trying the install with the lists there are" >&2
if $sudo apt-get install -y -qq chromium chromium-driver >/dev/null; then
    exit 0
fi
echo "note: apt-get could not install chromium chromium-driver; the browser tests will skip" >&2
exit 0
