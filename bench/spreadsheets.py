"""Benchmark the spreadsheet exports on a large cycle: about 2,000 approved submissions (the
10x world of bench/report.py), in a fresh process.

    .venv/bin/python bench/spreadsheets.py

For the .xlsx workbook and each CSV file it prints the rows, the size of the file, seconds,
the resident memory of the process before the export and its peak while the export ran
(VmHWM, reset just before), and the peak of Python's own allocations (tracemalloc). For
comparison it also builds the same workbook the naive way (an ordinary openpyxl workbook held
in memory).
"""

import gc
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import CYCLE, grow_to_ten_times, setup_django


def _reset_peak() -> None:
    """Make the kernel forget the process's peak resident memory so far (Linux)."""
    Path("/proc/self/clear_refs").write_text("5")


def _status_mib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024)
    return -1


def _measure(name: str, run) -> dict:
    gc.collect()
    _reset_peak()
    before = _status_mib("VmRSS")
    tracemalloc.start()
    started = time.perf_counter()
    rows, size = run()
    seconds = time.perf_counter() - started
    _current, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "export": name,
        "rows": rows,
        "MiB written": round(size / 2**20, 1),
        "seconds": round(seconds, 2),
        "RSS before MiB": before,
        "peak RSS MiB": _status_mib("VmHWM"),
        "peak Python allocations MiB": round(python_peak / 2**20, 1),
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as data_dir:
        setup_django(data_dir)
        grow_to_ten_times()
        from gcm_portal.accounts.models import User
        from reporting.models import ReviewCycle
        from reporting.selectors.submissions import latest_approved_revisions
        from reporting.spreadsheets import export

        cycle = ReviewCycle.objects.get(code=CYCLE)
        user = User.objects.get(username="momd-coordinator")
        submissions = len(latest_approved_revisions(cycle=cycle))

        def workbook():
            made = export.cycle_export_xlsx(user=user, cycle=cycle, language="ar")
            made.file.seek(0, 2)
            size = made.file.tell()
            made.file.close()
            return made.transfer.rows, size

        def csv_file(dataset):
            def run():
                made = export.cycle_export_csv(
                    user=user, cycle=cycle, dataset=dataset, language="en"
                )
                size = sum(len(chunk) for chunk in made.chunks)
                made.transfer.refresh_from_db()
                return made.transfer.rows, size

            return run

        def naive_workbook():
            """The same rows in an ordinary workbook, held in memory until saved."""
            from datetime import datetime

            from openpyxl import Workbook

            from reporting.spreadsheets.cells import local_naive

            labels = export._Labels()
            book = Workbook()
            sheet = book.active
            rows = 0
            revisions = list(
                export.selectors.approved_revision_list_for_user(user=user, cycle=cycle)
            )
            for revision in revisions:
                row = export.submission_row(revision, labels)
                sheet.append(
                    [local_naive(v) if isinstance(v, datetime) else v for v in row.values()]
                )
                rows += 1
            with tempfile.TemporaryFile() as handle:
                book.save(handle)
                return rows, handle.tell()

        results = [
            _measure("xlsx (write-only, streamed from a temporary file)", workbook),
            _measure("CSV submissions (streamed)", csv_file("submissions")),
            _measure("CSV indicator values (streamed)", csv_file("indicator_values")),
            _measure("xlsx, naive in-memory workbook (for comparison)", naive_workbook),
        ]
    print(f"approved submissions in {CYCLE}: {submissions}")
    for result in results:
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
