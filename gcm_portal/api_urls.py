"""The API: version 1 under /api/v1/, its OpenAPI schema and the browsable docs page.

Every endpoint needs a signed-in user (a session or a token); so do the schema and the docs.
"""

import json

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView

app_name = "api"


class SchemaView(SpectacularAPIView):
    """The schema, the same for every caller: written in English whatever the caller's
    language, so that clients generated from it name their types and fields alike."""

    def _get_schema_response(self, request):
        with translation.override("en"):
            response = super()._get_schema_response(request)
            # Lazy texts (labels, help) are resolved now, not when the answer is rendered.
            response.data = json.loads(JSONEncoder().encode(response.data))
        return response


@extend_schema(exclude=True)
class NoSuchEndpoint(APIView):
    """Anything else under /api/: a 404 in the API's error shape, not an HTML page."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound

    def get(self, request, *args, **kwargs):
        raise NotFound

    post = put = patch = delete = options = get


v1 = [
    path("", include("gcm_portal.accounts.api.urls")),
    path("", include("objectives.api.urls")),
    path("", include("reporting.api.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SchemaView.as_view(), name="schema"),
    # A page for people: one who is not signed in is sent to the sign-in page first. Its
    # script comes from a URL of its own (no inline script); Swagger UI's own styles and
    # icons are inline, which the policy allows on this page only.
    path(
        "docs/",
        login_required(
            csp_update({"style-src": ["'unsafe-inline'"], "img-src": ["data:"]})(
                SpectacularSwaggerSplitView.as_view(url_name="api:schema")
            )
        ),
        name="docs",
    ),
    re_path(r"", NoSuchEndpoint.as_view()),
]
