"""What every request goes through before the apps see it: forwarded headers believed only
from the trusted proxy, and requests with a NUL character refused."""

import json

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from gcm_portal.client_ip import PROXY_HEADERS, from_trusted_proxy

NUL = "\x00"
FORM_CONTENT_TYPES = {"multipart/form-data", "application/x-www-form-urlencoded"}
# The escape that decodes to NUL in JSON; its hex digits have no case.
JSON_NUL_ESCAPE = "\\u0000"


class NulCharacterRefused(BadRequest):
    """A NUL character in the request: answered 400 (gcm_portal.api.errors.bad_request)."""


class RefuseNulCharactersMiddleware:
    """Answer 400 to a request with a NUL character in what the portal reads from it.

    PostgreSQL refuses NUL in text, so a NUL that reaches a query (a filter, a session
    cookie, a token, a saved field) would end as a 500. Rather than guard each query, the
    request is checked once, as the views would decode it: the path, the headers, the query
    string's keys and values, the fields of a form or multipart POST (with the names of
    uploaded files, never their contents), and the strings and keys of a JSON body, raw or
    escaped (`\\u0000`). No view reads a form body sent with another method (the API accepts
    JSON, and multipart only for POST), so those are left to be refused where they arrive.

    It runs after LocaleMiddleware, so the refusal is in the request's language, and before
    anything that reads the session, the user or the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = nul_location(request)
        if where:
            raise NulCharacterRefused(f"NUL character in the request's {where}")
        return self.get_response(request)


def nul_location(request: HttpRequest) -> str:
    """Which part of the request carries a NUL character ("" when none does)."""
    if NUL in request.path:
        return "path"
    if any(
        isinstance(value, str) and NUL in value
        for name, value in request.META.items()
        if name.startswith("HTTP_") or name == "CONTENT_TYPE"
    ):
        return "headers"
    if _has_nul(request.GET.lists()):
        return "query string"
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        file_names = (
            (field, [upload.name or "" for upload in uploads])
            for field, uploads in request.FILES.lists()
        )
        if _has_nul(request.POST.lists()) or _has_nul(file_names):
            return "form fields"
    if _is_json(request.content_type) and _json_body_has_nul(request):
        return "JSON body"
    return ""


def _has_nul(lists) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in lists)


def _is_json(content_type: str) -> bool:
    return content_type.endswith(("/json", "+json"))


def _json_body_has_nul(request: HttpRequest) -> bool:
    """A NUL in the body as decoded (DRF's charset), or `\\u0000` in a string or key.

    The body is parsed only when the escape appears in its text: `"\\\\u0000"` (an escaped
    backslash) is not a NUL. A body that does not decode or parse is left to the API, which
    answers `parse_error`.
    """
    try:
        text = request.body.decode(request.encoding or settings.DEFAULT_CHARSET)
    except (UnicodeDecodeError, LookupError):
        return False
    if NUL in text:
        return True
    if JSON_NUL_ESCAPE not in text:
        return False
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return False
    pending = [parsed]
    while pending:
        value = pending.pop()
        if isinstance(value, str) and NUL in value:
            return True
        if isinstance(value, dict):
            if any(NUL in key for key in value):
                return True
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


class ProxyHeadersMiddleware:
    """Drop the headers only a reverse proxy may set from requests that did not come from one.

    Whoever reaches the server directly could otherwise say what address they come from
    (X-Forwarded-For) or that they used HTTPS (X-Forwarded-Proto); see gcm_portal/client_ip.py.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not from_trusted_proxy(request):
            for header in PROXY_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class ApiLanguageMiddleware:
    """Under /api/, the language the request's Accept-Language header names comes before the
    language cookie (which signing in sets): a script, or the API page, that asks for Arabic
    gets Arabic, as the schema says. Runs after LocaleMiddleware; a header naming neither
    language changes nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        if header and request.path.startswith("/api/"):
            language = _asked_language(header)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


def _asked_language(header: str) -> str | None:
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None
