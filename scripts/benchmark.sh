#!/usr/bin/env bash
# Billing benchmark: a Billing Run of N units on background workers beside the naive loop.
#
#   scripts/benchmark.sh              2,000 units
#   scripts/benchmark.sh --large      10,000 units
#   scripts/benchmark.sh --units 500
#   scripts/benchmark.sh --counter    only the fee counter's figures (on the estate already built)
#   scripts/benchmark.sh --counter --months 6   ... with 6 months of fee history per unit (default 12)
#   scripts/benchmark.sh --scale  5 estates x 10,000 units with a year of invoices: every desk screen
#                                 and daily job timed (pm_module/scale_benchmark.py); smaller with
#                                 --estates N --units N --months N; --no-build times the estates built
#                                 before (after a migrate), --no-jobs only the desk
#
# After the billing figures it prints the fee counter's: finding a unit and listing what it owes,
# and paying a year of overdue invoices with late fees (pm_module/billing/counter_benchmark.py);
# then each resident portal page's time for a resident with a year of invoices (pm_module/portal/benchmark.py).
#
# Uses the bench at $PM_BENCH (default ~/frappe-bench) and its site $PM_BENCH_SITE (default
# pm-bench.localhost, created with ERPNext on first use). Starts one RQ worker per CPU
# ($PM_BENCH_WORKERS to change) for the run and stops them afterwards.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

units=2000
units_given=0
counter_only=0
scale=0
scale_build=True
scale_jobs=True
estates=5
months=12
while [ $# -gt 0 ]; do
	case "$1" in
		--large) units=10000 ;;
		--units) units="$2"; units_given=1; shift ;;
		--scale) scale=1 ;;
		--estates) estates="$2"; shift ;;
		--counter) counter_only=1 ;;
		--months) months="$2"; shift ;;
		--no-build) scale_build=False ;;
		--no-jobs) scale_jobs=False ;;
		*) die "unknown option $1" ;;
	esac
	shift
done

have_bench || die "No Frappe/ERPNext bench at $BENCH (run scripts/setup.sh first, or set PM_BENCH)"
export PATH="$BENCH/env/bin:$HOME/.local/bin:$PATH"
check_services
link_app
BENCH_SITE="${PM_BENCH_SITE:-pm-bench.localhost}"
site_exists "$BENCH_SITE" || new_site "$BENCH_SITE"
install_or_migrate "$BENCH_SITE"

if [ "$scale" = "1" ]; then
	[ "$units_given" = "1" ] || units=10000
	say "Scale benchmark: $estates estate(s) x $units units, $months months on $BENCH_SITE"
	bench_cmd --site "$BENCH_SITE" execute pm_module.scale_benchmark.run \
		--kwargs "{\"estates\": $estates, \"units\": $units, \"months\": $months, \"build\": $scale_build, \"jobs\": $scale_jobs}"
	exit
fi

if [ "$counter_only" = "1" ]; then
	bench_cmd --site "$BENCH_SITE" execute pm_module.billing.counter_benchmark.run --kwargs "{\"units\": $units, \"months\": $months}"
	exit
fi

workers="${PM_BENCH_WORKERS:-$(nproc)}"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
say "Starting $workers worker(s) on the long queue"
for _ in $(seq "$workers"); do
	(cd "$BENCH" && exec bench worker --queue long >/dev/null 2>&1) &
	pids+=($!)
done

say "Benchmarking $units units on $BENCH_SITE"
bench_cmd --site "$BENCH_SITE" execute pm_module.billing.benchmark.run --kwargs "{\"units\": $units}"
bench_cmd --site "$BENCH_SITE" execute pm_module.billing.counter_benchmark.run --kwargs "{\"units\": $units, \"months\": $months}"
# the resident portal's pages for a resident with a year of invoices (pm_module/portal/benchmark.py)
bench_cmd --site "$BENCH_SITE" execute pm_module.portal.benchmark.run --kwargs "{\"units\": $units}"
