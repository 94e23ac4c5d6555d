"""Benchmark the pages whose content grows with the data, at 1x (the demo data) and 10x
(bench/report.py's grow_to_ten_times: about 60 organisations and 2,000 approved submissions).

    .venv/bin/python bench/pages.py            # both scales, each in a fresh process
    .venv/bin/python bench/pages.py --scale 1  # one scale

For each page it prints the median time of the whole request (Django's test client, in
process, SQLite) over several requests, the queries, and the size of the answer. Target: each
page at 10x within 2x of its time at 1x.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time

from report import CYCLE, grow_to_ten_times, setup_django

REQUESTS = 7
TARGET = 2.0


def pages() -> dict[str, tuple[str, str]]:
    """{name: (who, address)}."""
    from django.urls import reverse

    return {
        "review queue (waiting)": ("iom-reviewer", reverse("review_queue")),
        "review queue (approved)": ("iom-reviewer", reverse("review_queue") + "?state=approved"),
        "review queue (all states)": ("iom-reviewer", reverse("review_queue") + "?state="),
        "who has reported": ("momd-coordinator", reverse("coverage", args=[CYCLE])),
        "library": ("iom-reviewer", reverse("library") + f"?cycle={CYCLE}"),
        "library search": ("iom-reviewer", reverse("library") + "?q=migrants"),
    }


def signed_in(client, user):
    """Signed in with the second step passed (the demo's authenticator)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measure() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gcm_portal.accounts.models import User

    results = {}
    for name, (who, address) in pages().items():
        client = signed_in(Client(SERVER_NAME="localhost"), User.objects.get(username=who))
        client.get(address)  # warm the templates and caches
        times = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(address)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        results[name] = {
            "ms": round(statistics.median(times) * 1000, 1),
            "queries": len(queries.captured_queries),
            "kB": round(len(response.content) / 1024),
        }
    return results


def run_one(scale: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as data_dir:
        setup_django(data_dir)
        if scale == 10:
            grow_to_ten_times()
        return measure()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, choices=[1, 10])
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    options = parser.parse_args()
    if options.scale:
        result = run_one(options.scale)
        print(json.dumps(result) if options.json else result)
        return
    results = {}
    for scale in (1, 10):
        output = subprocess.run(
            [sys.executable, __file__, "--scale", str(scale), "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        results[scale] = json.loads(output.splitlines()[-1])
    width = max(len(name) for name in results[1])
    print(f"{'page':<{width}}  {'1x ms':>8}  {'10x ms':>8}  {'ratio':>6}  queries  kB (1x/10x)")
    over = []
    for name in results[1]:
        one, ten = results[1][name], results[10][name]
        ratio = ten["ms"] / one["ms"]
        if ratio > TARGET:
            over.append(name)
        print(
            f"{name:<{width}}  {one['ms']:>8}  {ten['ms']:>8}  {ratio:>6.2f}  "
            f"{one['queries']:>3}/{ten['queries']:<3}  {one['kB']}/{ten['kB']}"
        )
    print(
        f"\nevery page at 10x within {TARGET}x of 1x: "
        + ("yes" if not over else "NO (" + ", ".join(over) + ")")
    )


if __name__ == "__main__":
    main()
