"""Drill: PostgreSQL restarts under a running portal.

The web side (gunicorn, persistent connections with health checks, as settings configure for
DATABASE_URL) and a real Celery worker keep working once the database is back, without being
restarted: not one request fails after the restart. The cluster is the test's own, run by the
postgres user on a free port, and removed afterwards.
"""

import json
import subprocess
import sys

import psycopg2
import pytest

from tests.drills.helpers import (
    ROOT,
    Browser,
    replace_field,
    service_env,
    start_web,
    wait_until,
)

pytestmark = pytest.mark.services


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_web_side_and_the_worker_ride_out_a_postgresql_restart(
    tmp_path, private_postgres, private_redis, processes, workers
):
    env = service_env(tmp_path, database_url=private_postgres.url, redis_url=private_redis.url)
    manage(env, "manage.py", "migrate", "--noinput")
    world = json.loads(manage(env, "-m", "tests.drills.world").splitlines()[-1])

    def notified(action: str):
        with (
            psycopg2.connect(
                host="127.0.0.1", port=private_postgres.port, user="postgres", dbname="gcm_portal"
            ) as database,
            database.cursor() as cursor,
        ):
            cursor.execute(
                "SELECT notified_at FROM reporting_event WHERE submission_id = %s AND action = %s",
                [world["submission"], action],
            )
            row = cursor.fetchone()
        database.close()
        return row and row[0]

    base_url = start_web(processes, env)
    worker = workers(env)
    worker.wait_ready()
    alice = Browser(base_url)
    alice.sign_in("alice")
    edit = f"/submissions/{world['submission']}/edit/"
    transition = f"/submissions/{world['submission']}/transition/"
    pages = ["/", "/reporting/", edit, "/healthz/"]
    assert [alice.get(page).status_code for page in pages] == [200] * len(pages)
    response = alice.press(transition, action="submit", next=edit)
    assert response.status_code == 200 and "Submitted." in response.text
    wait_until(lambda: notified("submit"), 20, f"the worker sent nothing:\n{worker.log}")

    private_postgres.restart()

    # Each process still holds a connection the restart closed; none may show it.
    statuses = [alice.get(page).status_code for page in pages * 2]
    assert statuses == [200] * len(statuses), processes.log("web")
    response = alice.press(transition, action="withdraw", next=edit)
    assert response.status_code == 200 and "Withdrawn" in response.text
    fields = replace_field(alice.form(edit, edit), "progress", "Saved after the restart.")
    response = alice.post(edit, fields)
    assert response.status_code == 200 and "Draft saved." in response.text
    wait_until(
        lambda: notified("withdraw"),
        20,
        f"the worker stopped working after the restart:\n{worker.log}",
    )
    assert "OperationalError" not in processes.log("web")
