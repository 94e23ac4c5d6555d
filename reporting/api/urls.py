from django.urls import path
from rest_framework.routers import SimpleRouter

from reporting.api import consultations, pledges, spreadsheets, views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("cycles", views.CycleViewSet, basename="cycle")

submission = "submissions/<int:submission_id>"
urlpatterns = [
    *router.urls,
    path("cycles/<slug:code>/editions/", views.CycleEditions.as_view(), name="cycle-editions"),
    path("editions/<int:edition_id>/", views.EditionDetail.as_view(), name="edition-detail"),
    path("cycles/<slug:code>/export/", spreadsheets.CycleExport.as_view(), name="cycle-export"),
    path(
        "cycles/<slug:code>/import-template/",
        spreadsheets.ImportTemplate.as_view(),
        name="cycle-import-template",
    ),
    path("cycles/<slug:code>/imports/", spreadsheets.ImportCheck.as_view(), name="cycle-imports"),
    path("imports/<int:import_id>/", spreadsheets.ImportDetail.as_view(), name="import-detail"),
    path(
        "imports/<int:import_id>/commit/",
        spreadsheets.ImportCommit.as_view(),
        name="import-commit",
    ),
    path(
        "editions/<int:edition_id>/download/",
        views.EditionDownload.as_view(),
        name="edition-download",
    ),
    path("editions/<int:edition_id>/word/", views.EditionWord.as_view(), name="edition-word"),
    path(
        "indicators/<int:indicator_id>/series/",
        views.IndicatorSeries.as_view(),
        name="indicator-series",
    ),
    path("submissions/", views.SubmissionList.as_view(), name="submission-list"),
    path(f"{submission}/", views.SubmissionDetail.as_view(), name="submission-detail"),
    path(f"{submission}/draft/", views.SubmissionDraft.as_view(), name="submission-draft"),
    path(f"{submission}/submit/", views.SubmitView.as_view(), name="submission-submit"),
    path(f"{submission}/withdraw/", views.WithdrawView.as_view(), name="submission-withdraw"),
    path(f"{submission}/return/", views.ReturnView.as_view(), name="submission-return"),
    path(f"{submission}/approve/", views.ApproveView.as_view(), name="submission-approve"),
    path(f"{submission}/reopen/", views.ReopenView.as_view(), name="submission-reopen"),
    path(
        f"{submission}/comments/", views.SubmissionComments.as_view(), name="submission-comments"
    ),
    path(
        f"{submission}/comments/<int:comment_id>/reply/",
        views.CommentReplyView.as_view(),
        name="comment-reply",
    ),
    path(
        f"{submission}/comments/<int:comment_id>/address/",
        views.CommentAddressView.as_view(),
        name="comment-address",
    ),
    path(
        f"{submission}/comments/<int:comment_id>/resolve/",
        views.CommentResolveView.as_view(),
        name="comment-resolve",
    ),
    path(f"{submission}/events/", views.SubmissionEvents.as_view(), name="submission-events"),
    path(
        f"{submission}/indicator-values/",
        views.SubmissionIndicatorValues.as_view(),
        name="submission-indicator-values",
    ),
    path(
        f"{submission}/evidence/", views.SubmissionEvidence.as_view(), name="submission-evidence"
    ),
    path(
        f"{submission}/evidence/<int:evidence_id>/",
        views.SubmissionEvidenceItem.as_view(),
        name="submission-evidence-item",
    ),
    path("pledges/", pledges.PledgeList.as_view(), name="pledge-list"),
    path("pledges/<int:pledge_id>/", pledges.PledgeDetail.as_view(), name="pledge-detail"),
    path(
        "pledges/<int:pledge_id>/transition/",
        pledges.PledgeTransition.as_view(),
        name="pledge-transition",
    ),
    path(
        "pledges/<int:pledge_id>/updates/",
        pledges.PledgeUpdateList.as_view(),
        name="pledge-update-list",
    ),
    path(
        "pledges/<int:pledge_id>/updates/<slug:code>/",
        pledges.PledgeUpdateForCycle.as_view(),
        name="pledge-update-detail",
    ),
    path(
        "pledge-updates/<int:update_id>/transition/",
        pledges.PledgeUpdateTransition.as_view(),
        name="pledge-update-transition",
    ),
    path(
        "evidence/<int:evidence_id>/download/",
        views.EvidenceDownload.as_view(),
        name="evidence-download",
    ),
    # Consultations held for a cycle (reporting/api/consultations.py).
    path(
        "cycles/<slug:code>/consultations/",
        consultations.CycleConsultations.as_view(),
        name="cycle-consultations",
    ),
    path(
        "consultations/<int:consultation_id>/",
        consultations.ConsultationDetail.as_view(),
        name="consultation-detail",
    ),
    path(
        "consultations/<int:consultation_id>/inputs/",
        consultations.ConsultationInputs.as_view(),
        name="consultation-inputs",
    ),
    path(
        "consultation-inputs/<int:input_id>/download/",
        consultations.ConsultationInputDownload.as_view(),
        name="consultation-input-download",
    ),
]
