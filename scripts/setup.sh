#!/usr/bin/env bash
# Set up everything and start the desk with the demo estate (re-runnable).
#
#   scripts/setup.sh            build what is missing, load the demo, then `bench start`
#   scripts/setup.sh --no-start same, without starting the processes
#
# On a fresh machine it makes a bench at $PM_BENCH (default ~/frappe-bench) with Frappe and
# ERPNext version-15 from their upstream repositories; on a machine with a bench it reuses it.
# Needs: Python 3.10–3.12 with pip, Node 18+, git, a running MariaDB (utf8mb4_unicode_ci) and Redis.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

START=1
[ "${1:-}" = "--no-start" ] && START=0

command -v git >/dev/null || die "git is missing"
command -v node >/dev/null || die "Node.js 18+ is missing"
command -v yarn >/dev/null || { say "Installing yarn 1"; npm install -g yarn@1.22.22; }
export PATH="$HOME/.local/bin:$PATH"
command -v bench >/dev/null || { say "Installing the bench CLI"; python3 -m pip install --user frappe-bench; export PATH="$HOME/.local/bin:$PATH"; }
check_services
ensure_db_admin

if ! have_bench; then
	say "Creating the bench at $BENCH (Frappe and ERPNext version-15)"
	if [ "$(id -u)" = "0" ]; then
		# bench refuses root unless the bench's config names a frappe_user; it reads it from ./sites
		mkdir -p "$(dirname "$BENCH")/sites"
		[ -f "$(dirname "$BENCH")/sites/common_site_config.json" ] || echo '{"frappe_user": "root"}' > "$(dirname "$BENCH")/sites/common_site_config.json"
	fi
	(cd "$(dirname "$BENCH")" && bench init --frappe-branch version-15 --skip-redis-config-generation --no-backups "$(basename "$BENCH")")
	[ "$(id -u)" = "0" ] && bench_config_set frappe_user=root
	"$BENCH/env/bin/python" -m pip install --quiet "setuptools<81"
	bench_cmd get-app --branch version-15 erpnext
	bench_cmd get-app --branch version-15 payments
fi
[ -d "$BENCH/apps/payments" ] || bench_cmd get-app --branch version-15 payments
# One Redis for cache, queue and realtime: the one already running on this machine
bench_config_set redis_cache="$REDIS_URL" redis_queue="$REDIS_URL" redis_socketio="$REDIS_URL"
[ -f "$BENCH/Procfile" ] || bench_cmd setup procfile
sed -i '/^redis_/d' "$BENCH/Procfile"
link_app

site_exists "$SITE" || new_site "$SITE"
bench_cmd --site "$SITE" set-config developer_mode 1 >/dev/null
install_or_migrate "$SITE"
say "Building desk assets"
bench_cmd build --app pm_module || bench_cmd build
say "Loading the demo estate (ERPNext setup for a Chinese company in CNY, 600 units)"
bench_cmd --site "$SITE" pm-demo
bench_cmd use "$SITE"

echo
say "Ready: http://$SITE:${PM_PORT:-8000} (add '127.0.0.1 $SITE' to /etc/hosts, or open http://127.0.0.1:${PM_PORT:-8000})"
say "Log in as Administrator / ${PM_ADMIN_PASSWORD:-admin}, or as a position, e.g. front.desk@hg.example / Demo@2026"
if [ "$START" = "1" ]; then
	cd "$BENCH" && exec bench start
fi
