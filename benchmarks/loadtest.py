"""Bounded load test of the served SPARQL endpoint: N concurrent clients x M named queries over loopback.

Starts a read-only Oxigraph server on ``data/claims.ttl`` (or uses ``--endpoint``), then runs
``--clients`` threads, each sending ``--requests`` named queries from ``queries/`` with
``http.client`` (one keep-alive connection per client). It stops by itself, prints throughput,
p50/p99 latency and the error count, and returns them from `run`.

    python benchmarks/loadtest.py --clients 20 --requests 500
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

from policy_graph.namespaces import PREFIXES
from policy_graph.query import named_queries, parse_term

__all__ = ["Result", "main", "run", "workload"]

#: Values for the named queries' required parameters.
DEFAULTS = {"actor": ":macron", "holder": ":macron", "node": ":macron", "footnote": "lxvii", "event": ":ev-versailles-meeting-2017", "explanation": ":ex-three-mistakes"}


@dataclass
class Result:
    """What one load test measured."""

    clients: int
    requests: int
    errors: int
    seconds: float
    throughput: float
    p50_ms: float
    p99_ms: float
    first_error: str = ""


def workload() -> list[tuple[str, str]]:
    """(name, full query text) for every SELECT/ASK named query, parameters bound by a VALUES block."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    items = []
    for name, query in named_queries().items():
        if query.form == "construct":
            continue
        params = {p.name: parse_term(DEFAULTS[p.name], p.kind) for p in query.params if not p.optional and p.name in DEFAULTS}
        if any(not p.optional and p.name not in params for p in query.params):
            continue
        text = prologue + query.text
        if params:
            text += f"\nVALUES ({' '.join('?' + k for k in params)}) {{ ({' '.join(v.n3() for v in params.values())}) }}"
        items.append((name, text))
    return items


def _client(url: str, queries: list[tuple[str, str]], count: int, offset: int, latencies: list[float], errors: list[str], deadline: float) -> None:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        for index in range(count):
            if time.monotonic() > deadline:
                errors.append("deadline reached")
                return
            name, text = queries[(offset + index) % len(queries)]
            body = urllib.parse.urlencode({"query": text})
            start = time.perf_counter()
            try:
                connection.request("POST", parts.path, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                payload = response.read()
                if response.status != 200:
                    errors.append(f"{name}: HTTP {response.status}: {payload[:200]!r}")
                else:
                    json.loads(payload)
            except (OSError, http.client.HTTPException, ValueError) as err:
                errors.append(f"{name}: {type(err).__name__}: {err}")
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            latencies.append(time.perf_counter() - start)
    finally:
        connection.close()


def run(url: str, *, clients: int = 20, requests: int = 500, max_seconds: float = 600) -> Result:
    """Send ``clients`` x ``requests`` queries to ``url`` concurrently and measure them."""
    queries = workload()
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + max_seconds
    threads = [
        threading.Thread(target=_client, args=(url, queries, requests, i, latencies, errors, deadline), daemon=True)
        for i in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + 5)
    seconds = time.perf_counter() - start
    done = sorted(latencies)
    p99 = done[min(len(done) - 1, int(0.99 * len(done)))] if done else float("nan")
    return Result(
        clients=clients,
        requests=len(done),
        errors=len(errors),
        seconds=round(seconds, 3),
        throughput=round(len(done) / seconds, 1) if seconds else 0.0,
        p50_ms=round(statistics.median(done) * 1000, 2) if done else float("nan"),
        p99_ms=round(p99 * 1000, 2),
        first_error=errors[0] if errors else "",
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: start a server on the data (unless --endpoint), run the load, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=500, help="queries per client")
    parser.add_argument("--endpoint", help="SPARQL query URL of a running server (default: start one)")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "claims.ttl")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    options = parser.parse_args(argv)
    if options.endpoint:
        result = run(options.endpoint, clients=options.clients, requests=options.requests, max_seconds=options.max_seconds)
    else:
        from policy_graph.server import OxigraphServer

        with tempfile.TemporaryDirectory(prefix="loadtest-") as folder, OxigraphServer.with_files([options.data], Path(folder) / "db") as server:
            result = run(server.url, clients=options.clients, requests=options.requests, max_seconds=options.max_seconds)
    if options.json:
        print(json.dumps(asdict(result)))
    else:
        print(
            f"{result.clients} clients x {options.requests} queries: {result.requests} done in {result.seconds} s, "
            f"{result.throughput} queries/s, p50 {result.p50_ms} ms, p99 {result.p99_ms} ms, {result.errors} errors"
            + (f" (first: {result.first_error})" if result.errors else "")
        )
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
