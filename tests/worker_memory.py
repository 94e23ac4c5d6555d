"""Which task a worker's pool process ran when its memory peaked: after each task, the task's
name and the process's peak memory before and after it, one JSON line per task in the file
TEST_LOG_TASK_MEMORY names. tests/worker_settings.py imports this module only when asked
(bench/report.py does, to tell what sets a compile's peak)."""

import json
import os
import resource

from celery.signals import task_postrun, task_prerun

_before: dict[str, int] = {}


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@task_prerun.connect
def _remember(task_id=None, **kwargs) -> None:
    _before[task_id] = _peak_mib()


@task_postrun.connect
def _write(task_id=None, task=None, **kwargs) -> None:
    line = {
        "task": task.name if task else "",
        "pid": os.getpid(),
        "peak before MiB": _before.pop(task_id, 0),
        "peak after MiB": _peak_mib(),
    }
    with open(os.environ["TEST_LOG_TASK_MEMORY"], "a", encoding="utf-8") as log:
        log.write(json.dumps(line) + "\n")
