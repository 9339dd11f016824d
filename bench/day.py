"""A newsroom's day, replayed: readers on a large archive while an editor publishes.

    python bench/day.py [--database-url URL | --stories 20000] [--seconds 90]
        [--edits-per-min 10] [--entries-per-min 40] [--pause-redis] [--no-stock]

One command (issue 14). It uses an archive database (``--database-url``, or it makes
one: ``masthead manage generate_archive --stories N`` into ``masthead_day``), starts
the production profile (``masthead serve --workers 2`` and a ``masthead worker``,
Redis db 14 of 127.0.0.1:6379, or a throwaway ``redis-server`` with
``--pause-redis``), and replays readers: Zipf over the newest ``--articles`` story
URLs plus the front page, sections, tags, feeds, sitemaps, search and the live
blog. A page view is the document, every same-origin file its HTML loads
(stylesheets, scripts, icon, images; found in the served HTML) and, for the
``--signed-in`` share of readers, ``/accounts/state/`` (``accounts.js`` asks only when
the ``mh_signed_in`` hint is set; tests/browser/test_page_view_requests.py counts a
page view's requests in Chromium). Meanwhile the newsroom (``day_newsroom.py``)
publishes or corrects a story and adds live-blog entries through the services the
admin's Publish runs. Time is compressed: the defaults (10 edits and 40 entries a
minute) are the day's rates (1 a minute, 1 per 15 s) ten times faster.

Then the same replay against stock Wagtail 8 with Django's per-site cache on the
same stories (``day_stock.py``), and the ratios. Prints page views/s at saturation
(closed loop, ``--connections`` readers), hit ratio (X-Cache), p50/p99 per route,
server CPU per page view (/proc, the server's process group), PSS per worker
(/proc/<pid>/smaps_rollup) and the load generator's own CPU.

One file for the steps in order; the load generator, the newsroom and the stock
site are ``day_load.py``, ``day_newsroom.py`` and ``day_stock.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import day_load
import day_stock
import run
import stock_wagtail

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
DEFAULT_DB = "masthead_day"

# Shares of page views by route (the rest of a newsroom's traffic is the articles).
MIX = {
    "article": 0.70,
    "home": 0.10,
    "section": 0.06,
    "tag": 0.03,
    "liveblog": 0.05,
    "feed": 0.03,
    "search": 0.03,
}
PAGE_VIEWS = ("article", "home", "section", "tag", "liveblog", "search")
# Search results and account state are never stored: the hit ratio leaves them out.
CACHEABLE = ("article", "home", "section", "tag", "liveblog", "feed", "most-read")


class AssetParser(HTMLParser):
    """Same-origin requests a browser makes while loading the page: [label, path]."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = None
        if tag == "link" and (attrs.get("rel") or "") in (
            "stylesheet",
            "icon",
            "preload",
        ):
            url = attrs.get("href")
        elif tag in ("script", "img"):
            url = attrs.get("src")
        if url and url.startswith("/") and not url.startswith("//"):
            if ["static", url] not in self.assets:
                self.assets.append(["static", url])
        # most-read.js fetches this fragment when the aside nears the screen (it
        # sits in every page's chrome): counted on every page view.
        fragment = attrs.get("data-most-read-url")
        if fragment and ["most-read", fragment] not in self.assets:
            self.assets.append(["most-read", fragment])


def page_assets(port: int, path: str) -> list[str]:
    status, body = run.http_get(port, path)
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    parser = AssetParser()
    parser.feed(body.decode("utf-8", "replace"))
    return parser.assets


STARTED = time.monotonic()


def phase(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


def masthead_env(work: Path, database_url: str, redis_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        MASTHEAD_ENV="production",
        MASTHEAD_DATA_DIR=str(work / "data"),
        SECRET_KEY="bench-day-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MASTHEAD_BEHIND_HTTPS_PROXY="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        LOG_LEVEL="WARNING",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def masthead(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "-m", "masthead.cli", *args], env=env, check=True, **kwargs
    )


def newsroom(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, str(HERE / "day_newsroom.py"), *args], env=env, check=True, **kwargs
    )


def make_archive(env, stories: int, db: str) -> None:
    for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True
        )
    masthead(env, "migrate", stdout=subprocess.DEVNULL)
    started = time.monotonic()
    masthead(
        env, "manage", "generate_archive", "--stories", str(stories),
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"  archive of {stories} stories in {time.monotonic() - started:.0f} s")


class RedisScratch:
    """A throwaway redis-server on a free port (the shared 6379 is never paused)."""

    def __init__(self, work: Path):
        self.port = run.free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly",
             "no", "--dir", str(work)],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(100):
            if self.cli("PING").stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise SystemExit("the throwaway redis-server did not start")

    def cli(self, *args):
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def start_server(env, port: int, workers: int, log: Path) -> subprocess.Popen:
    """``masthead serve`` in its own process group (measured and stopped whole);
    its output goes to ``log``, shown if it does not come up."""
    process = subprocess.Popen(
        [PYTHON, "-m", "masthead.cli", "serve", "--port", str(port),
         "--workers", str(workers)],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if run.http_get(port, "/healthz")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
    if process.poll() is None:
        run.stop(process)
    print(log.read_text()[-3000:], file=sys.stderr)
    raise SystemExit("masthead serve did not come up")


def start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "masthead.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build_spec(plan: dict, port: int, assets: dict, args, *, stock=False) -> dict:
    routes = {}
    sources = {
        "article": plan["articles"],
        "home": plan["home"],
        "section": plan["sections"],
        "tag": plan["tags"],
        "liveblog": plan["liveblog"],
        "feed": plan["feeds"],
        "search": plan["search"],
    }
    for name, weight in MIX.items():
        paths = sources[name]
        if stock:
            # The stock site has no tags, feeds or live blog: those shares are not
            # replayed there; search is its template's view (?query=).
            if name in ("tag", "feed", "liveblog"):
                continue
            if name == "search":
                paths = [p.replace("?q=", "?query=") for p in paths]
        if not paths:
            continue
        routes[name] = {
            "paths": paths,
            "weight": weight,
            "zipf": name in ("article", "tag", "search"),
            "page_view": name in PAGE_VIEWS,
            "assets": assets.get(name, []),
        }
    return {
        "host": "127.0.0.1",
        "port": port,
        "routes": routes,
        "connections": args.connections,
        "zipf_exponent": args.zipf,
        "static_share": args.static_share,
        "signed_in": None
        if stock or not args.signed_in
        else {
            "fraction": args.signed_in,
            "cookies": [f"{c}; mh_signed_in=1" for c in plan["reader_cookies"]],
            "state_path": "/accounts/state/",
        },
    }


def discover_assets(port: int, spec_sources: dict) -> dict:
    return {
        name: page_assets(port, paths[0])
        for name, paths in spec_sources.items()
        if name in PAGE_VIEWS and paths
    }


def replay(label, server, port, spec, args, work, *, editor=None, redis=None):
    """Warm up, then the measured replay; returns the figures."""
    phase(f"{label}: warm-up {args.warmup} s, then the replay {args.seconds} s")
    warmed = {}
    if args.warmup:
        warmed = day_load.run_load(
            {**spec, "seconds": args.warmup},
            processes=args.client_processes,
            work=work,
            seed=0,
        )["first"]
    pause = {}
    if redis is not None:

        def pause_redis():
            time.sleep(max(0.0, args.seconds / 2 - 10))
            pause["from"] = time.time()
            redis.cli("CLIENT", "PAUSE", "20000")
            pause["to"] = pause["from"] + 20

        threading.Thread(target=pause_redis, daemon=True).start()
    editing = editor() if editor else None
    before = run.group_cpu_seconds(server)
    started = time.time()
    result = day_load.run_load(
        {**spec, "seconds": args.seconds},
        processes=args.client_processes,
        work=work,
        seed=1,
    )
    result["wall"] = time.time() - started
    result["server_cpu"] = run.group_cpu_seconds(server) - before
    result["memory"] = run.worker_memory(server)
    result["pause"] = pause
    result["label"] = label
    # First requests for a page nobody asked for before (in the warm-up or the
    # replay): a miss any cache has, whatever it purges.
    result["cold_misses"] = sum(
        1
        for path, (_, cache, route) in result.pop("first").items()
        if cache != "HIT" and path not in warmed and route in CACHEABLE
    )
    if editing is not None:
        out, _ = editing.communicate(timeout=120)
        result["newsroom"] = [
            json.loads(line) for line in out.splitlines() if line.startswith("{")
        ]
    return result


def report(result: dict, args) -> dict:
    routes = result["routes"]
    views = result["page_views"]
    wall = args.seconds
    documents = {k: v for k, v in routes.items() if k not in ("static",)}
    cacheable = [k for k in documents if k in CACHEABLE]
    hits = sum(routes[k]["cache"].get("HIT", 0) for k in cacheable)
    served = sum(routes[k]["n"] for k in cacheable)
    all_docs = sum(routes[k]["n"] for k in documents)
    all_hits = sum(routes[k]["cache"].get("HIT", 0) for k in documents)
    errors = sum(row["errors"] for row in routes.values())
    figures = {
        "views_per_s": views / wall,
        "hit_ratio": hits / served if served else 0.0,
        "hit_ratio_all": all_hits / all_docs if all_docs else 0.0,
        "hit_ratio_warm": hits / (served - result["cold_misses"])
        if served > result["cold_misses"]
        else 0.0,
        "cpu_ms_per_view": result["server_cpu"] * 1000 / views if views else 0.0,
        "errors": errors,
    }
    print(f"\n{result['label']}: {views} page views in {wall} s")
    print(
        f"  page views/s {figures['views_per_s']:.1f}   requests/s "
        f"{sum(r['n'] for r in routes.values()) / wall:.1f}   errors {errors}"
    )
    print(
        f"  hit ratio {figures['hit_ratio']:.3f} (cacheable routes; "
        f"{figures['hit_ratio_all']:.3f} of every document incl. search and state)"
    )
    print(
        f"  {result['cold_misses']} documents were first asked for in the replay "
        f"(cold misses); without them the hit ratio is {figures['hit_ratio_warm']:.3f}"
    )
    print(
        f"  server CPU {result['server_cpu']:.1f} s = "
        f"{figures['cpu_ms_per_view']:.2f} ms per page view; load generator CPU "
        f"{result['cpu']:.1f} s over {args.client_processes} processes "
        f"({result['cpu'] / wall / args.client_processes:.0%} of each)"
    )
    print(
        f"  {'route':16} {'count':>7} {'p50 ms':>8} {'p99 ms':>8} {'hits':>6}  X-Cache"
    )
    for name, row in sorted(routes.items(), key=lambda item: -item[1]["n"]):
        cache = ", ".join(f"{k} {v}" for k, v in sorted(row["cache"].items()))
        ratio = row["cache"].get("HIT", 0) / row["n"] if row["n"] else 0
        print(
            f"  {name:16} {row['n']:>7} {day_load.percentile(row['ms'], 0.5):>8.2f}"
            f" {day_load.percentile(row['ms'], 0.99):>8.2f} {ratio:>6.2f}  {cache}"
        )
    for pid, rss, pss in result["memory"]:
        print(f"  worker {pid}: RSS {rss:.0f} MB, PSS {pss:.0f} MB")
    if "newsroom" in result:
        kinds = {}
        for action in result["newsroom"]:
            kinds.setdefault(action["action"], []).append(action.get("ms", 0))
        print(
            "  newsroom: "
            + ", ".join(
                f"{len(v)} {k}"
                + (f" (median {sorted(v)[len(v) // 2]:.0f} ms)" if v[0] else "")
                for k, v in kinds.items()
            )
        )
    if result["pause"]:
        start, end = result["pause"]["from"], result["pause"]["to"]
        seconds = result["seconds"]

        def rate(lo, hi, index):
            picked = [seconds.get(s, [0, 0, 0])[index] for s in range(int(lo), int(hi))]
            return sum(picked) / max(1, len(picked))

        before = rate(start - 10, start, 1)
        during = rate(start + 1, end, 1)
        hit_errors = sum(
            seconds.get(s, [0, 0, 0])[2] for s in range(int(start), int(end))
        )
        figures["pause_ratio"] = during / before if before else 0.0
        print(
            f"  Redis paused 20 s: hits/s {before:.0f} before, {during:.0f} during "
            f"(ratio {figures['pause_ratio']:.2f}); failed requests during the pause "
            f"{hit_errors}"
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", help="an archive database (default: make one)"
    )
    parser.add_argument(
        "--stories", type=int, default=20000, help="archive size to make"
    )
    parser.add_argument("--archive-db", default=DEFAULT_DB, help="name of the one made")
    parser.add_argument("--articles", type=int, default=20000, help="Zipf URL set")
    parser.add_argument("--zipf", type=float, default=1.0, help="Zipf exponent")
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--warmup", type=int, default=15)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis-db", type=int, default=14, help="flushed first")
    parser.add_argument("--redis-url", help="instead of --redis-db (not flushed)")
    parser.add_argument(
        "--no-migrate", action="store_true", help="the database is migrated already"
    )
    parser.add_argument("--edits-per-min", type=float, default=10)
    parser.add_argument("--entries-per-min", type=float, default=40)
    parser.add_argument("--signed-in", type=float, default=0.05, help="share of views")
    parser.add_argument(
        "--static-share",
        type=float,
        default=1.0,
        help="share of page views that fetch the page's files (1: every view)",
    )
    parser.add_argument("--pause-redis", action="store_true")
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    # Stopped from outside (a timeout): still stop the servers it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    if args.pause_redis and args.seconds < 45:
        raise SystemExit("--pause-redis needs --seconds 45 or more")
    for tool in ("psql", "redis-cli", "redis-server"):
        if not shutil.which(tool):
            raise SystemExit(f"the day replay needs {tool}")

    work = Path(tempfile.mkdtemp(prefix="masthead-day-"))
    redis = RedisScratch(work) if args.pause_redis else None
    redis_url = (
        f"redis://127.0.0.1:{redis.port}/0"
        if redis
        else args.redis_url or f"redis://127.0.0.1:6379/{args.redis_db}"
    )
    if not redis and not args.redis_url:
        subprocess.run(
            ["redis-cli", "-n", str(args.redis_db), "flushdb"],
            check=True,
            capture_output=True,
        )
    database_url = (
        args.database_url or f"postgres://postgres@127.0.0.1:5432/{args.archive_db}"
    )
    env = masthead_env(work, database_url, redis_url)
    figures = {}
    try:
        if not args.database_url:
            phase(f"making the archive: {args.stories} stories")
            make_archive(env, args.stories, args.archive_db)
        phase("migrate, collectstatic, the readers' plan, the server and worker")
        if not args.no_migrate:
            masthead(env, "migrate", stdout=subprocess.DEVNULL)
        masthead(env, "manage", "collectstatic", "--noinput", "-v0")
        newsroom(env, "plan", str(work / "plan.json"), "--articles", str(args.articles))
        plan = json.loads((work / "plan.json").read_text())
        port = run.free_port()
        server = start_server(env, port, args.workers, work / "server.log")
        worker = start_worker(env)
        try:
            sources = {
                "article": plan["articles"],
                "home": plan["home"],
                "section": plan["sections"],
                "tag": plan["tags"],
                "liveblog": plan["liveblog"],
                "search": plan["search"],
            }
            assets = discover_assets(port, sources)
            spec = build_spec(plan, port, assets, args)
            print(
                "  an article page view loads: "
                + " ".join(path for _, path in assets["article"])
            )
            print(
                f"masthead serve --workers {args.workers} + masthead worker; "
                f"{len(plan['articles'])} story URLs (Zipf s={args.zipf}); "
                f"{args.connections} connections in {args.client_processes} "
                f"client processes; an article page view = 1 + "
                f"{len(assets.get('article', []))} files"
                + (f" (+ /accounts/state/ for {args.signed_in:.0%} signed in)")
            )
            print(
                f"newsroom: {args.edits_per_min}/min edits (1 in 3 a new story, else "
                f"a correction), {args.entries_per_min}/min live-blog entries, "
                "through the admin's publish services (save_revision + publish), "
                "not its HTTP form"
            )

            def editor():
                return subprocess.Popen(
                    [PYTHON, str(HERE / "day_newsroom.py"), "edit",
                     str(work / "plan.json"), "--seconds", str(args.seconds),
                     "--edits-per-min", str(args.edits_per_min),
                     "--entries-per-min", str(args.entries_per_min)],
                    env=env, stdout=subprocess.PIPE, text=True,
                    stderr=(work / "newsroom.log").open("w"),
                )  # fmt: skip

            worker_before = process_cpu(worker.pid)
            result = replay("Masthead", server, port, spec, args, work,
                            editor=editor, redis=redis)  # fmt: skip
            figures["masthead"] = report(result, args)
            print(
                f"  masthead worker CPU {process_cpu(worker.pid) - worker_before:.1f} s"
            )
        finally:
            run.stop(server)
            run.stop(worker)
        if not args.no_stock:
            phase("building stock Wagtail with the same stories")
            newsroom(
                env, "stock-text", str(work / "plan.json"), str(work / "stock.jsonl")
            )
            project = day_stock.build(work, work / "stock.jsonl")
            stock_port = run.free_port()
            stock = stock_wagtail.start(project, stock_port, args.workers, cached=True)
            try:
                run.wait_until_up(stock_port, plan["articles"][0])
                stock_assets = discover_assets(
                    stock_port,
                    {
                        k: v
                        for k, v in sources.items()
                        if k in ("article", "home", "section")
                    }
                    | {"search": ["/search/?query=news"]},
                )
                stock_spec = build_spec(
                    plan, stock_port, stock_assets, args, stock=True
                )
                result = replay(
                    "stock Wagtail + per-site cache", stock, stock_port, stock_spec,
                    args, work,
                    editor=lambda: day_stock.start_editor(
                        project, work / "plan.json", seconds=args.seconds,
                        edits_per_min=args.edits_per_min,
                    ),
                )  # fmt: skip
                result.pop("newsroom", None)
                figures["stock"] = report(result, args)
                print(
                    "  (stock replays articles, home, sections and search only: no "
                    "tags, feeds, live blog or signed-in readers; an article is "
                    f"1 + {len(stock_assets.get('article', []))} files)"
                )
            finally:
                run.stop(stock)
            ratio = figures["masthead"]["views_per_s"] / max(
                figures["stock"]["views_per_s"], 1e-9
            )
            figures["ratio"] = ratio
            print(f"\npage views/s, Masthead / stock + per-site cache: {ratio:.2f}×")
        print("(ratios from one run on one machine are what count; absolute figures "
              "depend on what else the machine was doing)")  # fmt: skip
    finally:
        if redis:
            redis.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
