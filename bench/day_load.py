"""The day replay's load generator: readers' page views over keep-alive HTTP/1.1.

No third-party client: a small HTTP/1.1 reader on asyncio streams (uvloop), run in
several processes so the client is not what saturates. Each connection is one
reader at a time, closed loop: pick a page view (route by weight, the path within
the route by Zipf rank), fetch the document, then every file the page loads
(stylesheets, scripts, icon, images it references), then, for a signed-in reader,
``/accounts/state/`` as ``accounts.js`` does. Only a document is counted against
its route; assets and state have their own rows.

Results per process (a JSON file): per-route counts, status and X-Cache counts,
latencies (ms), per-second series (page views, hits, errors on hits) and the
process's own CPU seconds.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import json
import multiprocessing
import random
import time
from pathlib import Path

ACCEPT_ENCODING = "gzip, deflate, br"
REQUEST_TIMEOUT = 30.0


def zipf_cumulative(count: int, exponent: float) -> list[float]:
    """Cumulative weights of ranks 1..count under Zipf(exponent)."""
    return list(
        itertools.accumulate(1 / rank**exponent for rank in range(1, count + 1))
    )


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened when the server closes it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def get(self, path: str, headers: str) -> tuple[int, dict[str, str], int]:
        """(status, lower-cased headers, body bytes) for GET ``path``."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port
            )
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{headers}\r\n".encode(
                "latin-1"
            )
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                fields[name.strip().lower()] = value.strip()
        size = 0
        if status in (204, 304) or 100 <= status < 200:
            pass
        elif "content-length" in fields:
            size = int(fields["content-length"])
            await self.reader.readexactly(size)
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            while True:
                chunk = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(chunk + 2)
                size += chunk
                if chunk == 0:
                    break
        else:  # delimited by the close
            size = len(await self.reader.read())
            fields["connection"] = "close"
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, fields, size


class Tally:
    def __init__(self):
        self.routes: dict[str, dict] = {}
        self.seconds: dict[int, list[int]] = {}  # second -> [views, hits, hit errors]
        self.page_views = 0
        self.first: dict[str, list] = {}  # document path -> [time, X-Cache, route]

    def add(self, route, status, cache, ms, second, error=False):
        row = self.routes.setdefault(
            route, {"n": 0, "errors": 0, "status": {}, "cache": {}, "ms": []}
        )
        row["n"] += 1
        row["errors"] += error or status >= 500 or status == 0
        row["status"][str(status)] = row["status"].get(str(status), 0) + 1
        row["cache"][cache] = row["cache"].get(cache, 0) + 1
        row["ms"].append(round(ms, 3))
        if cache == "HIT":
            self.seconds.setdefault(second, [0, 0, 0])[1] += 1

    def error_second(self, second):
        self.seconds.setdefault(second, [0, 0, 0])[2] += 1

    def view_done(self, second):
        self.page_views += 1
        self.seconds.setdefault(second, [0, 0, 0])[0] += 1


async def reader_loop(spec, rng, tally, deadline, cumulative):
    connection = Connection(spec["host"], spec["port"])
    routes = spec["routes"]
    names = list(routes)
    weights = list(itertools.accumulate(routes[name]["weight"] for name in names))
    signed_in = spec.get("signed_in") or {}
    base_headers = f"Accept-Encoding: {ACCEPT_ENCODING}\r\nUser-Agent: day-replay\r\n"
    while time.monotonic() < deadline:
        name = names[bisect.bisect(weights, rng.random() * weights[-1])]
        route = routes[name]
        paths = route["paths"]
        if route.get("zipf"):
            rank = bisect.bisect(cumulative[name], rng.random() * cumulative[name][-1])
            path = paths[min(rank, len(paths) - 1)]
        else:
            path = rng.choice(paths)
        headers = base_headers
        reader_cookies = None
        if route.get("page_view") and signed_in.get("cookies"):
            if rng.random() < signed_in["fraction"]:
                reader_cookies = rng.choice(signed_in["cookies"])
                headers += f"Cookie: {reader_cookies}\r\n"
        fetches = [(name, path, headers + "Accept: text/html\r\n")]
        if route.get("page_view"):
            # A returning reader's browser keeps the (hashed, immutable) files.
            if rng.random() < spec.get("static_share", 1.0):
                for label, asset in route.get("assets", ()):
                    if label == "static":
                        fetches.append((label, asset, headers))
            for label, asset in route.get("assets", ()):
                if label != "static":  # what the page's script asks for on load
                    fetches.append((label, asset, headers))
            if reader_cookies:
                fetches.append(("accounts/state", signed_in["state_path"], headers))
        complete = True
        for label, target, head in fetches:
            started = time.monotonic()
            try:
                status, fields, _ = await asyncio.wait_for(
                    connection.get(target, head), REQUEST_TIMEOUT
                )
                cache = fields.get("x-cache", "-")
                error = False
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                await connection.close()
                status, cache, error = 0, "-", True
            now = time.monotonic()
            if now > deadline:
                complete = False
                break
            second = int(time.time())
            tally.add(label, status, cache, (now - started) * 1000, second, error)
            if label not in ("static", "accounts/state") and target not in tally.first:
                tally.first[target] = [started, cache, label]
            if error or status >= 500:
                tally.error_second(second)
                complete = False
        if complete:
            tally.view_done(int(time.time()))
    await connection.close()


async def run_connections(spec, seed, out_path):
    tally = Tally()
    cumulative = {
        name: zipf_cumulative(len(route["paths"]), spec.get("zipf_exponent", 1.0))
        for name, route in spec["routes"].items()
        if route.get("zipf")
    }
    deadline = time.monotonic() + spec["seconds"]
    cpu_before = time.process_time()
    await asyncio.gather(
        *(
            reader_loop(
                spec,
                random.Random(f"{seed}:{n}"),  # noqa: S311 - a workload, not secrets
                tally,
                deadline,
                cumulative,
            )
            for n in range(spec["connections"])
        )
    )
    result = {
        "routes": tally.routes,
        "seconds": {str(k): v for k, v in tally.seconds.items()},
        "page_views": tally.page_views,
        "first": tally.first,
        "cpu": time.process_time() - cpu_before,
    }
    Path(out_path).write_text(json.dumps(result))


def _process_main(spec, seed, out_path):
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(run_connections(spec, seed, out_path))


def run_load(spec: dict, *, processes: int, work: Path, seed: int = 1) -> dict:
    """Run ``spec`` (connections split over ``processes``) and merge the results."""
    context = multiprocessing.get_context("fork")
    per_process = max(1, spec["connections"] // processes)
    jobs = []
    for n in range(processes):
        out = work / f"load-{seed}-{n}.json"
        job = context.Process(
            target=_process_main,
            args=({**spec, "connections": per_process}, f"{seed}:{n}", str(out)),
        )
        job.start()
        jobs.append((job, out))
    merged = {"routes": {}, "seconds": {}, "page_views": 0, "cpu": 0.0, "first": {}}
    for job, out in jobs:
        job.join()
        part = json.loads(out.read_text())
        out.unlink()
        merged["page_views"] += part["page_views"]
        merged["cpu"] += part["cpu"]
        for path, seen in part["first"].items():  # monotonic: one clock per machine
            if path not in merged["first"] or seen[0] < merged["first"][path][0]:
                merged["first"][path] = seen
        for second, values in part["seconds"].items():
            row = merged["seconds"].setdefault(int(second), [0, 0, 0])
            for i, value in enumerate(values):
                row[i] += value
        for name, row in part["routes"].items():
            into = merged["routes"].setdefault(
                name, {"n": 0, "errors": 0, "status": {}, "cache": {}, "ms": []}
            )
            into["n"] += row["n"]
            into["errors"] += row["errors"]
            into["ms"].extend(row["ms"])
            for key in ("status", "cache"):
                for value, count in row[key].items():
                    into[key][value] = into[key].get(value, 0) + count
    return merged


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
