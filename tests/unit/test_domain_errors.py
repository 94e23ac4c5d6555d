"""The rules' errors carry their own status and code; the API and the pages map the bases."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from gcm_portal import errors
from gcm_portal.accounts.two_factor import SecondFactorRefused
from reporting.evidence import EvidenceRejected
from reporting.services.submissions import StaleVersion, SubmissionIncomplete
from reporting.workflow import TransitionRefused


class Saved:
    version = 7


@pytest.mark.parametrize(
    ("error", "base", "status", "code"),
    [
        (TransitionRefused("No."), errors.Refused, 403, "refused"),
        (TransitionRefused("Give a reason.", "reason"), errors.Refused, 400, "invalid"),
        (
            SubmissionIncomplete({"progress": "Fill this in."}),
            errors.Incomplete,
            400,
            "incomplete",
        ),
        (StaleVersion(Saved()), errors.Conflict, 409, "stale_version"),
        (EvidenceRejected("Not a PDF."), errors.Invalid, 400, "invalid"),
        (SecondFactorRefused(throttled=False), errors.Refused, 403, "refused"),
    ],
)
def test_each_apps_error_derives_from_a_base_with_its_status(error, base, status, code):
    assert isinstance(error, base)
    assert (error.status, error.code) == (status, code)


def test_fields_are_lists_of_strings():
    error = errors.Invalid("Check the form.", fields={"progress": "Too long.", "unit": ["x", "y"]})
    assert error.fields == {"progress": ["Too long."], "unit": ["x", "y"]}


class Raising(APIView):
    permission_classes = []
    authentication_classes = []

    def get(self, request):
        raise StaleVersion(Saved())


def test_the_api_maps_any_domain_error_in_one_place():
    response = Raising.as_view()(APIRequestFactory().get("/api/v1/anything/"))
    assert response.status_code == 409
    assert response.data == {
        "error": {
            "code": "stale_version",
            "message": (
                "The draft was saved by someone else since you loaded it: nothing was saved. "
                "Merge your changes into version 7 and save again."
            ),
            "fields": {},
            "current_version": 7,
        }
    }


@pytest.mark.django_db
def test_a_page_that_lets_one_escape_answers_with_its_status_and_message():
    request = RequestFactory().get("/reporting/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    middleware = errors.DomainErrorMiddleware(lambda r: None)
    response = middleware.process_exception(request, TransitionRefused("This cycle is closed."))
    assert response.status_code == 403
    assert "This cycle is closed." in response.content.decode()
    assert middleware.process_exception(request, ValueError("x")) is None
    api_request = RequestFactory().get("/api/v1/submissions/")
    assert middleware.process_exception(api_request, TransitionRefused("No.")) is None
