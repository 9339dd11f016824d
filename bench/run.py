"""Delivery benchmark: Masthead's production profile against nginx serving the file.

    python bench/run.py [--seconds 10] [--rounds 3] [--workers N] [--articles 500]

Needs nginx and wrk (apt-get install nginx-light wrk), PostgreSQL and Redis on
127.0.0.1. It creates the database ``masthead_bench`` (dropped and recreated), loads
the demo and N extra articles, starts ``masthead serve`` (production settings) and
nginx serving the same article bytes as a static file, and drives both with wrk at
32 and 256 connections, interleaved, for several rounds. Prints requests/s, p50/p99
latency, errors, the Masthead/nginx ratio, memory per worker, cold render times and
query count, and publish-to-visible time. Only loopback addresses are used.
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

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB = "masthead_bench"


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
        REDIS_URL="redis://127.0.0.1:6379/9",
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
    subprocess.run(["redis-cli", "-n", "9", "flushdb"], check=True, capture_output=True)
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
from masthead.articles.models import ArticlePage
print(ArticlePage.objects.get(source_id="reference:seed-page").url_path)
"""
    out = masthead(env, "manage", "shell", "-c", script, capture_output=True, text=True)
    url_path = out.stdout.strip().splitlines()[-1]
    # url_path is /front-page/world/slug/; the site root is /front-page/
    return "/" + url_path.split("/", 2)[2]


def start_server(env, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "masthead.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_until_up(port)
    return process


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
    """(pid, RSS MB, PSS MB) of each process in the server's group but the parent."""
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


def count_cold_queries(env, path: str) -> int:
    script = f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
client.get({path!r})
with CaptureQueriesContext(connection) as queries:
    assert client.get({path!r}).status_code == 200
print(len(queries))
"""
    env = {**env, "MASTHEAD_PAGE_CACHE": "false"}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    for tool in ("nginx", "wrk", "psql", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"bench needs {tool}: apt-get install nginx-light wrk")

    work = Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user
    env = bench_env(work / "data")
    print(f"preparing: demo + {args.articles} articles in PostgreSQL …", flush=True)
    article = prepare(env, args.articles)
    masthead_port, nginx_port, cold_port = free_port(), free_port(), free_port()
    server = start_server(env, masthead_port, args.workers)
    nginx = None
    try:
        status, body = http_get(masthead_port, article)
        assert status == 200
        (work / "article.html").write_bytes(body)
        nginx = start_nginx(work, nginx_port)
        print(f"article {article}: {len(body) / 1024:.1f} KB; workers {args.workers}")
        results = {}
        for round_number in range(args.rounds):
            for connections in (32, 256):
                for name, port, path in (
                    ("nginx", nginx_port, "/article.html"),
                    ("masthead", masthead_port, article),
                ):
                    result = wrk(port, path, connections, args.seconds)
                    results.setdefault((name, connections), []).append(result)
            print(f"  round {round_number + 1}/{args.rounds} done", flush=True)
        memory = worker_memory(server)
        print("\nhot article (page cache), best round of each:")
        print(
            f"{'server':10} {'conns':>5} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7}"
            f" {'errors':>6} {'ratio':>6}"
        )
        for connections in (32, 256):
            best_nginx = max(r["rps"] for r in results[("nginx", connections)])
            for name in ("nginx", "masthead"):
                rows = results[(name, connections)]
                best = max(rows, key=lambda r: r["rps"])
                errors = sum(r["errors"] for r in rows)
                ratio = best["rps"] / best_nginx
                print(
                    f"{name:10} {connections:>5} {best['rps']:>9.0f}"
                    f" {best['p50']:>7.2f} {best['p99']:>7.2f}"
                    f" {errors:>6} {ratio:>6.2f}"
                )
        for pid, rss, pss in memory:
            print(f"worker {pid}: RSS {rss:.0f} MB, PSS {pss:.0f} MB after load")
        visible = [publish_to_visible(env, masthead_port, article) for _ in range(3)]
        print(f"publish-to-visible: {', '.join(f'{v:.0f} ms' for v in visible)}")
    finally:
        stop(server)
        if nginx:
            stop(nginx)

    cold_env = {**env, "MASTHEAD_PAGE_CACHE": "false"}
    cold = start_server(cold_env, cold_port, args.workers)
    try:
        home = "/"
        section = "/world/"
        times = cold_render_times(
            cold_port,
            {"article": article, "home": home, "section (500+ articles)": section},
        )
        print("\ncold render (page cache off), median of 15:")
        for name, ms in times.items():
            print(f"  {name:24} {ms:6.1f} ms")
        cold_rps = wrk(cold_port, article, 32, args.seconds)
        print(
            f"  cold article throughput at 32 conns: {cold_rps['rps']:.0f} req/s, "
            f"p99 {cold_rps['p99']:.1f} ms, errors {cold_rps['errors']}"
        )
    finally:
        stop(cold)
    print(f"  cold article queries: {count_cold_queries(env, article)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
