"""Benchmark report compilation at 1x (the demo data) and 10x (about 60 organisations and
2,000 approved submissions).

    .venv/bin/python bench/report.py            # both scales, each in a fresh process
    .venv/bin/python bench/report.py --scale 1  # one scale
    .venv/bin/python bench/report.py --scale 10 --workers 2 --rounds 1 [--redis]

For each scale it prints: the queries compilation makes, seconds to build the HTML, seconds
WeasyPrint takes on that same HTML alone, total seconds of the whole compile (claim, build,
render, store), pages, and the peak memory of the process. Targets: the same number of queries
at both scales; total at most 1.10x the bare WeasyPrint time.

With --workers N it also starts N real Celery worker processes (on the embedded broker, or on
Redis with --redis) and prints, side by side: the whole compile in one process, the same
edition compiled in parts by the workers, and a compile after one contribution changed (what
did not change is reused), with the peak memory of each worker process. Targets: in parts at
most 0.6x the single process; after one change at most 0.2x a full compile.
"""

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CYCLE = "arab-regional-2024"


def setup_django(data_dir: str) -> None:
    os.environ.update({"DEBUG": "true", "DATA_DIR": data_dir, "REDIS_URL": ""})
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)


def grow_to_ten_times() -> None:
    """Add organisations and approved submissions until the cycle holds about 2,000."""
    from django.db import transaction
    from django.utils import timezone

    from gcm_portal.accounts.models import Organisation, User
    from objectives.models import Objective, Pillar, Strategy, StrategyAction
    from reporting.models import ReportSection, ReviewCycle, Revision, Submission

    cycle = ReviewCycle.objects.get(code=CYCLE)
    samples = [r.content for r in Revision.objects.filter(submission__cycle=cycle)]
    author = User.objects.get(username="momd-focal")
    when = timezone.now()
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(
                slug=f"bench-{n}",
                name_en=f"Benchmark ministry {n}",
                name_ar=f"وزارة قياس {n}",
                kind="cso" if n % 4 == 0 else "ministry",
                stakeholder_type="civil society" if n % 4 == 0 else "",
                is_sample=True,
            )
            for n in range(50)
        )
        strategy = Strategy.objects.create(code="bench", title_en="Benchmark strategy")
        pillar = Pillar.objects.create(strategy=strategy, code="B", title_en="Benchmark")
        government = [o for o in organisations if o.kind == "ministry"]
        actions = StrategyAction.objects.bulk_create(
            StrategyAction(
                pillar=pillar,
                code=f"B.{n}",
                title_en=f"Benchmark action {n}",
                lead_organisation=government[n % len(government)],
            )
            for n in range(640)
        )
        subjects = [("objective", o) for o in Objective.objects.all()]
        subjects += [
            ("section", s) for s in ReportSection.objects.filter(collects_submissions=True)
        ]
        rows = []
        for organisation in organisations:
            for kind, subject in subjects[: 36 if organisation.kind == "ministry" else 23]:
                rows.append((organisation, kind, subject))
        for action in actions:
            rows.append((action.lead_organisation, "strategy_action", action))
        submissions = Submission.objects.bulk_create(
            Submission(
                cycle=cycle,
                organisation=o,
                subject_kind=k,
                **{k: s},
                state="approved",
                created_by=author,
                updated_by=author,
                submitted_at=when,
                approved_at=when,
            )
            for o, k, s in rows
        )
        Revision.objects.bulk_create(
            Revision(
                submission=s,
                number=1,
                content=samples[i % len(samples)],
                language=samples[i % len(samples)]["language"],
                submitted_by=author,
                submitted_at=when,
                approved_at=when,
            )
            for i, s in enumerate(submissions)
        )


def measure(repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.models import ReportEdition, ReviewCycle, Revision
    from reporting.pdf.context import build_report
    from reporting.pdf.render import render_pdf, render_report_html
    from reporting.services.editions import edition_compile

    cycle = ReviewCycle.objects.get(code=CYCLE)
    approved = Revision.objects.filter(submission__cycle=cycle, approved_at__isnull=False)
    organisations = approved.values("submission__organisation").distinct().count()

    # Seeding filled the connection's query log (it keeps the last 9,000): empty it, or the
    # capture below, which counts what the log gains, would count nothing.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = build_report(cycle=cycle, kind="regional", language="en", preview=False)
        html = render_report_html(report)
        html_seconds = time.perf_counter() - started

    # Alternate the bare render and the whole compile, keeping the fastest of each: the
    # machine's other work then weighs on both alike.
    bare_times, total_times = [], []

    def time_bare():
        gc.collect()
        started = time.perf_counter()
        rendered = render_pdf(html)
        bare_times.append(time.perf_counter() - started)
        return rendered

    def time_compile():
        edition = ReportEdition.objects.create(
            cycle=cycle, kind="regional", language="en", mode="final"
        )
        gc.collect()
        started = time.perf_counter()
        edition_compile(edition_id=edition.pk)
        total_times.append(time.perf_counter() - started)
        edition.refresh_from_db()
        assert edition.state == "succeeded", edition.failure_reason
        return edition

    # The order alternates between rounds and garbage is collected before each timing, so
    # neither measurement pays for the other's leftovers.
    for round_number in range(repeat):
        if round_number % 2 == 0:
            bare, edition = time_bare(), time_compile()
        else:
            edition, bare = time_compile(), time_bare()
    weasyprint_seconds, total_seconds = min(bare_times), min(total_times)
    return {
        "approved submissions": approved.count(),
        "organisations": organisations,
        "queries": len(queries.captured_queries),
        "html seconds": round(html_seconds, 2),
        "weasyprint seconds": round(weasyprint_seconds, 2),
        "total seconds": round(total_seconds, 2),
        "total / weasyprint": round(total_seconds / weasyprint_seconds, 3),
        "pages": edition.page_count,
        "weasyprint seconds per page": round(weasyprint_seconds / bare.page_count, 4),
        "pages (bare render)": bare.page_count,
        "rounds": repeat,
        "peak memory MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def run_one(scale: int, rounds: int | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as data_dir:
        setup_django(data_dir)
        if scale == 10:
            grow_to_ten_times()
        return {"scale": f"{scale}x", **measure(repeat=rounds or (3 if scale == 1 else 2))}


def run_parallel(scale: int, workers: int, rounds: int, redis: bool) -> dict:
    """Single process, in parts on `workers` worker processes, and after one change."""
    import psutil

    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as data_dir:
        if not redis:
            os.environ["REDIS_URL"] = ""
        setup_django(data_dir)
        if redis:
            from django.conf import settings

            os.environ["REDIS_URL"] = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
        if scale == 10:
            grow_to_ten_times()
        from django.conf import settings
        from django.db import connection

        from reporting.models import ReportEdition, ReportPart, ReviewCycle, Revision

        cycle = ReviewCycle.objects.get(code=CYCLE)
        queue = f"bench-{os.getpid()}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "TEST_WORKER_QUEUE": queue,
            "REPORT_PARTS_FROM": "1",
            "TEST_LOG_TASK_MEMORY": str(Path(data_dir) / "task-memory.jsonl"),
        }
        if redis:
            env["REDIS_URL"] = os.environ["REDIS_URL"]
        results = {"scale": f"{scale}x", "workers": workers, "rounds": rounds}

        def new_edition():
            return ReportEdition.objects.create(
                cycle=cycle, kind="regional", language="en", mode="final"
            )

        # 1. The whole compile in this process, as one render.
        from reporting.services.editions import edition_compile

        settings.REPORT_PARTS_FROM = 10**9
        single = []
        for _ in range(rounds):
            edition = new_edition()
            gc.collect()
            started = time.perf_counter()
            edition_compile(edition_id=edition.pk)
            single.append(time.perf_counter() - started)
            edition.refresh_from_db()
            assert edition.state == "succeeded", edition.failure_reason
        results["single process seconds"] = round(min(single), 1)
        results["pages (single)"] = edition.page_count

        # 2. and 3. In parts on the workers, from an empty cache, then after one change.
        connection.close()
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "gcm_portal",
                "worker",
                "-Q",
                queue,
                "--concurrency",
                str(workers),
                "--loglevel",
                "WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        peak: dict[int, int] = {}
        try:
            time.sleep(8)  # the workers start and sweep

            def compile_on_workers() -> tuple[float, ReportEdition]:
                from reporting.tasks import compile_edition

                edition = new_edition()
                started = time.perf_counter()
                compile_edition.apply_async(args=[edition.pk], queue=queue)
                while True:
                    time.sleep(0.5)
                    for child in psutil.Process(process.pid).children(recursive=True):
                        try:
                            rss = child.memory_info().rss
                        except psutil.NoSuchProcess:
                            continue
                        peak[child.pid] = max(peak.get(child.pid, 0), rss)
                    edition.refresh_from_db()
                    if edition.is_finished:
                        break
                assert edition.state == "succeeded", edition.failure_reason
                pdf_seconds = time.perf_counter() - started
                while edition.word_pending:
                    time.sleep(0.5)
                    edition.refresh_from_db()
                word_seconds.append(time.perf_counter() - started)
                return pdf_seconds, edition

            word_seconds = []
            parallel = []
            for _ in range(rounds):
                for part in ReportPart.objects.all():
                    part.pdf.delete(save=False)
                    part.delete()
                seconds, edition = compile_on_workers()
                parallel.append(seconds)
            results["in parts seconds"] = round(min(parallel), 1)
            results["in parts, with its Word copy, seconds"] = round(min(word_seconds), 1)
            results["pages (in parts)"] = edition.page_count
            changed = []
            for round_number in range(rounds):
                revision = Revision.objects.filter(
                    submission__cycle=cycle,
                    approved_at__isnull=False,
                    submission__objective__number=10,
                ).first()
                content = dict(revision.content)
                content["progress"] = f"{content.get('progress', '')} Corrected ({round_number})."
                Revision.objects.filter(pk=revision.pk).update(content=content)
                seconds, edition = compile_on_workers()
                changed.append(seconds)
            results["after one change seconds"] = round(min(changed), 1)
            results["after one change, with its Word copy, seconds"] = round(
                min(word_seconds[rounds:]), 1
            )
        finally:
            os.killpg(process.pid, 15)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:  # a task still running: the figures are in
                os.killpg(process.pid, 9)
                process.wait(10)
        single_seconds = results["single process seconds"]
        results["in parts / single"] = round(results["in parts seconds"] / single_seconds, 3)
        results["after one change / in parts"] = round(
            results["after one change seconds"] / results["in parts seconds"], 3
        )
        results["after one change / single"] = round(
            results["after one change seconds"] / single_seconds, 3
        )
        results["peak memory of a worker process MiB"] = round(max(peak.values()) / 2**20)
        # Which task raised a pool process's peak, and to what.
        raised: dict[str, int] = {}
        for line in (Path(data_dir) / "task-memory.jsonl").read_text().splitlines():
            entry = json.loads(line)
            if entry["peak after MiB"] > entry["peak before MiB"]:
                name = entry["task"].rsplit(".", 1)[-1]
                raised[name] = max(raised.get(name, 0), entry["peak after MiB"])
        for name, mib in sorted(raised.items(), key=lambda item: -item[1]):
            results[f"peak after {name} MiB"] = mib
        results["peak memory of this process MiB"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, choices=[1, 10])
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--rounds", type=int, help="rounds of each measurement")
    parser.add_argument("--workers", type=int, help="compile in parts on N Celery workers too")
    parser.add_argument("--redis", action="store_true", help="the workers use REDIS_URL")
    options = parser.parse_args()
    if options.workers:
        result = run_parallel(
            options.scale or 10, options.workers, options.rounds or 1, options.redis
        )
        for key, value in result.items():
            print(f"{key:<40} {value}")
        ok = result["in parts / single"] <= 0.6 and result["after one change / single"] <= 0.2
        print(f"targets (0.6x in parts, 0.2x after one change): {'met' if ok else 'NOT met'}")
        return
    if options.scale:
        result = run_one(options.scale, options.rounds)
        print(json.dumps(result) if options.json else result)
        return
    results = []
    for scale in (1, 10):
        output = (
            subprocess.run(
                [sys.executable, __file__, "--scale", str(scale), "--json"],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        results.append(json.loads(output))
    keys = list(results[0])
    width = max(len(k) for k in keys)
    for key in keys:
        print(f"{key:<{width}}  " + "  ".join(f"{r[key]!s:>12}" for r in results))
    same_queries = results[0]["queries"] == results[1]["queries"]
    print(f"\nqueries equal at 1x and 10x: {'yes' if same_queries else 'NO'}")
    per_page = [r["weasyprint seconds per page"] for r in results]
    growth = per_page[1] / per_page[0]
    print(
        f"seconds per page: {per_page[0]} at 1x, {per_page[1]} at 10x ({growth:.2f}x; "
        f"{'within' if growth <= 1.3 else 'OVER'} the 1.3x target)"
    )
    for result in results:
        ok = result["total / weasyprint"] <= 1.10
        print(
            f"{result['scale']}: total {result['total / weasyprint']}x bare WeasyPrint "
            f"({'within' if ok else 'OVER'} the 1.10x target)"
        )


if __name__ == "__main__":
    main()
