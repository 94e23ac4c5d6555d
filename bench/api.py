"""Benchmark the API's main list beside the smallest Django view, both served by gunicorn.

    .venv/bin/python bench/api.py                    # 10 rounds of 400 requests each
    .venv/bin/python bench/api.py --requests 500 --threads 2 --workers 2

It starts gunicorn on 127.0.0.1 (a free port; nothing listens elsewhere) with the SQLite demo
data in a temporary DATA_DIR (DEBUG=true, migrate, seed_demo), gets a token for the IOM
reviewer through POST /api/v1/auth/token/ (with the demo account's two-step code from
`manage.py demo_code`), then sends the same number of requests, from
a few threads each keeping its connection alive, to

- GET /healthz/ (the smallest view: one `SELECT 1`), and
- GET /api/v1/submissions/ (token authentication, a page of up to 50 submissions),

in rounds (both endpoints in each, one after the other, so that other work on the machine
weighs on both alike), and prints the median requests per second of each and the median of
the rounds' ratios (target: the API at least 0.25 of the smallest view). gunicorn runs
gthread workers (so connections stay alive), two processes per core with one thread each.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from common import (
    HOST,
    ROOT,
    environment,
    free_port,
    prepare,
    start_gunicorn,
    wait_until_up,
)

USER, PASSWORD = "iom-reviewer", "demo-pass"
TARGET = 0.25


def demo_code(env: dict) -> str:
    """The demo reviewer's current two-step code (`manage.py demo_code`)."""
    return subprocess.run(
        [sys.executable, "manage.py", "demo_code", USER],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def get_token(port: int, code: str) -> str:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    body = json.dumps({"username": USER, "password": PASSWORD, "code": code})
    connection.request("POST", "/api/v1/auth/token/", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    payload = json.loads(response.read())
    if response.status != 200:
        raise SystemExit(f"no token: {response.status} {payload}")
    return payload["token"]


def first_page(port: int, auth: dict) -> dict:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    connection.request("GET", "/api/v1/submissions/", headers=auth)
    response = connection.getresponse()
    if response.status != 200:
        raise SystemExit(f"the API answered {response.status}")
    return json.loads(response.read())


def fetch(connection: http.client.HTTPConnection, path: str, headers: dict) -> int:
    """GET path on a kept-alive connection, reconnecting once if the server closed it."""
    for attempt in (1, 2):
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def rate(port: int, path: str, headers: dict, requests: int, threads: int) -> float:
    """Requests per second for `requests` GETs of path, shared by `threads` threads."""
    per_thread = requests // threads
    errors: list[str] = []
    barrier = threading.Barrier(threads + 1)

    def work() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        barrier.wait()
        for _request in range(per_thread):
            status = fetch(connection, path, headers)
            if status != 200:
                errors.append(f"{path}: HTTP {status}")
                return
        connection.close()

    workers = [threading.Thread(target=work) for _thread in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(errors[0])
    return per_thread * threads / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="per endpoint and round")
    parser.add_argument("--threads", type=int, default=4)
    # Processes rather than threads: the work is Python, and threads of one process share
    # its interpreter lock. Two per core, as gunicorn advises.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--server-threads", type=int, default=1, help="threads per worker")
    parser.add_argument("--rounds", type=int, default=10)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gcm-bench-api-") as data_dir:
        env = environment(data_dir)
        prepare(env)
        port = free_port()
        server = start_gunicorn(env, port, options.workers, options.server_threads)
        try:
            wait_until_up(port, server)
            auth = {"Authorization": f"Token {get_token(port, demo_code(env))}"}
            page = first_page(port, auth)
            endpoints = {"healthz": ("/healthz/", {}), "api": ("/api/v1/submissions/", auth)}
            # Warm both up: imports, the first queries, the connections.
            for path, headers in endpoints.values():
                rate(port, path, headers, options.threads * 25, options.threads)
            # Each round measures both, one right after the other (in alternating order), so
            # that other work on the machine weighs on both alike; the medians are reported.
            rates = {name: [] for name in endpoints}
            for round_number in range(options.rounds):
                names = list(endpoints) if round_number % 2 == 0 else list(endpoints)[::-1]
                for name in names:
                    path, headers = endpoints[name]
                    rates[name].append(
                        rate(port, path, headers, options.requests, options.threads)
                    )
        finally:
            server.terminate()
            server.wait(timeout=30)

    ratios = [api / healthz for api, healthz in zip(rates["api"], rates["healthz"], strict=True)]
    ratio = statistics.median(ratios)
    print(
        f"{options.rounds} rounds of {options.requests} requests per endpoint, "
        f"{options.threads} client threads, gunicorn {options.workers} workers x "
        f"{options.server_threads} threads (medians of the rounds)"
    )
    print(f"GET /healthz/               {statistics.median(rates['healthz']):8.0f} requests/s")
    print(
        f"GET /api/v1/submissions/    {statistics.median(rates['api']):8.0f} requests/s "
        f"({len(page['results'])} of {page['count']} submissions a page, as {USER})"
    )
    verdict = "meets" if ratio >= TARGET else "misses"
    print(
        f"ratio                       {ratio:8.3f} ({verdict} the target of {TARGET}; "
        f"rounds {min(ratios):.3f} to {max(ratios):.3f})"
    )


if __name__ == "__main__":
    main()
