#!/usr/bin/env bash
# Run pm_module's whole test suite in a real ERPNext site.
#
#   scripts/test.sh                 all tests
#   scripts/test.sh --module pm_module.estate.doctype.unit.test_unit
#
# Uses the bench at $PM_BENCH (default ~/frappe-bench, as made by scripts/setup.sh) and the test
# site $PM_TEST_SITE (default pm-test.localhost): created with ERPNext on first use, migrated after.
# PM_FRESH_TEST_SITE=1 drops and recreates it; PM_CHECK_INSTALL_CYCLE=1 also runs
# scripts/install-cycle.sh (install, migrate twice, uninstall on a scratch site), as CI does.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

have_bench || die "No Frappe/ERPNext bench at $BENCH: nothing was tested.
Run scripts/setup.sh first, or point PM_BENCH at a bench with frappe and erpnext (version-15)."
export PATH="$BENCH/env/bin:$HOME/.local/bin:$PATH"
command -v bench >/dev/null || die "The 'bench' command is missing (pip install frappe-bench): nothing was tested."
check_services
link_app
# Chromium and Playwright for the browser test of the fee counter (installed when missing)
bash "$(dirname "$0")/browser-deps.sh"

if [ "${PM_FRESH_TEST_SITE:-0}" = "1" ] && site_exists "$TEST_SITE"; then
	say "Dropping $TEST_SITE"
	ensure_db_admin
	bench_cmd drop-site "$TEST_SITE" --force --no-backup --db-root-username "$DB_ADMIN_USER" --db-root-password "$DB_ADMIN_PASSWORD"
fi
site_exists "$TEST_SITE" || new_site "$TEST_SITE"
bench_cmd --site "$TEST_SITE" set-config allow_tests true >/dev/null
install_or_migrate "$TEST_SITE"

cycle_failed=0
if [ "${PM_CHECK_INSTALL_CYCLE:-0}" = "1" ]; then
	bash "$(dirname "$0")/install-cycle.sh" || { cycle_failed=1; echo "INSTALL CYCLE FAILED (see above)"; }
fi

args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--app pm_module)
log="$(mktemp)"
say "Running tests on $TEST_SITE: ${args[*]}"
set +e
(cd "$BENCH" && CI=1 bench --site "$TEST_SITE" run-tests "${args[@]}") 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# unittest's summary ("Ran N tests", "FAILED (failures=F, errors=E, skipped=S)") as one closing line
ran=$( (grep -Eo '^Ran [0-9]+' "$log" || true) | cut -d' ' -f2 | awk '{s+=$1} END {print s+0}')
summary="$(grep -E '^(FAILED|OK) ?\(' "$log" || true)"
failed=$( (grep -Eo '(failures|errors)=[0-9]+' <<<"$summary" || true) | cut -d= -f2 | awk '{s+=$1} END {print s+0}')
skipped=$( (grep -Eo 'skipped=[0-9]+' <<<"$summary" || true) | cut -d= -f2 | awk '{s+=$1} END {print s+0}')
rm -f "$log"
if [ "$ran" -eq 0 ]; then
	echo "pm_module: no test ran"
	exit 1
fi
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
passed=$((ran - failed - skipped))
# the install cycle counts as one more check
[ "${PM_CHECK_INSTALL_CYCLE:-0}" = "1" ] && { [ "$cycle_failed" = "1" ] && failed=$((failed + 1)) || passed=$((passed + 1)); }
echo "pm_module: $passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
