#!/usr/bin/env bash
# What the browser test (pm_module/tests/test_fee_counter_browser.py) needs, installed when missing:
# Debian's Chromium (/usr/bin/chromium, apt-get) and Playwright for Python in the bench's virtualenv.
# Playwright drives that Chromium: it never downloads a browser of its own. Also links the app's
# desk assets (/assets/pm_module, what `bench build --app pm_module` does for an app without
# bundles). Idempotent; run by scripts/test.sh. When something cannot be installed it warns and
# goes on: the browser test then fails (under CI=1) and says what is missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

as_root() {
	if [ "$(id -u)" = "0" ]; then
		"$@"
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo "$@"
	else
		return 1
	fi
}

if [ ! -x /usr/bin/chromium ]; then
	say "Installing Chromium (apt-get) for the browser test"
	{ command -v apt-get >/dev/null \
		&& as_root apt-get update -qq \
		&& as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
		|| echo "WARNING: could not install chromium (needs apt-get and root): the browser test will fail" >&2
fi

if ! "$BENCH/env/bin/python" -c "import playwright.sync_api" 2>/dev/null; then
	say "Installing Playwright for Python into the bench's virtualenv (no browser download)"
	"$BENCH/env/bin/python" -m pip install --quiet playwright \
		|| echo "WARNING: could not install playwright: the browser test will fail" >&2
fi

# The desk loads /assets/pm_module/js/pm_module.js (hooks.app_include_js) from sites/assets; the
# fee counter page's own JS comes from its page folder, not from assets.
if [ -n "$(find "$REPO/pm_module/public" -name '*.bundle.*' -print -quit 2>/dev/null)" ]; then
	bench_cmd build --app pm_module
elif [ ! -e "$BENCH/sites/assets/pm_module" ]; then
	ln -sfn "$BENCH/apps/pm_module/pm_module/public" "$BENCH/sites/assets/pm_module"
fi
