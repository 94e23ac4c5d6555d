"""The OpenAPI schema: the shared error shape, documented on every operation."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for programs: invalid, refused, not_found...")
    message = serializers.CharField(help_text="For people, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field; dotted paths into nested input.",
    )
    current_version = serializers.IntegerField(
        required=False, help_text="Only with code stale_version: the draft's version now."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


CONFLICT = error_response(
    "stale_version: the draft changed since `version`; nothing was saved. "
    "`error.current_version` is the version to merge into."
)
ERRORS = {
    "400": "invalid (see `error.fields`), incomplete, or a malformed request (parse_error; "
    "bad_request, e.g. a NUL character anywhere in it)",
    "401": "not_authenticated or authentication_failed: no, unknown or revoked credentials; "
    "token_expired: the token is past its expiry and was deleted, ask for a new one",
    "403": "refused by the rules (`error.message` says why), or permission_denied (CSRF)",
    "404": "not_found: it does not exist, or the caller may not see it",
}
BODY_ERRORS = {"415": "unsupported_media_type"}
THROTTLED = {
    "429": "throttled or locked_out: too many failed attempts; see the Retry-After header"
}


RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "The language of messages and of labels in answers, as browsers send it (e.g. "
        "`ar`, `en-GB,en;q=0.8`): Arabic or English. Without it, or naming neither, the "
        "caller's saved preference, then English."
    ),
    examples=[OpenApiExample("English", value="en"), OpenApiExample("Arabic", value="ar")],
)


class PortalAutoSchema(AutoSchema):
    """AutoSchema that adds the shared error responses every operation can give, the
    Retry-After header of a refusal to wait, and the Accept-Language every operation reads."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), ACCEPT_LANGUAGE]

    # Only GET lists are filtered and paginated; a POST that answers with a list (compiling
    # a report in several languages) sends it whole.
    def _get_paginator(self):
        return super()._get_paginator() if self.method == "GET" else None

    def get_filter_backends(self):
        return super().get_filter_backends() if self.method == "GET" else []

    def get_summary(self):
        """The first sentence of the view's description, so that every operation has a
        summary (generated clients and API documents show it); lists say "List"."""
        explicit = super().get_summary()
        if explicit:
            return explicit
        description = " ".join((self.get_description() or "").split())
        first = description.split(". ")[0].split(": ")[0].rstrip(".")
        if not first:
            return None
        rest = f"{first[0].lower()}{first[1:]}"
        if self.method == "GET" and self._is_list_view():
            return f"List: {rest}"
        if self.method == "GET" and getattr(self.view, "action", None) == "retrieve":
            return f"Read one: {rest}"
        prefix = {"PUT": "Replace", "PATCH": "Change part of", "DELETE": "Delete"}
        return f"{prefix[self.method]}: {rest}" if self.method in prefix else first

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(BODY_ERRORS)
        if getattr(self.view, "limits_failed_attempts", False):
            errors.update(THROTTLED)
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    error_response(description), code, direction=direction
                )
        if "429" in responses:
            responses["429"]["headers"] = RETRY_AFTER
        return dict(sorted(responses.items()))


def name_blank_choices(result, generator, request, public):
    """Give the empty choice of an enum a name ("NOT_GIVEN", with `x-enum-varnames`), so that
    generated clients do not call it VALUE_0; the other choices keep their own names. Runs
    after drf-spectacular's enum hook (settings.SPECTACULAR_SETTINGS)."""

    def visit(node):
        if isinstance(node, dict):
            choices = node.get("enum")
            textual = isinstance(choices, list) and all(isinstance(c, str) for c in choices)
            if textual and "" in choices:
                node["x-enum-varnames"] = [
                    choice.upper().replace("-", "_") or "NOT_GIVEN" for choice in choices
                ]
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(result)
    return result


TAGS = {
    "auth": "Tokens for scripts: ask for one with a user name and password, revoke it.",
    "me": "The caller: account, language, roles, token expiry.",
    "objectives": "The 23 GCM objectives and their actions.",
    "principles": "The 10 GCM guiding principles.",
    "strategy-actions": "The actions of the national migration strategy.",
    "indicators": "Indicators, their series and the SDG indicators they serve.",
    "disaggregations": "The dimensions indicator values are broken down by.",
    "organisations": "Ministries, agencies and civil-society organisations.",
    "cycles": "Review cycles, their consultations and compiled editions.",
    "submissions": "Progress reports: drafts, review, comments, history.",
    "evidence": "Files attached to submissions.",
    "consultations": "Consultations held to prepare a review.",
    "consultation-inputs": "Files received in consultations.",
    "pledges": "Pledges and their updates at later reviews.",
    "pledge-updates": "Reviewing pledge updates.",
    "editions": "Compiled reports: progress and downloads.",
    "imports": "Import checks and their commits (strategy actions and indicators).",
}


def describe_for_tools(result, generator, request, public):
    """What API tools look for beyond the operations: every tag used, declared with what it
    covers, and an explicit empty `security` on the operation that needs none (asking for a
    token).

    A nullable reference stays `allOf` + `nullable` without a `type` beside it (which Redocly's
    recommended rules ask for): with one, openapi-python-client reads the reference as never
    null, and a client generated from it fails on the nulls the portal sends."""
    used = set()
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            used.update(operation.get("tags", []))
            operation.setdefault("security", [])
    result["tags"] = [
        {"name": name, "description": TAGS[name]} if name in TAGS else {"name": name}
        for name in sorted(used)
    ]
    return result
