from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitors: "ok" when the database answers and has been migrated.

    It reads a table rather than `SELECT 1`, which an empty SQLite file (a wrong DATA_DIR)
    would answer too.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            migrated = cursor.fetchone() is not None
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    if not migrated:
        return HttpResponse("database not migrated", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
