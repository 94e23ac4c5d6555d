"""The reporting API: thin views over reporting.selectors (who sees what) and the services
(who may change what). A submission the caller may not see is a 404, in lists and details
alike; a change the rules refuse is a 403 whose message says why (gcm_portal/api/errors.py).
"""

import django_filters
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from gcm_portal.accounts.api.serializers import OrganisationSerializer
from gcm_portal.accounts.models import Organisation
from gcm_portal.api.filters import FilterSet, IdFilter, is_beyond_any_id
from gcm_portal.api.schema import CONFLICT
from objectives import selectors as objective_selectors
from reporting.api.serializers import (
    CommentNoteSerializer,
    CommentReplySerializer,
    CommentSerializer,
    CycleSerializer,
    DraftSerializer,
    EditionRequestSerializer,
    EditionSerializer,
    EventSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    IndicatorSeriesSerializer,
    IndicatorValueSerializer,
    SubmissionDetailSerializer,
    SubmissionSerializer,
    SubmissionStartSerializer,
    TransitionSerializer,
)
from reporting.evidence import ALLOWED_TYPES
from reporting.models import (
    Comment,
    Event,
    Evidence,
    IndicatorValue,
    ReportEdition,
    Submission,
)
from reporting.selectors import series as series_selectors
from reporting.selectors.coordination import cycle_get, cycle_list
from reporting.selectors.editions import (
    edition_get_docx_for_user,
    edition_get_for_user,
    edition_get_pdf_for_user,
    edition_list_for_user,
)
from reporting.selectors.submissions import (
    QueueFilters,
    comment_list_for_user,
    comment_thread_for_user,
    indicator_values_for,
    organisation_list_for_user,
    submission_actions_for,
    submission_events,
    submission_filter,
    submission_get_for_editing,
    submission_get_for_user,
    submission_revisions,
    submission_visibility,
)
from reporting.selectors.uploads import evidence_attached, evidence_get_for_user
from reporting.services.editions import edition_request
from reporting.services.submissions import (
    Draft,
    comment_add,
    comment_address,
    comment_reply,
    comment_resolve,
    draft_of,
    submission_save_draft,
    submission_start,
    submission_transition,
)
from reporting.services.uploads import evidence_add, evidence_remove

# --- organisations and cycles -------------------------------------------------------------


class OrganisationFilter(FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations the caller may look up: all of them for reviewers, coordinators and
    administrators; for anyone else their own, those whose submissions they may read, and
    those the strategy catalogue names."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return organisation_list_for_user(user=self.request.user)


class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    """Review cycles (regional reviews and the IMRF), looked up by code."""

    serializer_class = CycleSerializer
    lookup_field = "code"
    lookup_value_regex = r"[-\w]+"

    def get_queryset(self):
        return cycle_list()


# --- submissions --------------------------------------------------------------------------


class SubmissionFilter(FilterSet):
    cycle = django_filters.CharFilter(field_name="cycle__code", help_text="Cycle code.")
    state = django_filters.ChoiceFilter(choices=Submission.State.choices)
    objective = IdFilter(help_text="Objective id.")
    organisation = IdFilter(help_text="Organisation id.")
    kind = django_filters.ChoiceFilter(
        choices=[("government", "government"), ("cso", "civil society")],
        help_text="Government bodies or civil-society organisations.",
    )
    subject_kind = django_filters.ChoiceFilter(choices=Submission.SubjectKind.choices)

    class Meta:
        model = Submission
        fields = ["cycle", "state", "objective", "organisation", "kind", "subject_kind"]

    def filter_queryset(self, queryset):
        chosen = self.form.cleaned_data
        if any(is_beyond_any_id(chosen.get(name)) for name in ("objective", "organisation")):
            return queryset.none()
        queryset = submission_filter(
            queryset,
            filters=QueueFilters(
                objective_id=chosen.get("objective"),
                organisation_id=chosen.get("organisation"),
                government_or_cso=chosen.get("kind") or "",
            ),
        )
        for name in ("cycle", "state", "subject_kind"):
            if chosen.get(name):
                queryset = self.filters[name].filter(queryset, chosen[name])
        return queryset


def submission_detail_response(request, submission_id: int, status_code=status.HTTP_200_OK):
    submission = submission_get_for_user(user=request.user, submission_id=submission_id)
    serializer = SubmissionDetailSerializer(
        submission,
        context={
            "revisions": submission_revisions(submission=submission, user=request.user),
            "actions": submission_actions_for(user=request.user, submission=submission),
        },
    )
    return Response(serializer.data, status=status_code)


class RowsOfColumns:
    """A list page's rows: `values()` of the columns shown, counted without the joins those
    columns need (the count is on the submissions table alone)."""

    def __init__(self, queryset, columns: list[str]):
        self.queryset = queryset
        self.columns = columns

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.queryset.values(*self.columns)[index]


@extend_schema_view(
    get=extend_schema(summary="List the submissions you may see"),
    post=extend_schema(
        summary="Start your organisation's submission on a subject",
        request=SubmissionStartSerializer,
        responses={
            201: OpenApiResponse(SubmissionDetailSerializer, description="Started now."),
            200: OpenApiResponse(
                SubmissionDetailSerializer, description="Already started: the same submission."
            ),
        },
    ),
)
class SubmissionList(generics.ListAPIView):
    """Submissions the caller may see: focal points see their organisation's in every state;
    reviewers and coordinators see everything submitted; every member reads approved work.

    POST starts the organisation's draft on a subject it was asked to report on (or returns
    the one already started): focal points of that organisation, while the cycle is open.
    """

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter

    def get_queryset(self):
        return Submission.objects.filter(submission_visibility(user=self.request.user)).order_by(
            "pk"
        )

    def paginate_queryset(self, queryset):
        return super().paginate_queryset(RowsOfColumns(queryset, SubmissionSerializer.COLUMNS))

    def post(self, request):
        start = SubmissionStartSerializer(data=request.data, context={"request": request})
        start.is_valid(raise_exception=True)
        chosen = start.validated_data
        existed = Submission.objects.filter(
            cycle=chosen["cycle"],
            organisation=chosen["organisation"],
            subject_kind=chosen["subject_kind"],
            **{f"{chosen['subject_kind']}_id": chosen["subject_id"]},
        ).exists()
        submission = submission_start(
            user=request.user,
            cycle=start.validated_data["cycle"],
            organisation=start.validated_data["organisation"],
            subject_kind=start.validated_data["subject_kind"],
            subject_id=start.validated_data["subject_id"],
        )
        answer = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return submission_detail_response(request, submission.pk, answer)


class SubmissionDetail(generics.GenericAPIView):
    """A submission as its readers see it: its submitted revisions, the latest in full, and
    what the caller could do with it now."""

    serializer_class = SubmissionDetailSerializer

    def get(self, request, submission_id: int):
        return submission_detail_response(request, submission_id)


@extend_schema_view(
    put=extend_schema(responses={200: DraftSerializer, 409: CONFLICT}),
    patch=extend_schema(responses={200: DraftSerializer, 409: CONFLICT}),
)
class SubmissionDraft(generics.GenericAPIView):
    """The working draft, for the organisation's focal points only (404 for anyone else).

    Send the `version` you read. A save based on an older version saves nothing and answers
    409 with the current version, unless it says exactly what is already saved. A submitted
    or approved submission cannot be edited (403).
    """

    serializer_class = DraftSerializer

    def get(self, request, submission_id: int):
        submission = submission_get_for_editing(user=request.user, submission_id=submission_id)
        return Response(DraftSerializer.represent(submission))

    def put(self, request, submission_id: int):
        return self._save(request, submission_id, partial=False)

    def patch(self, request, submission_id: int):
        return self._save(request, submission_id, partial=True)

    def _save(self, request, submission_id: int, *, partial: bool):
        submission = submission_get_for_editing(user=request.user, submission_id=submission_id)
        sent = DraftSerializer(data=request.data, partial=partial)
        sent.is_valid(raise_exception=True)
        base = draft_of(submission) if partial else Draft()
        saved = submission_save_draft(
            user=request.user,
            submission_id=submission.pk,
            base_version=sent.validated_data["version"],
            draft=sent.to_draft(base),
        )
        return Response(DraftSerializer.represent(saved))


@extend_schema(request=TransitionSerializer, responses={200: SubmissionDetailSerializer})
class TransitionView(generics.GenericAPIView):
    """Move the submission through its life cycle (reporting/workflow.py):

    draft --submit--> submitted --approve--> approved;
    submitted --return(reason)--> returned --submit--> submitted;
    submitted --withdraw--> draft; approved --reopen(reason)--> returned.
    """

    serializer_class = TransitionSerializer
    transition = ""

    def post(self, request, submission_id: int):
        submission = submission_get_for_user(user=request.user, submission_id=submission_id)
        sent = TransitionSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        submission_transition(
            user=request.user,
            submission_id=submission.pk,
            action=self.transition,
            reason=sent.validated_data["reason"],
        )
        return submission_detail_response(request, submission.pk)


class SubmitView(TransitionView):
    """Submit the draft for review, freezing a revision: the organisation's focal points, from
    draft or returned, while the cycle is open and the required fields are filled in."""

    transition = "submit"


class WithdrawView(TransitionView):
    """Take a submitted draft back: the organisation's focal points, until a reviewer comments."""

    transition = "withdraw"


class ReturnView(TransitionView):
    """Return for revision, with a reason: reviewers of another organisation."""

    transition = "return"


class ApproveView(TransitionView):
    """Approve the submitted revision: reviewers of another organisation."""

    transition = "approve"


class ReopenView(TransitionView):
    """Reopen approved work for revision, with a reason: coordinators of another organisation."""

    transition = "reopen"


@extend_schema_view(
    get=extend_schema(summary="List a submission's comments"),
    post=extend_schema(summary="Comment on a submission under review"),
)
class SubmissionComments(generics.ListCreateAPIView):
    """Reviewers' comments: read by the organisation's focal points and, once submitted, by
    the review side; added by reviewers of another organisation while it is under review."""

    serializer_class = CommentSerializer
    queryset = Comment.objects.none()  # the model, for the schema; see get_queryset

    def get_queryset(self):
        return comment_list_for_user(
            user=self.request.user, submission_id=self.kwargs["submission_id"]
        )

    def create(self, request, submission_id: int):
        submission = submission_get_for_user(user=request.user, submission_id=submission_id)
        sent = CommentSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        comment = comment_add(
            user=request.user,
            submission_id=submission.pk,
            field=sent.validated_data["field"],
            body=sent.validated_data["body"],
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class _CommentActionView(generics.GenericAPIView):
    """An action on one conversation of a submission (a comment whose parent is empty)."""

    serializer_class = CommentReplySerializer

    def thread(self, request, submission_id: int, comment_id: int) -> Comment:
        thread = comment_thread_for_user(user=request.user, comment_id=comment_id)
        if thread.submission_id != submission_id:
            raise Http404
        return thread


@extend_schema(
    summary="Reply in a comment's conversation",
    request=CommentReplySerializer,
    responses={201: CommentSerializer},
)
class CommentReplyView(_CommentActionView):
    """Reviewers reply while the work is under review (which opens an addressed comment
    again); the organisation's focal points while they can edit it."""

    def post(self, request, submission_id: int, comment_id: int):
        thread = self.thread(request, submission_id, comment_id)
        sent = CommentReplySerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        reply = comment_reply(
            user=request.user, comment_id=thread.pk, body=sent.validated_data["body"]
        )
        return Response(CommentSerializer(reply).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Mark a comment addressed",
    request=CommentNoteSerializer,
    responses={200: CommentSerializer},
)
class CommentAddressView(_CommentActionView):
    """The organisation's focal points say what they changed for an open comment, or why
    not, while they can edit the work. A returned submission is submitted again only once
    every open comment has been answered so."""

    serializer_class = CommentNoteSerializer

    def post(self, request, submission_id: int, comment_id: int):
        thread = self.thread(request, submission_id, comment_id)
        sent = CommentNoteSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        thread = comment_address(
            user=request.user, comment_id=thread.pk, note=sent.validated_data["note"]
        )
        return Response(CommentSerializer(thread).data)


@extend_schema(summary="Resolve a comment", request=None, responses={200: CommentSerializer})
class CommentResolveView(_CommentActionView):
    """Reviewers of another organisation close a conversation while the work is under
    review."""

    def post(self, request, submission_id: int, comment_id: int):
        thread = self.thread(request, submission_id, comment_id)
        thread = comment_resolve(user=request.user, comment_id=thread.pk)
        return Response(CommentSerializer(thread).data)


class SubmissionEvents(generics.ListAPIView):
    """The submission's history: each state change, who made it, when and why."""

    serializer_class = EventSerializer
    queryset = Event.objects.none()  # the model, for the schema; see get_queryset

    def get_queryset(self):
        submission = submission_get_for_user(
            user=self.request.user, submission_id=self.kwargs["submission_id"]
        )
        return submission_events(submission=submission, user=self.request.user)


class SubmissionIndicatorValues(generics.ListAPIView):
    """The draft's indicator values, for the organisation's focal points. Readers find the
    submitted values in the revision's content; values are written with the draft."""

    serializer_class = IndicatorValueSerializer
    queryset = IndicatorValue.objects.none()  # the model, for the schema; see get_queryset

    def get_queryset(self):
        submission = submission_get_for_editing(
            user=self.request.user, submission_id=self.kwargs["submission_id"]
        )
        return indicator_values_for(submission=submission)


@extend_schema_view(
    get=extend_schema(summary="List the files attached to the draft"),
    post=extend_schema(
        summary="Attach a file to the draft",
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer},
    ),
)
class SubmissionEvidence(generics.ListCreateAPIView):
    """Evidence attached to the draft, for the organisation's focal points; they attach files
    while it can be edited. Files are checked by their content, not their name."""

    serializer_class = EvidenceSerializer
    queryset = Evidence.objects.none()  # the model, for the schema; see get_queryset
    parser_classes = [MultiPartParser]

    def _submission(self) -> Submission:
        return submission_get_for_editing(
            user=self.request.user, submission_id=self.kwargs["submission_id"]
        )

    def get_queryset(self):
        return evidence_attached(submission=self._submission())

    def create(self, request, submission_id: int):
        submission = self._submission()
        sent = EvidenceUploadSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        evidence = evidence_add(
            user=request.user, submission_id=submission.pk, upload=sent.validated_data["file"]
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={204: OpenApiResponse(description="Removed from the draft.")})
class SubmissionEvidenceItem(generics.GenericAPIView):
    """Remove a file from the draft (it stays for the revisions that list it)."""

    serializer_class = EvidenceSerializer

    def delete(self, request, submission_id: int, evidence_id: int):
        submission = submission_get_for_editing(user=request.user, submission_id=submission_id)
        evidence_attached(submission=submission).get(pk=evidence_id)
        evidence_remove(user=request.user, evidence_id=evidence_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    responses={(200, media_type): OpenApiTypes.BINARY for media_type in ALLOWED_TYPES.values()}
)
class EvidenceDownload(APIView):
    """Download an evidence file, always as an attachment: files listed in a revision you may
    read, and your organisation's files attached to its draft."""

    def get(self, request, evidence_id: int):
        evidence = evidence_get_for_user(user=request.user, evidence_id=evidence_id)
        return _attachment(evidence.file, evidence.original_name, evidence.content_type)


def _attachment(file, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- compiled reports ---------------------------------------------------------------------


class EditionFilter(FilterSet):
    class Meta:
        model = ReportEdition
        fields = ["kind", "language", "mode", "state"]


@extend_schema_view(
    get=extend_schema(summary="List the cycle's compiled reports"),
    post=extend_schema(
        summary="Compile the cycle's report",
        request=EditionRequestSerializer,
        responses={202: EditionSerializer(many=True)},
    ),
)
class CycleEditions(generics.ListCreateAPIView):
    """Compiled reports of a cycle: final editions for every member, previews for reviewers
    and coordinators. The national coordinator starts a compile (one edition per language);
    it runs in the background: poll each edition until its state is succeeded or failed."""

    serializer_class = EditionSerializer
    filterset_class = EditionFilter
    queryset = ReportEdition.objects.none()  # the model, for the schema; see get_queryset

    def get_queryset(self):
        cycle = cycle_get(code=self.kwargs["code"])
        return edition_list_for_user(user=self.request.user, cycle=cycle)

    def create(self, request, code: str):
        cycle = cycle_get(code=code)
        sent = EditionRequestSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        editions = edition_request(
            user=request.user,
            cycle=cycle,
            kind=sent.validated_data["kind"],
            languages=sent.validated_data["languages"],
            mode=sent.validated_data["mode"],
        )
        return Response(
            EditionSerializer(editions, many=True).data, status=status.HTTP_202_ACCEPTED
        )


class EditionDetail(generics.GenericAPIView):
    """One compiled edition: poll it for its state and progress."""

    serializer_class = EditionSerializer

    def get(self, request, edition_id: int):
        edition = edition_get_for_user(user=request.user, edition_id=edition_id)
        return Response(EditionSerializer(edition).data)


@extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
class EditionDownload(APIView):
    """Download the edition's PDF once it is ready."""

    def get(self, request, edition_id: int):
        edition = edition_get_pdf_for_user(user=request.user, edition_id=edition_id)
        filename = f"{edition.cycle.code}-{edition.kind}-{edition.language}-{edition.mode}.pdf"
        return _attachment(edition.pdf, filename, "application/pdf")


@extend_schema(responses={(200, ReportEdition.DOCX_TYPE): OpenApiTypes.BINARY})
class EditionWord(APIView):
    """Download the edition as a Word document once it is ready: the same chapters, for
    circulating drafts for comments. The PDF is the document of record."""

    def get(self, request, edition_id: int):
        edition = edition_get_docx_for_user(user=request.user, edition_id=edition_id)
        filename = f"{edition.cycle.code}-{edition.kind}-{edition.language}-{edition.mode}.docx"
        return _attachment(edition.docx, filename, ReportEdition.DOCX_TYPE)


@extend_schema(summary="Read an indicator's series across review cycles")
class IndicatorSeries(generics.GenericAPIView):
    """An indicator's values across review cycles (period, value, organisation, cycle), from
    approved revisions only, and its progress against its baseline and target. Empty points
    for callers who may not read the approved library."""

    serializer_class = IndicatorSeriesSerializer

    def get(self, request, indicator_id: int):
        indicator = objective_selectors.indicator_get(indicator_id=indicator_id)
        (row,) = series_selectors.indicator_progress_list(
            user=request.user, indicators=[indicator]
        )
        return Response(self.get_serializer(row).data)
