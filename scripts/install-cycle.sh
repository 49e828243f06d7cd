#!/usr/bin/env bash
# Install, migrate twice and uninstall pm_module on a scratch ERPNext site; fail on any error or
# on anything the app leaves behind. scripts/test.sh runs it when PM_CHECK_INSTALL_CYCLE=1 (CI does).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CYCLE_SITE="${PM_CYCLE_SITE:-pm-cycle.localhost}"

have_bench || die "No Frappe/ERPNext bench at $BENCH"
export PATH="$BENCH/env/bin:$HOME/.local/bin:$PATH"
link_app
site_exists "$CYCLE_SITE" || new_site "$CYCLE_SITE"
if site_has_app "$CYCLE_SITE" pm_module; then
	bench_cmd --site "$CYCLE_SITE" uninstall-app pm_module --yes --no-backup
fi
say "Install cycle on $CYCLE_SITE: install, migrate, migrate, uninstall"
bench_cmd --site "$CYCLE_SITE" install-app pm_module
bench_cmd --site "$CYCLE_SITE" migrate
bench_cmd --site "$CYCLE_SITE" migrate
bench_cmd --site "$CYCLE_SITE" uninstall-app pm_module --yes --no-backup
# not `bench execute`: it refuses code of an app the site no longer has
leftovers=$(cd "$BENCH/sites" && "$BENCH/env/bin/python" - "$CYCLE_SITE" <<'PY'
import json, sys
import frappe
frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
from pm_module.setup.install import find_leftovers
print(json.dumps(find_leftovers()))
PY
)
if [ "$leftovers" != "[]" ]; then
	die "uninstall-app left behind: $leftovers"
fi
say "Install cycle clean: install, two migrations and uninstall left nothing behind"
