"""Errors of the portal's rules, each carrying its own meaning: an HTTP status, a stable code
for programs and a message for people.

The apps' exceptions derive from these four, so the API (gcm_portal/api/errors.py) and the
pages (DomainErrorMiddleware) map them in one place without knowing any app:

| base       | status | code        | for                                             |
|------------|--------|-------------|-------------------------------------------------|
| Refused    | 403    | refused     | the rules do not allow this person to do this    |
| Invalid    | 400    | invalid     | what was sent is wrong; `fields` says where      |
| Incomplete | 400    | incomplete  | something must be filled in first; `fields`      |
| Conflict   | 409    | conflict    | someone else changed it first                    |

A subclass may name a more precise code (`stale_version`) and add `extra` data for programs.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message, *, fields: dict | None = None, **extra):
        super().__init__(str(message))
        self.message = message
        self.fields = {
            name: [
                str(problem)
                for problem in (problems if isinstance(problems, list) else [problems])
            ]
            for name, problems in (fields or {}).items()
        }
        self.extra = extra


class Refused(DomainError):
    status = 403
    code = "refused"


class Invalid(DomainError):
    status = 400
    code = "invalid"


class Incomplete(DomainError):
    status = 400
    code = "incomplete"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class DomainErrorMiddleware:
    """A page view that lets a DomainError escape answers with its status and message, in a
    page, instead of a 500. Views that can do better (show the form again with the error
    at its field) catch it themselves; the API has its own handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return render(
            request,
            "domain_error.html",
            {"error": exception, "messages_list": _messages(exception)},
            status=exception.status,
        )


def _as_list(problems) -> list:
    return problems if isinstance(problems, list | tuple) else [problems]


def _messages(error: DomainError) -> list[str]:
    listed = [str(error.message)]
    for problems in error.fields.values():
        listed += [problem for problem in problems if problem not in listed]
    return listed
