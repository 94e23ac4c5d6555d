"""One shape for every error the API returns, whatever raised it:

    {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}

`code` is stable and meant for programs; `message` is for people, in the request's language
(Accept-Language, then the language cookie); `fields` maps an input field to its messages, with
dotted paths into nested input (`indicator_values.0.value`). A stale draft save adds
`current_version`. Errors map to statuses here, in one place:

| raised                                 | status  | code                                |
|----------------------------------------|---------|-------------------------------------|
| a DomainError (gcm_portal/errors.py)   | its own | its own: refused, invalid, ...      |
| django ValidationError                 | 400     | invalid                             |
| Http404, DoesNotExist                  | 404     | not_found                           |
| PermissionDenied                       | 403     | permission_denied                   |
"""

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from gcm_portal.errors import DomainError
from gcm_portal.middleware import NulCharacterRefused

logger = logging.getLogger(__name__)


class ApiError(exceptions.APIException):
    """An error already in the API's terms: status, code, message, fields."""

    def __init__(self, status_code: int, code: str, message, fields=None, **extra):
        super().__init__(detail=str(message), code=code)
        self.status_code = status_code
        self.code = code
        self.fields = fields or {}
        self.extra = extra

    def body(self) -> dict:
        return {
            "code": self.code,
            "message": str(self.detail),
            "fields": self.fields,
            **self.extra,
        }


def error_body(code: str, message, fields: dict | None = None, **extra) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}, **extra}}


def api_exception_handler(exc, context):
    """DRF's handler (status, WWW-Authenticate, Retry-After, rollback) with our body."""
    exc = _translate(exc)
    response = exception_handler(exc, context)
    if response is not None:
        response.data = {"error": _body(exc)}
    return response


def _translate(exc):
    """Turn the rules' errors (gcm_portal/errors.py) and Django's into API exceptions."""
    if isinstance(exc, DomainError):
        return ApiError(exc.status, exc.code, exc.message, exc.fields, **exc.extra)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return exceptions.ValidationError(fields)
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, SuspiciousOperation):
        logger.warning("Suspicious API request: %s", exc)
        return exceptions.ParseError(_("Bad request."))
    return exc


def _body(exc) -> dict:
    if isinstance(exc, ApiError):
        return exc.body()
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.pop(api_settings.NON_FIELD_ERRORS_KEY, []) + fields.pop("", [])
        message = general[0] if general else _("Some fields are not valid.")
        return {"code": "invalid", "message": message, "fields": fields}
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        if isinstance(detail, dict | list):
            fields = _flatten(detail)
            return {"code": exc.default_code, "message": _("Bad request."), "fields": fields}
        code = getattr(detail, "code", None) or exc.default_code
        return {"code": code, "message": str(detail), "fields": {}}
    raise TypeError(exc)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """{"a": {"b": ["x"]}, "c": [{}, {"d": ["y"]}]} -> {"a.b": ["x"], "c.1.d": ["y"]}."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return {prefix: [str(item) for item in detail]} if detail else {}
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix: [str(detail)]}


# --- errors raised before a view runs (Django's handlers), for /api/ paths -----------------


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception, template_name="400.html"):
    if _is_api(request):
        if isinstance(exception, NulCharacterRefused):
            message = _(
                "The request contains a NUL character, which the portal does not accept. "
                "Remove it and send the request again."
            )
        else:
            message = _("Bad request.")
        return JsonResponse(error_body("bad_request", message), status=400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name="403.html"):
    if _is_api(request):
        return JsonResponse(
            error_body("permission_denied", exceptions.PermissionDenied.default_detail),
            status=403,
        )
    return defaults.permission_denied(request, exception, template_name)


def server_error(request, template_name="500.html"):
    if _is_api(request):
        return JsonResponse(
            error_body("server_error", _("Something went wrong on our side; it has been logged.")),
            status=500,
        )
    return defaults.server_error(request, template_name)
