"""The Celery application; tasks are discovered in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_portal.settings")

app = Celery("gcm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="gcm_portal.ping", ignore_result=False)
def ping() -> dict:
    """Answer from a worker, with the database it reaches: proves the whole chain works."""
    from django.db import connection

    connection.ensure_connection()
    return {"pong": True, "database": connection.vendor}
