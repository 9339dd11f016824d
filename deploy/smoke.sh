#!/usr/bin/env bash
# The container's entrypoint steps, run on this host (CI has no container engine):
# collectstatic -> migrate -> serve (2 workers) + worker -> readiness -> a page ->
# a contact message delivered to a local SMTP sink -> stop. Exits non-zero, with
# one line saying which step failed, on any problem.
#
#   bash deploy/smoke.sh            # SQLite in a temporary folder
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/masthead REDIS_URL=redis://127.0.0.1:6379/0 \
#     bash deploy/smoke.sh          # a throwaway database beside that one, and Redis
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
MASTHEAD=("$PYTHON" -m masthead.cli)
WORK="$(mktemp -d -t masthead-smoke.XXXXXX)"
PIDS=()
SMOKE_DB=""

step() { printf 'smoke: %s\n' "$*"; }
die() { printf 'smoke: FAILED: %s\n' "$*" >&2; exit 1; }

helper() { "$PYTHON" - "$@" <<'PY'
import http.cookiejar, json, os, socket, sys, time, urllib.parse, urllib.request
from pathlib import Path

command, *args = sys.argv[1:]
if command == "free-port":
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        print(sock.getsockname()[1])
elif command in {"create-db", "drop-db"}:
    import psycopg
    url, name = args
    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if command == "create-db":
            conn.execute(f'CREATE DATABASE "{name}"')
            print(urllib.parse.urlunsplit(parts._replace(path="/" + name)))
        else:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
elif command == "wait-ready":
    base, = args
    deadline = time.monotonic() + 90
    last = "no answer"
    while time.monotonic() < deadline:
        for path in ("/readyz", "/healthz"):
            try:
                with urllib.request.urlopen(base + path, timeout=5) as response:
                    print(f"{path} {response.status}")
                    sys.exit(0)
            except urllib.error.HTTPError as exc:
                last = f"{path} answered {exc.code}"
                if exc.code != 404:
                    break  # /readyz exists and says not ready yet
            except OSError as exc:
                last = f"{path}: {exc}"
                break
        time.sleep(1)
    sys.exit(f"not ready after 90 s ({last})")
elif command == "fetch-page":
    base, = args
    with urllib.request.urlopen(base + "/", timeout=20) as response:
        body = response.read().decode("utf-8", "replace")
        if response.status != 200 or "<html" not in body.lower():
            sys.exit(f"/ answered {response.status} without a page")
        print(f"/ {response.status}, {len(body)} characters")
    # Every stylesheet, script and icon the page names: served (on the event loop,
    # pagecache/static.py) with a long cache lifetime and the security headers.
    # (A fresh site's front page is Wagtail's bare welcome page: ask the sign-in
    # page, which is built on the site's own layout.)
    import re
    with urllib.request.urlopen(base + "/accounts/login/", timeout=20) as response:
        layout = response.read().decode("utf-8", "replace")
    assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', layout)))
    if not assets:
        sys.exit("the page names no static files")
    for asset in assets:
        with urllib.request.urlopen(base + asset, timeout=20) as response:
            headers = response.headers
            if response.status != 200 or not response.read():
                sys.exit(f"{asset} answered {response.status}")
            if headers.get("X-Content-Type-Options") != "nosniff":
                sys.exit(f"{asset} has no nosniff header")
            if "max-age=" not in headers.get("Cache-Control", ""):
                sys.exit(f"{asset} has no cache lifetime")
    print(f"{len(assets)} static files served")
elif command == "send-message":
    base, = args
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/contact/state/", timeout=20) as response:
        token = json.load(response)["csrf"]
    form = urllib.parse.urlencode({
        "name": "Smoke Test", "email": "reader@example.org",
        "message": "Checking that messages get through.",
    }).encode()
    request = urllib.request.Request(base + "/contact/send/", data=form, headers={
        "X-CSRFToken": token, "Accept": "application/json", "Referer": base + "/",
    })
    with opener.open(request, timeout=20) as response:
        answer = json.load(response)
    if not answer.get("ok"):
        sys.exit(f"the contact form said {answer}")
    print("message accepted")
elif command == "wait-mail":
    folder, subject = args
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for path in Path(folder).glob("new/*"):
            if subject in path.read_text(errors="replace"):
                print(f"delivered: {path.name}")
                sys.exit(0)
        time.sleep(1)
    sys.exit(f"no email with {subject!r} after 90 s")
PY
}

cleanup() {
    local code=$?
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "$SMOKE_DB" ]; then helper drop-db "$BASE_DATABASE_URL" "$SMOKE_DB" || true; fi
    if [ "$code" -ne 0 ] && [ -f "$WORK/serve.log" ]; then
        echo "--- last lines of serve.log and worker.log ---" >&2
        tail -n 20 "$WORK/serve.log" "$WORK/worker.log" >&2 || true
    fi
    rm -rf "$WORK"
    exit "$code"
}
trap cleanup EXIT

PORT="$(helper free-port)"
SMTP_PORT="$(helper free-port)"
BASE="http://127.0.0.1:$PORT"
# Production settings, whatever the caller (a test run, say) had chosen.
export DJANGO_SETTINGS_MODULE=masthead.settings.base
export MASTHEAD_ENV=production
export SECRET_KEY="smoke-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export MASTHEAD_BEHIND_HTTPS_PROXY=false   # plain HTTP on loopback, no proxy
export MASTHEAD_DATA_DIR="$WORK/data"
export MASTHEAD_STATIC_ROOT="$WORK/static"
export MASTHEAD_BASE_URL="$BASE"
export MASTHEAD_CACHE_PREFIX="smoke-$$"
export EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
export DEFAULT_FROM_EMAIL="Smoke <newsroom@example.org>"
export MASTHEAD_WORKER_HEARTBEAT_SECONDS=1
export MASTHEAD_CONTACT_RETRY_BASE=2
unset MASTHEAD_S3_BUCKET
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
    BASE_DATABASE_URL="$DATABASE_URL"
    SMOKE_DB="masthead_smoke_$$"
    DATABASE_URL="$(helper create-db "$BASE_DATABASE_URL" "$SMOKE_DB")" \
        || die "cannot create a throwaway database beside $BASE_DATABASE_URL"
    export DATABASE_URL
    step "database: PostgreSQL ($SMOKE_DB), cache: ${REDIS_URL:-in-process}"
else
    unset DATABASE_URL
    step "database: SQLite in $MASTHEAD_DATA_DIR, cache: ${REDIS_URL:-in-process}"
fi
cd "$WORK"

step "collectstatic"
"${MASTHEAD[@]}" manage collectstatic --noinput --verbosity 0 || die "collectstatic"
step "migrate"
"${MASTHEAD[@]}" migrate >"$WORK/migrate.log" 2>&1 \
    || { tail -n 20 "$WORK/migrate.log" >&2; die "migrate"; }

step "SMTP sink on 127.0.0.1:$SMTP_PORT"
# Mailbox makes the maildir (new/, cur/, tmp/) itself, and only when it is missing.
"$PYTHON" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" \
    -c aiosmtpd.handlers.Mailbox "$WORK/mail" >"$WORK/smtp.log" 2>&1 &
PIDS+=($!)

step "serve --workers 2 on $BASE, and a worker"
"${MASTHEAD[@]}" serve --workers 2 --host 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
PIDS+=($!)
"${MASTHEAD[@]}" worker >"$WORK/worker.log" 2>&1 &
PIDS+=($!)

step "waiting for readiness"
helper wait-ready "$BASE" || die "the site never became ready"
step "fetching a page"
helper fetch-page "$BASE" || die "the front page"
step "sending a contact message"
helper send-message "$BASE" || die "the contact form"
step "waiting for its email"
helper wait-mail "$WORK/mail" "Reader message from Smoke Test" || die "email delivery"

step "stopping"
for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
PIDS=()
step "OK"
