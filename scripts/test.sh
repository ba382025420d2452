#!/usr/bin/env bash
# Install everything the test suite needs, then lint and run it. Safe to run again:
# each tool is installed only when it is missing. Extra arguments go to pytest.
#   bash scripts/test.sh                 # the whole suite
#   bash scripts/test.sh -k browser -x   # a subset
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VNU_JAR=.tools/node_modules/vnu-jar/build/dist/vnu.jar

say() { printf '==> %s\n' "$*"; }

# Run a command as root: directly when we are root, else through sudo when there is one.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "error: '$*' needs root and sudo is not installed" >&2
        return 1
    fi
}

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# A virtual environment: Debian's own Python refuses `pip install` outside one (PEP 668). An
# active one is used as it is; else .venv/ is made (with Debian's python3-venv when missing).
if [ -z "${VIRTUAL_ENV:-}" ]; then
    if [ ! -x .venv/bin/python ]; then
        say "making the virtual environment .venv/"
        if ! python3 -m venv .venv 2>/dev/null; then
            rm -rf .venv
            apt_install python3-venv
            python3 -m venv .venv
        fi
    fi
    # shellcheck disable=SC1091
    . .venv/bin/activate
fi

say "Python packages"
python -m pip install -q --disable-pip-version-check --root-user-action=ignore -e ".[test]"

if ! command -v chromium >/dev/null 2>&1; then
    say "installing chromium"
    apt_install chromium
fi

if ! command -v java >/dev/null 2>&1; then
    say "installing default-jre-headless"
    apt_install default-jre-headless
fi

if [ ! -f "$VNU_JAR" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        say "installing npm"
        apt_install npm
    fi
    say "installing vnu-jar (Nu Html Checker)"
    # --ignore-scripts: the package's postinstall downloads a Java runtime from outside the
    # registry (we use the system java); the jar itself ships inside the package.
    npm install --prefix .tools --no-audit --no-fund --ignore-scripts --loglevel=error vnu-jar \
        >/dev/null
fi

lint_dirs=()
for d in generator tests bench scripts; do
    if [ -d "$d" ]; then lint_dirs+=("$d"); fi
done
# Lint problems fail the run, but only after the tests have run too, so one run reports both.
lint_failed=0
say "ruff check ${lint_dirs[*]}"
python -m ruff check -q "${lint_dirs[@]}" || lint_failed=1
say "ruff format --check ${lint_dirs[*]}"
python -m ruff format -q --check "${lint_dirs[@]}" || lint_failed=1

say "pytest"
tests_status=0
python -m pytest -n auto -p no:cacheprovider "$@" || tests_status=$?
if [ "$lint_failed" -ne 0 ]; then
    echo "error: ruff found problems (see above); fix them or run 'ruff format'" >&2
    [ "$tests_status" -ne 0 ] || tests_status=1
fi
exit "$tests_status"
