"""Django's `flush`, allowed to empty the append-only audit log on SQLite too.

PostgreSQL flushes with TRUNCATE, which fires no row triggers. SQLite flushes with DELETE,
which the log's trigger refuses unless `audit_flush_in_progress` has a row: the row is
inserted and removed inside the flush's own transaction, so no other connection sees it.
"""

from django.core.management.commands import flush
from django.db import connections, transaction


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if (
            connection.vendor != "sqlite"
            or "audit_flush_in_progress" not in connection.introspection.table_names()
        ):
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO audit_flush_in_progress (id) VALUES (1)")
            super().handle(**options)
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_flush_in_progress")
