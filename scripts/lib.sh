# Shared by scripts/setup.sh and scripts/test.sh: where the bench is, and how this checkout joins it.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${PM_BENCH:-$HOME/frappe-bench}"
SITE="${PM_SITE:-pm.localhost}"
TEST_SITE="${PM_TEST_SITE:-pm-test.localhost}"
DB_ADMIN_USER="${PM_DB_ADMIN_USER:-pm_dbadmin}"
DB_ADMIN_PASSWORD="${PM_DB_ADMIN_PASSWORD:-pm_dbadmin}"
REDIS_URL="${PM_REDIS_URL:-redis://127.0.0.1:6379}"

say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

bench_cmd() { (cd "$BENCH" && bench "$@"); }

have_bench() { [ -f "$BENCH/sites/common_site_config.json" ] && [ -d "$BENCH/apps/frappe" ] && [ -d "$BENCH/apps/erpnext" ]; }

check_services() {
	redis_answers || start_redis
	redis_answers || die "Redis is not answering at $REDIS_URL (set PM_REDIS_URL, or start redis-server)"
	mariadb_answers || start_mariadb
	mariadb_answers || die "MariaDB is not answering and could not be started (start it, e.g. 'service mariadb start')"
	local vars
	vars=$(db_settings)
	case "$vars" in
		*utf8mb4*utf8mb4_unicode_ci*) ;;
		*)
			# Frappe refuses other settings. Both are dynamic: set them on the running server (as root)
			# so that a server restarted from a stock config still serves a run; the config makes it last.
			if mysql -uroot -e "SET GLOBAL character_set_server='utf8mb4'; SET GLOBAL collation_server='utf8mb4_unicode_ci'" 2>/dev/null; then
				say "MariaDB ran with $vars; set to utf8mb4 / utf8mb4_unicode_ci until it restarts (make it last with collation-server = utf8mb4_unicode_ci under [mysqld] in its config)"
				vars=$(db_settings)
			fi ;;
	esac
	case "$vars" in
		*utf8mb4*utf8mb4_unicode_ci*) ;;
		*) die "MariaDB must run with utf8mb4 / utf8mb4_unicode_ci (now: $vars). Add to its config under [mysqld]:
    character-set-client-handshake = FALSE
    character-set-server = utf8mb4
    collation-server = utf8mb4_unicode_ci
and restart MariaDB." ;;
	esac
}

redis_answers() {
	local py="python3"
	[ -x "$BENCH/env/bin/python" ] && py="$BENCH/env/bin/python"
	"$py" - "$REDIS_URL" 2>/dev/null <<'PY'
import socket, sys
from urllib.parse import urlparse
u = urlparse(sys.argv[1])
s = socket.create_connection((u.hostname, u.port or 6379), timeout=5)
s.sendall(b"PING\r\n")
assert s.recv(16).startswith(b"+PONG")
PY
}

mariadb_answers() {
	mysql -uroot -e "select 1" >/dev/null 2>&1 || mysql -u"$DB_ADMIN_USER" -p"$DB_ADMIN_PASSWORD" -h127.0.0.1 -e "select 1" >/dev/null 2>&1
}

db_settings() {
	mysql -uroot -N -e "select @@character_set_server, @@collation_server" 2>/dev/null \
		|| mysql -u"$DB_ADMIN_USER" -p"$DB_ADMIN_PASSWORD" -h127.0.0.1 -N -e "select @@character_set_server, @@collation_server"
}

# The machine's own Redis, stopped: started as the machine runs it, keeping nothing on disk
# (Debian's service would save snapshots, and refuse writes where it may not save them)
start_redis() {
	case "$REDIS_URL" in
		redis://127.0.0.1:6379* | redis://localhost:6379*) ;;
		*) return 0 ;;
	esac
	command -v redis-server >/dev/null || return 0
	say "Redis is not answering: starting it"
	redis-server --bind 127.0.0.1 --port 6379 --save "" --daemonize yes >/dev/null 2>&1 || true
	wait_for 20 redis_answers
	return 0
}

# A machine whose MariaDB is installed but stopped (no supervisor restarted it): start it and wait.
# Debian's init script may report failure although the server came up, so the answer is what counts;
# mariadbd is started directly only when no server process is there at all (never a second one).
start_mariadb() {
	say "MariaDB is not answering: starting it"
	command -v service >/dev/null && { service mariadb start >/dev/null 2>&1 || true; }
	wait_for 60 mariadb_answers && return 0
	if ! pgrep -x mariadbd >/dev/null && command -v mariadbd >/dev/null && [ "$(id -u)" = "0" ]; then
		mkdir -p /run/mysqld && chown mysql: /run/mysqld 2>/dev/null || true
		setsid nohup mariadbd --user=mysql >/dev/null 2>&1 < /dev/null &
		wait_for 60 mariadb_answers
	fi
	return 0
}

# wait_for SECONDS CHECK: until CHECK answers, at most SECONDS
wait_for() {
	local i
	for i in $(seq 1 "$1"); do "$2" && return 0; sleep 1; done
	return 1
}

# Frappe creates site databases with an administrative MariaDB account; ours has a password
# (frappe cannot use root's empty password or socket login).
ensure_db_admin() {
	mysql -u"$DB_ADMIN_USER" -p"$DB_ADMIN_PASSWORD" -h127.0.0.1 -e "select 1" >/dev/null 2>&1 && return
	say "Creating MariaDB admin account $DB_ADMIN_USER for bench"
	mysql -uroot <<SQL || die "Could not create the MariaDB account $DB_ADMIN_USER; set PM_DB_ADMIN_USER/PM_DB_ADMIN_PASSWORD to an account that may create databases"
CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'localhost' IDENTIFIED BY '$DB_ADMIN_PASSWORD';
CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$DB_ADMIN_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
}

# bench refuses to run as root unless the bench names a frappe_user
bench_config_set() {
	"$BENCH/env/bin/python" - "$BENCH/sites/common_site_config.json" "$@" <<'PY'
import json, sys
path, pairs = sys.argv[1], sys.argv[2:]
conf = json.load(open(path))
for pair in pairs:
    key, value = pair.split("=", 1)
    conf[key] = json.loads(value) if value[:1] in "[{0123456789tf\"" else value
json.dump(conf, open(path, "w"), indent=1)
PY
}

# This checkout becomes the bench's pm_module app (a symlink, so the clone under test is what runs)
link_app() {
	local target="$BENCH/apps/pm_module"
	if [ -e "$target" ] && [ ! -L "$target" ]; then
		[ "$(cd "$target" && pwd -P)" = "$(cd "$REPO" && pwd -P)" ] \
			|| die "$target is a separate copy of pm_module; remove it (or point PM_BENCH elsewhere) to test this checkout"
	else
		ln -sfn "$REPO" "$target"
	fi
	local found
	found=$(cd "$BENCH/sites" && "$BENCH/env/bin/python" -c "import os, pm_module; print(os.path.realpath(pm_module.__file__))" 2>/dev/null || true)
	if [ "$found" != "$(cd "$REPO" && pwd -P)/pm_module/__init__.py" ]; then
		say "Installing pm_module into the bench's virtualenv"
		"$BENCH/env/bin/python" -m pip install --quiet --no-deps -e "$target" \
			|| die "pip install -e $target failed"
	fi
	install_app_dependencies
	grep -qx "pm_module" "$BENCH/sites/apps.txt" || { sed -i -e '$a\' "$BENCH/sites/apps.txt"; echo "pm_module" >> "$BENCH/sites/apps.txt"; }
}

# The app is installed with --no-deps (so pip never touches the frappe and erpnext bench manages);
# the libraries pyproject.toml declares (e.g. cn2an) are installed here, only those missing or at a
# version the declaration does not accept. Runs every time; does nothing when all are there.
install_app_dependencies() {
	local missing
	missing=$("$BENCH/env/bin/python" - "$REPO/pyproject.toml" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from packaging.requirements import Requirement

with open(sys.argv[1], "rb") as f:
    declared = tomllib.load(f).get("project", {}).get("dependencies", [])
for line in declared:
    req = Requirement(line)
    if req.name.lower() in ("frappe", "erpnext") or (req.marker and not req.marker.evaluate()):
        continue
    try:
        if req.specifier.contains(version(req.name), prereleases=True):
            continue
    except PackageNotFoundError:
        pass
    print(line)
PY
) || die "Could not read the dependencies in $REPO/pyproject.toml"
	[ -z "$missing" ] && return
	say "Installing pm_module's dependencies: $(echo "$missing" | tr '\n' ' ')"
	local reqs=()
	mapfile -t reqs <<<"$missing"
	"$BENCH/env/bin/python" -m pip install --quiet "${reqs[@]}" || die "pip install ${reqs[*]} failed"
}

site_exists() { [ -f "$BENCH/sites/$1/site_config.json" ]; }

# the list is read whole first: `grep -q` stopping early would fail the pipe (pipefail) and the
# installed app would look missing
site_has_app() { local apps; apps=$(bench_cmd --site "$1" list-apps 2>/dev/null || true); grep -q "^$2" <<<"$apps"; }

new_site() {
	local site="$1"
	ensure_db_admin
	say "Creating site $site with ERPNext (takes a few minutes)"
	bench_cmd new-site "$site" --admin-password "${PM_ADMIN_PASSWORD:-admin}" \
		--db-root-username "$DB_ADMIN_USER" --db-root-password "$DB_ADMIN_PASSWORD" \
		--install-app erpnext --install-app payments
}

install_or_migrate() {
	local site="$1"
	if site_has_app "$site" pm_module; then
		say "Migrating $site"
		bench_cmd --site "$site" migrate
	else
		say "Installing pm_module on $site"
		bench_cmd --site "$site" install-app pm_module
	fi
}
