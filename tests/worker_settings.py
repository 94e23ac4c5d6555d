"""Settings of the Celery workers that tests start: the portal's own, with two differences.

Whatever such a worker sends (the sweep it runs when it starts, the compiles the sweep sends)
goes to the test's private queue, never to a queue another worker on the machine consumes. And
a drill may shorten the compile heartbeat, so that a dead compile is noticed in seconds.
"""

import os

from gcm_portal.settings import *  # noqa: F403
from gcm_portal.settings import REPORT_DEAD_AFTER_SECONDS, REPORT_HEARTBEAT_SECONDS

CELERY_TASK_DEFAULT_QUEUE = os.environ["TEST_WORKER_QUEUE"]
REPORT_HEARTBEAT_SECONDS = float(
    os.environ.get("TEST_REPORT_HEARTBEAT_SECONDS", REPORT_HEARTBEAT_SECONDS)
)
REPORT_DEAD_AFTER_SECONDS = float(
    os.environ.get("TEST_REPORT_DEAD_AFTER_SECONDS", REPORT_DEAD_AFTER_SECONDS)
)

CELERY_IMPORTS = tuple(
    module
    for module, variable in [
        ("tests.worker_faults", "TEST_FAIL_FIRST_PART_STORE"),
        ("tests.worker_memory", "TEST_LOG_TASK_MEMORY"),
    ]
    if os.environ.get(variable)
)
