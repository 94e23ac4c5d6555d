"""A fault a test asks its worker to meet: the first part laid out cannot be stored (an
OSError, as a full or briefly unreachable disk gives), once across all the worker's
processes. tests/worker_settings.py imports this module only when TEST_FAIL_FIRST_PART_STORE
names the file that records the fault happened."""

import os

from celery.signals import worker_process_init


@worker_process_init.connect
def fail_the_first_part_store(**kwargs) -> None:
    marker = os.environ["TEST_FAIL_FIRST_PART_STORE"]
    from reporting.services import parts

    store = parts.store_part

    def store_or_fail_once(key, rendered, **options):
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return store(key, rendered, **options)
        raise OSError("No space left on device (a test's fault)")

    parts.store_part = store_or_fail_once
