"""Load test: simulated people on the busiest pages and the API, beside the smallest view.

    .venv/bin/python bench/load.py                   # 30 users for 2 minutes, SQLite demo data
    .venv/bin/python bench/load.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/load.py --users 10 --duration 30

It starts gunicorn on 127.0.0.1 (a free port; gthread workers, two processes per core, one
thread each, connections kept alive) with the demo data in a temporary DATA_DIR (DEBUG=true,
migrate, seed_demo), in SQLite there or, with --database-url, in a database `gcm_bench_load`
created on that PostgreSQL server and dropped afterwards. It then adds one account per
simulated person, copies of the demo personas: two thirds focal points (spread over the demo
organisations, each with a draft of its own in the open cycle), a fifth IOM reviewers, the
rest coordinators; reviewers and coordinators get a confirmed authenticator (TOTP).

locust (bench/load_users.py, in a process of its own) signs every person in through the real
pages and gets each an API token; then, for the duration, each repeats its role's requests,
picked at random with equal weight, 1 to 3 seconds apart:

- focal points: my reporting, the progress form, saving it in the background (htmx, as the
  page does while one types) and with "Save draft", the API list, /healthz/;
- reviewers: the review queue, the API list, /healthz/;
- coordinators: the coverage matrix, the review queue, the API list, /healthz/.

/healthz/ (the smallest Django view: one query) is one of every person's requests, so it is
measured under the same load at the same moments as the pages. It prints, per endpoint, the
requests, failures, median and 95th percentile response times and requests per second, then
the verdict on each target: no errors, 95th percentile at most 500 ms for reads and 1 s for
saves.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from common import HOST, ROOT, environment, free_port, prepare, start_gunicorn, wait_until_up

BENCH_DATABASE = "gcm_bench_load"
LOAD_USERS = Path(__file__).with_name("load_users.py")
WIDTH = 52  # of the endpoint column
READ_TARGET_MS = 500
SAVE_TARGET_MS = 1000
# The measured endpoints, in the order they are printed (names as bench/load_users.py uses).
READS = [
    "GET /reporting/ (my reporting)",
    "GET /submissions/<id>/edit/ (the form)",
    "GET /review/ (review queue)",
    "GET /coordination/<cycle>/coverage/",
    "GET /api/v1/submissions/ (API list)",
    "GET /healthz/ (smallest view)",
]
SAVES = [
    "POST /submissions/<id>/autosave/ (htmx)",
    "POST /submissions/<id>/edit/ (Save draft)",
]


def role_counts(users: int) -> dict[str, int]:
    """How many of each role: a fifth reviewers, two thirds focal points, the rest coordinators."""
    reviewers = max(1, round(users / 5))
    coordinators = max(1, users - reviewers - round(users * 2 / 3))
    return {
        "focal_point": users - reviewers - coordinators,
        "reviewer": reviewers,
        "coordinator": coordinators,
    }


def accounts_create(*, counts: dict[str, int]) -> dict:
    """Create the simulated people's accounts, in the server's database (--create-accounts).

    Like the demo accounts they are marked as such, so they sign in only with DEBUG on.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gcm_portal.accounts.models import Membership, Organisation, User
    from portal.demo import DEMO_PASSWORD
    from reporting.selectors.coordination import cycle_get_open

    cycle = cycle_get_open()
    places = {
        "focal_point": list(
            Organisation.objects.exclude(kind__in=["iom", "un_agency"]).order_by("slug")
        ),
        "reviewer": [Organisation.objects.get(slug="iom-iraq")],
        "coordinator": [Organisation.objects.get(slug="momd")],
    }
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    accounts = []
    with transaction.atomic():
        for role, count in counts.items():
            for number in range(1, count + 1):
                organisation = places[role][(number - 1) % len(places[role])]
                username = f"load-{role.replace('_', '-')}-{number:02d}"
                user = User.objects.create(
                    username=username,
                    first_name="Load",
                    last_name=f"{role.replace('_', ' ')} {number}",
                    email=f"{username}@example.org",
                    password=password,
                    preferred_language="ar" if number % 2 == 0 else "en",
                    is_demo=True,
                )
                Membership.objects.create(user=user, organisation=organisation, role=role)
                account = {"username": username, "role": role, "totp_key": ""}
                if role == "focal_point":
                    account["submission_id"] = _draft_create(user, organisation, cycle).pk
                else:
                    device = TOTPDevice.objects.create(
                        user=user, name="Authenticator app", confirmed=True
                    )
                    account["totp_key"] = device.key
                accounts.append(account)
    return {"password": DEMO_PASSWORD, "cycle": cycle.code, "accounts": accounts}


def _draft_create(user, organisation, cycle):
    """A draft of the user's own on an objective newly assigned to the organisation.

    Its text is that of a demo draft, so the form is as full as a real one.
    """
    from dataclasses import replace

    from objectives.models import Objective
    from reporting.models import Assignment, Submission
    from reporting.services.submissions import draft_of, submission_save_draft, submission_start

    objective = (
        Objective.objects.exclude(assignments__cycle=cycle, assignments__organisation=organisation)
        .order_by("number")
        .first()
    )
    Assignment.objects.create(cycle=cycle, organisation=organisation, objective=objective)
    submission = submission_start(
        user=user,
        cycle=cycle,
        organisation=organisation,
        subject_kind="objective",
        subject_id=objective.pk,
    )
    sample = Submission.objects.filter(
        cycle=cycle, state=Submission.State.DRAFT, created_by__username__endswith="-focal"
    ).order_by("pk")[0]
    draft = replace(
        draft_of(sample),
        language=user.preferred_language,
        gcm_action_ids=[],  # those are the sample's objective's
        indicator_values=[],
    )
    return submission_save_draft(
        user=user, submission_id=submission.pk, base_version=submission.version, draft=draft
    )


@contextlib.contextmanager
def fresh_database(server_url: str):
    """Yield the URL of a new, empty database on the PostgreSQL server; drop it afterwards."""
    import psycopg2

    parts = urlsplit(server_url)
    if parts.path.strip("/") in ("", BENCH_DATABASE):
        parts = parts._replace(path="/postgres")

    def run(statement: str) -> None:
        connection = psycopg2.connect(parts.geturl())
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    # The name is the benchmark's own: a leftover of an interrupted run is dropped.
    run(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    run(f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        yield parts._replace(path=f"/{BENCH_DATABASE}").geturl()
    finally:
        run(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def percentile(times: list[float], fraction: float) -> float:
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[round(fraction * 100) - 1]


def print_table(lines: dict, names: list[str], seconds: float | None) -> None:
    print(
        f"{'endpoint':<{WIDTH}} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7}"
        + (f" {'requests/s':>10}" if seconds else "")
    )
    for name in names:
        line = lines.get(name)
        if not line or not line["times"]:
            continue
        times = line["times"]
        print(
            f"{name:<{WIDTH}} {len(times):>8} {len(line['failures']):>8} "
            f"{statistics.median(times):>7.0f} {percentile(times, 0.95):>7.0f}"
            + (f" {len(times) / seconds:>10.1f}" if seconds else "")
        )


def worst_p95(lines: dict, names: list[str]) -> tuple[str, float]:
    measured = [name for name in names if lines.get(name, {}).get("times")]
    if not measured:
        return "nothing measured", float("inf")
    name = max(measured, key=lambda n: percentile(lines[n]["times"], 0.95))
    return name, percentile(lines[name]["times"], 0.95)


def report(results: dict, options, counts: dict, database: str, load_before: float) -> None:
    seconds = results["seconds"]
    measured, sign_in = results["measured"], results["sign_in"]
    print(
        f"{options.users} users (focal points {counts['focal_point']}, reviewers "
        f"{counts['reviewer']}, coordinators {counts['coordinator']}) for {seconds:.0f} s, "
        f"1 to 3 s between requests; gunicorn {options.workers} workers x "
        f"{options.threads} thread(s) (gthread); {database}"
    )
    print(
        f"load average (1 min): {load_before:.2f} before the benchmark started, "
        f"{results['load_average']:.2f} at the end of the measured period "
        f"({os.cpu_count()} cores)\n"
    )
    print_table(measured, READS[:-1] + SAVES + READS[-1:], seconds)
    print("\nsigning in, before the clock starts (not in the targets):")
    print_table(sign_in, list(sign_in), None)

    failures = [
        (name, message)
        for lines in (sign_in, measured)
        for name, line in lines.items()
        for message in line["failures"]
    ]
    if failures:
        print("\nfirst failures:")
        for name, message in failures[:10]:
            print(f"  {name}: {message}")
    total = sum(len(line["times"]) for lines in (sign_in, measured) for line in lines.values())
    print()
    verdict = "met" if not failures else "MISSED"
    print(f"{'no errors':<22} {verdict:<6} ({len(failures)} failures in {total} requests)")
    for label, names, target in (
        ("reads p95", READS, READ_TARGET_MS),
        ("saves p95", SAVES, SAVE_TARGET_MS),
    ):
        name, value = worst_p95(measured, names)
        verdict = "met" if value <= target else "MISSED"
        print(f"{f'{label} <= {target} ms':<22} {verdict:<6} (slowest: {name}, {value:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=30, help="simulated people (at least 3)")
    parser.add_argument("--duration", type=int, default=120, help="seconds measured")
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL server, e.g. postgresql://postgres@127.0.0.1:5432/postgres: the "
        f"benchmark creates a database {BENCH_DATABASE} there and drops it afterwards "
        "(default: SQLite)",
    )
    # As bench/api.py: processes rather than threads, two per core, as gunicorn advises.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
    parser.add_argument("--create-accounts", metavar="FILE", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.users < 3:
        parser.error("--users must be at least 3 (one of each role)")
    counts = role_counts(options.users)
    if options.create_accounts:
        # Run by main() below in the server's environment.
        Path(options.create_accounts).write_text(json.dumps(accounts_create(counts=counts)))
        return

    database = (
        f"PostgreSQL ({BENCH_DATABASE})" if options.database_url else "SQLite (WAL) demo data"
    )
    load_before = os.getloadavg()[0]  # other work on the machine, before this starts
    postgresql = fresh_database(options.database_url) if options.database_url else None
    with (
        tempfile.TemporaryDirectory(prefix="gcm-bench-load-") as data_dir,
        postgresql or contextlib.nullcontext("") as database_url,
    ):
        env = environment(data_dir, database_url)
        prepare(env)
        accounts = Path(data_dir) / "accounts.json"
        results = Path(data_dir) / "results.json"
        subprocess.run(
            [
                sys.executable,
                __file__,
                f"--users={options.users}",
                f"--create-accounts={accounts}",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        port = free_port()
        server = start_gunicorn(env, port, options.workers, options.threads)
        try:
            wait_until_up(port, server)
            subprocess.run(
                [
                    sys.executable,
                    str(LOAD_USERS),
                    f"--host=http://{HOST}:{port}",
                    f"--accounts={accounts}",
                    f"--duration={options.duration}",
                    f"--output={results}",
                ],
                check=True,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        outcome = json.loads(results.read_text())
    report(outcome, options, counts, database, load_before)


if __name__ == "__main__":
    main()
