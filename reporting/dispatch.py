"""Sending Celery tasks so that a broker outage never breaks the request that sends them.

Tasks are named, not imported: `enqueue("reporting.tasks.compile_edition", edition_id)`, so
the services that send them never import the tasks module (which imports the services).

Every task is sent after the work it carries is recorded in the database: an edition stays
queued, an event keeps an empty `notified_at`. When the broker cannot take a task, `enqueue`
logs a warning and answers False within about a second; the periodic sweeps in
`reporting.tasks` send the task again once the broker is back.
"""

import importlib
import logging

from celery import current_app
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Three tries within half a second: someone is waiting for the page, and nothing is lost.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.25}
# Kombu wraps most connection failures in OperationalError; the rest arrive as they are.
BROKER_ERRORS = (OperationalError, RedisConnectionError, RedisTimeoutError, OSError)


def task_named(name: str):
    """The registered task of that name, importing its module first if this process (a web
    server) has not: the worker discovers tasks at start, the web side only when it sends."""
    if name not in current_app.tasks:
        importlib.import_module(name.rpartition(".")[0])
    return current_app.tasks[name]


def enqueue(task, *args) -> bool:
    """Send the task (its name, or the task itself); False, with a warning logged, when the
    broker cannot take it now."""
    if isinstance(task, str):
        task = task_named(task)
    try:
        task.apply_async(args=args, retry=True, retry_policy=RETRY_POLICY)
    except BROKER_ERRORS as error:
        logger.warning(
            "Could not queue %s%r, a periodic sweep will send it again: %s: %s",
            task.name,
            args,
            type(error).__name__,
            error,
        )
        return False
    return True
