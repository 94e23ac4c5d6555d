"""Fault drills: the portal against real services that fail, as in production.

Each drill runs the web side (gunicorn) and a Celery worker as separate processes against
private services it starts and stops itself, so nothing shared on the machine is touched:

- test_redis_outage.py: the broker stops; forms still save, a compile request says it is
  delayed, and once the broker is back the queued work finishes.
- test_postgres_restart.py: the database restarts; the web side and the worker recover
  without being restarted.
- The third drill, a worker killed in the middle of a compile, lives beside the other report
  worker tests: tests/integration/test_report_worker.py
  (test_killing_the_worker_mid_compile_still_yields_one_pdf).
"""
