from django.urls import path

from reporting.views import (
    consultations,
    coordination,
    editions,
    indicators,
    library,
    pledges,
    report_writing,
    review,
    spreadsheets,
    submissions,
    translations,
)

urlpatterns = [
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    path("indicators/<int:indicator_id>/", indicators.indicator_detail, name="indicator_detail"),
    path("cycles/", coordination.cycle_list, name="cycle_list"),
    path("reporting/", submissions.my_reporting, name="my_reporting"),
    path(
        "reporting/<slug:cycle_code>/start/",
        submissions.submission_start,
        name="submission_start",
    ),
    path(
        "submissions/<int:submission_id>/", submissions.submission_detail, name="submission_detail"
    ),
    path(
        "submissions/<int:submission_id>/edit/",
        submissions.submission_edit,
        name="submission_edit",
    ),
    path(
        "submissions/<int:submission_id>/autosave/",
        submissions.submission_autosave,
        name="submission_autosave",
    ),
    path(
        "submissions/<int:submission_id>/start-from-earlier/",
        submissions.submission_start_from,
        name="submission_start_from",
    ),
    path(
        "submissions/<int:submission_id>/transition/",
        submissions.submission_transition,
        name="submission_transition",
    ),
    path(
        "submissions/<int:submission_id>/history/",
        submissions.submission_history,
        name="submission_history",
    ),
    path(
        "submissions/<int:submission_id>/evidence/",
        submissions.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "submissions/<int:submission_id>/evidence/<int:evidence_id>/remove/",
        submissions.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "evidence/<int:evidence_id>/download/",
        submissions.evidence_download,
        name="evidence_download",
    ),
    path("pledges/", pledges.pledge_list, name="pledge_list"),
    path("pledges/new/", pledges.pledge_new, name="pledge_new"),
    path("pledges/export/", pledges.pledge_export, name="pledge_export"),
    path("pledges/<int:pledge_id>/", pledges.pledge_detail, name="pledge_detail"),
    path("pledges/<int:pledge_id>/edit/", pledges.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pledge_id>/delete/", pledges.pledge_delete, name="pledge_delete"),
    path(
        "pledges/<int:pledge_id>/transition/",
        pledges.pledge_transition,
        name="pledge_transition",
    ),
    path(
        "pledges/<int:pledge_id>/updates/<slug:cycle_code>/",
        pledges.pledge_update,
        name="pledge_update",
    ),
    path(
        "pledges/updates/<int:update_id>/transition/",
        pledges.pledge_update_transition,
        name="pledge_update_transition",
    ),
    path(
        "pledges/updates/<int:update_id>/evidence/",
        pledges.pledge_evidence_add,
        name="pledge_evidence_add",
    ),
    path(
        "pledges/evidence/<int:evidence_id>/remove/",
        pledges.pledge_evidence_remove,
        name="pledge_evidence_remove",
    ),
    path(
        "pledges/evidence/<int:evidence_id>/download/",
        pledges.pledge_evidence_download,
        name="pledge_evidence_download",
    ),
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:submission_id>/", review.review_detail, name="review_detail"),
    path("review/<int:submission_id>/comment/", review.review_comment, name="review_comment"),
    path("comments/<int:comment_id>/<str:action>/", review.comment_act, name="comment_act"),
    path("review/<int:submission_id>/claim/", review.review_claim, name="review_claim"),
    path("review/approve/", review.review_approve_several, name="review_approve_several"),
    path("coordination/<slug:cycle_code>/coverage/", coordination.coverage, name="coverage"),
    path(
        "coordination/<slug:cycle_code>/reminders/",
        coordination.reminder_send,
        name="reminder_send",
    ),
    path(
        "coordination/<slug:cycle_code>/assignments/", coordination.assignments, name="assignments"
    ),
    path("reports/<slug:cycle_code>/", editions.report_editions, name="report_editions"),
    path(
        "reports/editions/<int:edition_id>/progress/",
        editions.edition_progress,
        name="edition_progress",
    ),
    path(
        "reports/editions/<int:edition_id>/download/",
        editions.edition_download,
        name="edition_download",
    ),
    path(
        "reports/editions/<int:edition_id>/word/",
        editions.edition_download_docx,
        name="edition_download_docx",
    ),
    path(
        "reports/<slug:cycle_code>/<slug:kind>/writing/",
        report_writing.report_writing,
        name="report_writing",
    ),
    path(
        "reports/<slug:cycle_code>/<slug:kind>/writing/start/",
        report_writing.chapter_start,
        name="chapter_start",
    ),
    path(
        "reports/<slug:cycle_code>/<slug:kind>/writing/leave-out/",
        report_writing.submission_exclude,
        name="submission_exclude",
    ),
    path(
        "reports/<slug:cycle_code>/<slug:kind>/validation/",
        report_writing.validation_new,
        name="validation_new",
    ),
    path(
        "reports/validations/<int:validation_id>/minutes/",
        report_writing.validation_minutes,
        name="validation_minutes",
    ),
    path("reports/chapters/<int:chapter_id>/", report_writing.chapter_edit, name="chapter_edit"),
    path(
        "reports/chapters/<int:chapter_id>/transition/",
        report_writing.chapter_transition,
        name="chapter_transition",
    ),
    path(
        "reports/chapters/<int:chapter_id>/drafter/",
        report_writing.chapter_drafter,
        name="chapter_drafter",
    ),
    path("library/", library.library, name="library"),
    path("library/<int:revision_id>/", library.library_entry, name="library_entry"),
    path("translations/", translations.translation_index, name="translation_index"),
    path("translations/start/", translations.translation_start, name="translation_start"),
    path(
        "translations/texts/<int:translation_id>/",
        translations.translation_edit,
        name="translation_edit",
    ),
    path(
        "translations/texts/<int:translation_id>/review/",
        translations.translation_review,
        name="translation_review",
    ),
    path(
        "translations/texts/<int:translation_id>/update/",
        translations.translation_update,
        name="translation_update",
    ),
    path(
        "translations/imports/<int:transfer_id>/",
        translations.xliff_import_detail,
        name="xliff_import_detail",
    ),
    path(
        "translations/imports/<int:transfer_id>/commit/",
        translations.xliff_import_commit,
        name="xliff_import_commit",
    ),
    path(
        "translations/<slug:cycle_code>/<slug:kind>/",
        translations.translation_queue,
        name="translation_queue",
    ),
    path(
        "translations/<slug:cycle_code>/<slug:kind>/waive/",
        translations.translation_waive,
        name="translation_waive",
    ),
    path(
        "translations/<slug:cycle_code>/<slug:kind>/xliff/",
        translations.xliff_download,
        name="xliff_download",
    ),
    path(
        "translations/<slug:cycle_code>/<slug:kind>/xliff/upload/",
        translations.xliff_upload,
        name="xliff_upload",
    ),
    path("spreadsheets/<slug:cycle_code>/", spreadsheets.spreadsheets, name="spreadsheets"),
    path(
        "spreadsheets/<slug:cycle_code>/export/",
        spreadsheets.spreadsheet_export,
        name="spreadsheet_export",
    ),
    path(
        "spreadsheets/<slug:cycle_code>/import-template/",
        spreadsheets.import_template,
        name="import_template",
    ),
    path(
        "spreadsheets/<slug:cycle_code>/import/",
        spreadsheets.import_upload,
        name="import_upload",
    ),
    path(
        "spreadsheets/imports/<int:transfer_id>/",
        spreadsheets.import_detail,
        name="import_detail",
    ),
    path(
        "spreadsheets/imports/<int:transfer_id>/commit/",
        spreadsheets.import_commit,
        name="import_commit",
    ),
    # Consultations held for a cycle (reporting/views/consultations.py).
    path(
        "consultations/inputs/<int:input_id>/",
        consultations.consultation_input_download,
        name="consultation_input_download",
    ),
    path(
        "consultations/inputs/<int:input_id>/remove/",
        consultations.consultation_input_remove,
        name="consultation_input_remove",
    ),
    path(
        "consultations/<slug:cycle_code>/",
        consultations.consultation_list,
        name="consultation_list",
    ),
    path(
        "consultations/<slug:cycle_code>/new/",
        consultations.consultation_new,
        name="consultation_new",
    ),
    path(
        "consultations/<slug:cycle_code>/<int:consultation_id>/",
        consultations.consultation_edit,
        name="consultation_edit",
    ),
    path(
        "consultations/<slug:cycle_code>/<int:consultation_id>/delete/",
        consultations.consultation_delete,
        name="consultation_delete",
    ),
]
