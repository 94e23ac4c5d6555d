"""Sending Celery tasks so that a broker outage never breaks the request that sends them.

Every task is sent after the work it carries is recorded in the database: an edition stays
queued, an event keeps an empty `notified_at`. When the broker cannot take a task, `enqueue`
logs a warning and answers False within about a second; the periodic sweeps in
`reporting.tasks` send the task again once the broker is back.
"""

import logging

from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Three tries within half a second: someone is waiting for the page, and nothing is lost.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.25}
# Kombu wraps most connection failures in OperationalError; the rest arrive as they are.
BROKER_ERRORS = (OperationalError, RedisConnectionError, RedisTimeoutError, OSError)


def enqueue(task, *args) -> bool:
    """Send the task; False, with a warning logged, when the broker cannot take it now."""
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
