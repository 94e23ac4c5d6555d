"""Tell record() which request it describes, and log every refusal the portal answers."""

from django.http import HttpRequest, HttpResponse

from gcm_portal.audit.recording import record, serving


class AuditMiddleware:
    """Record a `permission_denied` entry for every 403, from a page or from the API.

    Only 403s: a 404 is also what the portal answers for an object the user may not see (so
    that its existence is not revealed), and it cannot be told apart from a mistyped address;
    logging those would bury the refusals in noise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with serving(request):
            response = self.get_response(request)
            if response.status_code == 403:
                record(
                    "permission_denied", request=request, path=request.path, method=request.method
                )
        return response
