"""Delivery benchmark: Masthead's production profile against nginx serving the file,
and its uncached render against a stock Wagtail site.

    pip install -e '.[bench]'
    python bench/run.py [--seconds 10] [--rounds 3] [--workers N] [--articles 500]

Needs nginx and wrk (apt-get install nginx-light wrk), PostgreSQL and Redis on
127.0.0.1. It creates the databases ``masthead_bench`` and ``masthead_bench_stock``
(dropped and recreated), loads the demo and N extra articles, and starts, side by side:
``masthead serve`` (production settings), the same app under granian (the other
server the brief names), nginx serving the same article bytes as a static file, and,
for the cold pass, ``masthead serve`` with the page cache off against a stock Wagtail 8
project (``bench/stock_wagtail.py``) serving the same article text. wrk drives them at
32 and 256 connections, interleaved, for several rounds. Prints requests/s, p50/p99
latency, errors, server CPU per request, ratios, memory per worker, cold render times,
query counts and publish-to-visible time. Only loopback addresses are used.

One file on purpose (over 400 lines): it is run by hand as a script, and its
steps (build the site, start servers, drive wrk, print the table) read in order.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import stock_wagtail

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB = "masthead_bench"
REDIS_DB = 9


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_env(data_dir: Path, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        MASTHEAD_ENV="production",
        MASTHEAD_DATA_DIR=str(data_dir),
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MASTHEAD_BEHIND_HTTPS_PROXY="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        LOG_LEVEL="WARNING",
        **extra,
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def masthead(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "-m", "masthead.cli", *args], env=env, check=True, **kwargs
    )


def http_get(port: int, path: str, headers=None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def wait_until_up(port: int, path: str = "/healthz", timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if http_get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"nothing answered on port {port}")


FIND_REFERENCE = """
from masthead.articles.models import ArticlePage
print(ArticlePage.objects.get(source_id="reference:seed-page").url_path)
"""


def site_path(url_path: str) -> str:
    # url_path is /front-page/world/slug/; the site root is /front-page/
    return "/" + url_path.split("/", 2)[2]


def existing(env) -> str:
    """The reference article's path in an already prepared database (--reuse)."""
    out = masthead(
        env, "manage", "shell", "-c", FIND_REFERENCE, capture_output=True, text=True
    )
    return site_path(out.stdout.strip().splitlines()[-1])


def prepare(env, articles: int) -> str:
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-qc",
            f"DROP DATABASE IF EXISTS {DB}",
        ],
        check=True,
    )
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB}"],
        check=True,
    )
    subprocess.run(
        ["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, capture_output=True
    )
    masthead(env, "manage", "migrate", "-v0")
    masthead(env, "manage", "collectstatic", "--noinput", "-v0")
    masthead(env, "manage", "load_demo", stdout=subprocess.DEVNULL)
    script = f"""
from masthead.articles.blocks import paragraph_from_text
from masthead.articles.services import create_article
from masthead.sections.models import SectionPage
sections = list(SectionPage.objects.all())
for n in range({articles}):
    create_article(section=sections[n % len(sections)], headline=f"Archive story {{n}}",
        standfirst="An older story for the benchmark.", publish=True,
        body=[("paragraph", paragraph_from_text("Archive text. " * 40))] * 6)
"""
    masthead(env, "manage", "shell", "-c", script, stdout=subprocess.DEVNULL)
    return existing(env)


def spawn(command: list[str], env, port: int) -> subprocess.Popen:
    """Start a server in its own process group (to measure and stop it whole)."""
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_until_up(port)
    return process


def start_granian(env, port: int, workers: int) -> subprocess.Popen:
    granian = Path(PYTHON).with_name("granian")
    if not granian.exists():
        raise SystemExit("bench needs granian: pip install -e '.[bench]'")
    return spawn(
        [str(granian), "--interface", "asgi", "--workers", str(workers)]
        + ["--host", "127.0.0.1", "--port", str(port), "--loop", "uvloop"]
        + ["--log-level", "warning", "masthead.asgi:application"],
        env,
        port,
    )


def group_cpu_seconds(process: subprocess.Popen) -> float:
    """User + system CPU of every process in the server's process group."""
    total = 0
    for pid in subprocess.run(
        ["pgrep", "-g", str(process.pid)], capture_output=True, text=True
    ).stdout.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(server, port: int, path: str, connections: int, seconds: int) -> dict:
    """wrk's figures plus the server's CPU milliseconds per answered request."""
    before = group_cpu_seconds(server) if server else 0.0
    result = wrk(port, path, connections, seconds)
    used = (group_cpu_seconds(server) - before) if server else 0.0
    requests = result["rps"] * seconds
    result["cpu_ms"] = used * 1000 / requests if server and requests else 0.0
    return result


def start_server(env, port: int, workers: int) -> subprocess.Popen:
    command = [PYTHON, "-m", "masthead.cli", "serve", "--port", str(port)]
    return spawn(command + ["--workers", str(workers)], env, port)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def start_nginx(root: Path, port: int) -> subprocess.Popen:
    conf = root / "nginx.conf"
    conf.write_text(f"""
worker_processes auto;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  types {{ text/html html; }}
  server {{ listen 127.0.0.1:{port}; root {root}; location / {{ }} }}
}}
""")
    process = subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(root)], start_new_session=True
    )
    wait_until_up(port, "/article.html")
    return process


def wrk(port: int, path: str, connections: int, seconds: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = 0
    for pattern in (
        r"Non-2xx or 3xx responses: (\d+)",
        r"connect (\d+), read (\d+), "
        r"write (\d+), timeout (\d+)",
    ):
        match = re.search(pattern, out)
        if match:
            errors += sum(int(g) for g in match.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": errors,
    }


def worker_memory(server: subprocess.Popen) -> list[tuple[int, float, float]]:
    """(pid, RSS MB, PSS MB) of each process in the server's group but the parent
    (gunicorn's arbiter, granian's supervisor)."""
    rows = []
    for pid in subprocess.run(
        ["pgrep", "-g", str(server.pid)], capture_output=True, text=True
    ).stdout.split():
        if int(pid) == server.pid:
            continue
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        rss = int(re.search(r"^Rss:\s+(\d+)", text, re.M).group(1)) / 1024
        pss = int(re.search(r"^Pss:\s+(\d+)", text, re.M).group(1)) / 1024
        rows.append((int(pid), rss, pss))
    return rows


def cold_render_times(port: int, paths: dict[str, str], repeats: int = 15) -> dict:
    times = {}
    for name, path in paths.items():
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            status, _ = http_get(port, path)
            samples.append((time.perf_counter() - start) * 1000)
            assert status == 200, (path, status)
        times[name] = statistics.median(samples)
    return times


COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
client.get({path!r})
with CaptureQueriesContext(connection) as queries:
    assert client.get({path!r}).status_code == 200
print(len(queries))
"""


def count_stock_queries(project: Path, path: str) -> int:
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", COUNT_QUERIES.format(path=path)],
        cwd=project,
        env=stock_wagtail.stock_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def count_cold_queries(env, path: str) -> int:
    env = {**env, "MASTHEAD_PAGE_CACHE": "false"}
    script = COUNT_QUERIES.format(path=path)
    out = masthead(env, "manage", "shell", "-c", script, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def publish_to_visible(env, port: int, path: str) -> float:
    http_get(port, path)
    http_get(port, path)  # cached now
    marker = f"Correction {time.time_ns()}"
    script = f"""
import time
from masthead.articles.models import ArticlePage
page = ArticlePage.objects.get(url_path__endswith={path!r})
page.standfirst = {marker!r}
print(time.time())
page.save_revision().publish()
"""
    start_box = {}

    def poll():
        while True:
            _, body = http_get(port, path)
            if marker.encode() in body:
                return time.time()
            time.sleep(0.005)

    import threading

    seen = {}
    thread = threading.Thread(target=lambda: seen.setdefault("at", poll()), daemon=True)
    thread.start()
    out = masthead(env, "manage", "shell", "-c", script, capture_output=True, text=True)
    start_box["at"] = float(out.stdout.strip().splitlines()[-1])
    thread.join(timeout=10)
    return (seen["at"] - start_box["at"]) * 1000 if "at" in seen else float("inf")


def print_table(title, rows, baseline_name):
    print(f"\n{title}")
    print(
        f"{'server':16} {'conns':>5} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>8}"
        f" {'errors':>6} {'cpu ms/req':>10} {'ratio':>6}"
    )
    for connections in sorted({c for _, c in rows}):
        baseline = max(r["rps"] for r in rows[(baseline_name, connections)])
        for (name, conns), results in rows.items():
            if conns != connections:
                continue
            best = max(results, key=lambda r: r["rps"])
            errors = sum(r["errors"] for r in results)
            cpu = statistics.median(r["cpu_ms"] for r in results)
            print(
                f"{name:16} {connections:>5} {best['rps']:>9.0f} {best['p50']:>7.2f}"
                f" {best['p99']:>8.2f} {errors:>6} {cpu:>10.3f}"
                f" {best['rps'] / baseline:>6.2f}"
            )
    print("(best round of each; errors summed over rounds; cpu: median of rounds)")


def print_memory(name, server):
    for pid, rss, pss in worker_memory(server):
        print(f"  {name} worker {pid}: RSS {rss:.0f} MB, PSS {pss:.0f} MB after load")


def hot_pass(env, work: Path, article: str, args) -> tuple[Path, str]:
    """Masthead (gunicorn and granian) with its page cache against nginx and stock
    Wagtail's cached page; builds the stock project and returns (project, path)."""
    ports = {name: free_port() for name in ("masthead", "granian", "nginx", "stock")}
    servers = {"masthead": start_server(env, ports["masthead"], args.workers)}
    nginx = None
    try:
        status, body = http_get(ports["masthead"], article)
        assert status == 200
        (work / "article.html").write_bytes(body)
        print("preparing the stock Wagtail baseline …", flush=True)
        project, stock_path = stock_wagtail.build(work, body.decode())
        if args.cold_only:
            return project, stock_path
        servers["stock cached"] = stock_wagtail.start(
            project, ports["stock"], args.workers, cached=True
        )
        wait_until_up(ports["stock"], stock_path)
        servers["granian"] = start_granian(env, ports["granian"], args.workers)
        nginx = start_nginx(work, ports["nginx"])
        print(f"article {article}: {len(body) / 1024:.1f} KB; workers {args.workers}")
        print("masthead = masthead serve (gunicorn arbiter, uvicorn workers)")
        print("granian  = the same ASGI app under granian --interface asgi")
        print("stock cached = stock Wagtail 8 with Django's per-site cache (3 KB page)")
        targets = (
            ("nginx", nginx, ports["nginx"], "/article.html"),
            ("masthead", servers["masthead"], ports["masthead"], article),
            ("granian", servers["granian"], ports["granian"], article),
            ("stock cached", servers["stock cached"], ports["stock"], stock_path),
        )
        for _, _, port, path in targets:
            for _ in range(200):  # every worker has the page in its memory
                http_get(port, path)
        hot = {}
        for round_number in range(args.rounds):
            for connections in (32, 256):
                for name, server, port, path in targets:
                    result = measure(server, port, path, connections, args.seconds)
                    hot.setdefault((name, connections), []).append(result)
            print(f"  hot round {round_number + 1}/{args.rounds} done", flush=True)
        print_table("hot article (page cache):", hot, "nginx")
        print("memory after the load:")
        for name in ("masthead", "granian"):
            print_memory(name, servers[name])
        visible = [
            publish_to_visible(env, ports["masthead"], article) for _ in range(3)
        ]
        print(f"publish-to-visible: {', '.join(f'{v:.0f} ms' for v in visible)}")
        return project, stock_path
    finally:
        for server in servers.values():
            stop(server)
        if nginx:
            stop(nginx)


def cold_pass(env, article: str, project: Path, stock_path: str, args) -> None:
    """Masthead with the page cache off against stock Wagtail, uncached."""
    cold_port, stock_port = free_port(), free_port()
    cold = start_server(
        {**env, "MASTHEAD_PAGE_CACHE": "false"}, cold_port, args.workers
    )
    stock = stock_wagtail.start(project, stock_port, args.workers)
    wait_until_up(stock_port, stock_path)
    try:
        _, stock_body = http_get(stock_port, stock_path)
        print(f"stock article: {len(stock_body) / 1024:.1f} KB (same text, no chrome)")
        times = cold_render_times(
            cold_port,
            {"article": article, "home": "/", "section (500+ articles)": "/world/"},
        )
        times["stock Wagtail article"] = cold_render_times(
            stock_port, {"stock": stock_path}
        )["stock"]
        print("cold render, one request at a time, median of 15:")
        for name, ms in times.items():
            print(f"  {name:24} {ms:6.1f} ms")
        cold_rows = {}
        for _ in range(args.rounds):
            for name, server, port, path in (
                ("stock Wagtail", stock, stock_port, stock_path),
                ("masthead cold", cold, cold_port, article),
            ):
                result = measure(server, port, path, 32, args.seconds)
                cold_rows.setdefault((name, 32), []).append(result)
        print_table(
            "cold article (page cache off) vs stock Wagtail:",
            cold_rows,
            "stock Wagtail",
        )
        print("memory after the load:")
        print_memory("masthead cold", cold)
    finally:
        stop(cold)
        stop(stock)
    print(f"  cold article queries: {count_cold_queries(env, article)}")
    print(f"  stock Wagtail queries: {count_stock_queries(project, stock_path)}")


def main() -> None:
    global DB, REDIS_DB
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="only the cold pass (page cache off) against stock Wagtail",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database and media of an earlier run with the same --db",
    )
    parser.add_argument("--db", default=DB, help="database name (stock: <db>_stock)")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB)
    args = parser.parse_args()
    DB, REDIS_DB = args.db, args.redis_db
    stock_wagtail.DB = f"{DB}_stock"
    for tool in ("nginx", "wrk", "psql", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"bench needs {tool}: apt-get install nginx-light wrk")

    # --reuse needs the media of the earlier run: they live next to the database name.
    data = Path(tempfile.gettempdir()) / f"{DB}-data"
    work = Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user
    env = bench_env(data)
    if args.reuse:
        subprocess.run(
            ["redis-cli", "-n", str(REDIS_DB), "flushdb"],
            check=True,
            capture_output=True,
        )
        article = existing(env)
    else:
        shutil.rmtree(data, ignore_errors=True)
        print(f"preparing: demo + {args.articles} articles in PostgreSQL …", flush=True)
        article = prepare(env, args.articles)
    project, stock_path = hot_pass(env, work, article, args)
    cold_pass(env, article, project, stock_path, args)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
