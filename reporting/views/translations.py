"""Pages of the report's translations: the queue of what each edition still needs, the
sentence-by-sentence editor, the coordinator's waivers, and XLIFF files out and back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation as django_translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporting import access, diff, segments
from reporting.forms import XliffUploadForm
from reporting.models import DataTransfer, ReportEdition, ReviewCycle, Translation
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import editions as edition_selectors
from reporting.selectors import translations as translation_selectors
from reporting.selectors.translations import CHAPTER, SUBMISSION
from reporting.services import translation_exchange
from reporting.services import translations as translation_services
from reporting.services.editions import KINDS_OF_CYCLE
from reporting.services.translations import TranslationStale
from reporting.workflow import TransitionRefused

LANGUAGES = {"ar": "العربية", "en": "English"}


def _require_translator(user) -> None:
    if not access.translates(user=user):
        raise Http404


def _kind(cycle: ReviewCycle, kind: str) -> str:
    if kind not in KINDS_OF_CYCLE.get(cycle.kind, []):
        raise Http404
    return kind


def _language(value: str | None, default: str = "ar") -> str:
    return value if value in LANGUAGES else default


@login_required
def translation_index(request: HttpRequest) -> HttpResponse:
    """The reports whose translations a translator works on, newest cycle first, each with how
    far the translation of its two editions has come."""
    _require_translator(request.user)
    reports = [
        (
            cycle,
            kind,
            ReportEdition.Kind(kind).label,
            edition_selectors.translation_coverage(
                edition_selectors.report_contents(cycle=cycle, kind=kind)
            ),
        )
        for cycle in coordination_selectors.cycle_list().reverse()
        for kind in KINDS_OF_CYCLE.get(cycle.kind, [])
    ]
    return render(request, "reporting/translation_index.html", {"reports": reports})


@login_required
def translation_queue(request: HttpRequest, cycle_code: str, kind: str) -> HttpResponse:
    """What the edition in one language still needs translated, oldest approval first, with
    the coverage of both editions."""
    _require_translator(request.user)
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    kind = _kind(cycle, kind)
    language = _language(request.GET.get("language"))
    return render(
        request,
        "reporting/translation_queue.html",
        _queue_context(request, cycle, kind, language, XliffUploadForm()),
    )


def _queue_context(request, cycle: ReviewCycle, kind: str, language: str, upload_form) -> dict:
    contents = edition_selectors.report_contents(cycle=cycle, kind=kind)
    needs = contents.translations(language)
    return {
        "cycle": cycle,
        "kind": kind,
        "kind_label": ReportEdition.Kind(kind).label,
        "language": language,
        "language_name": translation_exchange.LANGUAGE_NAMES[language],
        "languages": [
            (code, name, contents.translations(code).coverage) for code, name in LANGUAGES.items()
        ],
        "needs": needs,
        "labels": {
            need.source.key: translation_selectors.source_label(need.source)
            for need in needs.items
        },
        "may_waive": access.may_waive_translation(user=request.user),
        "upload_form": upload_form,
        # Where the language switch and the buttons come back to, also after a failed upload.
        "language_next": f"{_queue_url(cycle, kind)}?language={language}",
    }


@login_required
@require_POST
def translation_start(request: HttpRequest) -> HttpResponse:
    _require_translator(request.user)
    kind = request.POST.get("kind")
    if kind not in (SUBMISSION, CHAPTER):
        raise Http404
    try:
        translation = translation_services.translation_start(
            user=request.user,
            kind=kind,
            object_id=_integer(request.POST.get("object_id")),
            language=_language(request.POST.get("language")),
        )
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        back = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("translation_index")
        return redirect(back)
    return redirect("translation_edit", translation.pk)


def _integer(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


def _editor_context(request, translation: Translation, *, errors=None, sent=None) -> dict:
    kind = SUBMISSION if translation.submission_id else CHAPTER
    object_id = translation.submission_id or translation.chapter_id
    current = translation_selectors.current_source(kind=kind, object_id=object_id)
    source_language = "en" if translation.language == "ar" else "ar"
    fields = []
    for name, rows in translation.segments.items():
        targets = (sent or {}).get(name)
        if targets is None:
            targets = [row["target"] for row in rows]
        targets = (list(targets) + [""] * len(rows))[: len(rows)]
        fields.append(
            {
                "name": name,
                "label": current.field_label(name) if current else name,
                "error": (errors or {}).get(name, ""),
                "rows": [
                    {
                        **row,
                        "number": number,
                        "target": target,
                        "invalid": bool(
                            (errors or {}).get(name)
                            and translation_services.sentence_error(row, target, number)
                        ),
                    }
                    for number, (row, target) in enumerate(zip(rows, targets, strict=True), 1)
                ],
            }
        )
    out_of_date = current is not None and current.revision.pk != translation.source_id
    changes = []
    if out_of_date:
        for name, text in current.fields.items():
            before = " ".join(row["source"] for row in translation.segments.get(name, []))
            if segments.normalise(before) != segments.normalise(text):
                changes.append(
                    {
                        "label": current.field_label(name),
                        "segments": diff.text_segments(before, text),
                    }
                )
    subject = translation_selectors.subject_of(kind=kind, object_id=object_id)
    return {
        "translation": translation,
        "label": translation_selectors.source_label(current) if current else "",
        "subject": subject,
        "cycle": subject.cycle,
        "fields": fields,
        "source_language": source_language,
        "out_of_date": out_of_date,
        "changes": changes,
        "may_review": access.may_review_translation(user=request.user, translation=translation)
        and translation.state == Translation.State.DRAFT
        and not out_of_date,
        "untranslated": sum(1 for f in fields for row in f["rows"] if not row["target"]),
        "errors": errors or {},
    }


@login_required
def translation_edit(request: HttpRequest, translation_id: int) -> HttpResponse:
    """The source's sentences beside their translation; save, review, bring up to date."""
    translation = translation_selectors.translation_get_for_user(
        user=request.user, translation_id=translation_id
    )
    if request.method == "POST":
        sent = {name: request.POST.getlist(f"target-{name}") for name in translation.segments}
        try:
            translation = translation_services.translation_save(
                user=request.user,
                translation_id=translation.pk,
                base_version=_integer(request.POST.get("version")),
                targets=sent,
            )
        except ValidationError as error:
            context = _editor_context(request, translation, errors=_messages(error), sent=sent)
            return render(request, "reporting/translation.html", context, status=400)
        except TranslationStale as stale:
            context = _editor_context(request, translation, sent=sent)
            context["stale"] = stale.message
            return render(request, "reporting/translation.html", context, status=409)
        messages.success(request, _("Translation saved."))
        return redirect("translation_edit", translation.pk)
    return render(request, "reporting/translation.html", _editor_context(request, translation))


def _messages(error: ValidationError) -> dict[str, str]:
    return {name: " ".join(problems) for name, problems in error.message_dict.items()}


@login_required
@require_POST
def translation_review(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = translation_selectors.translation_get_for_user(
        user=request.user, translation_id=translation_id
    )
    try:
        translation_services.translation_review(
            user=request.user,
            translation_id=translation.pk,
            base_version=_integer(request.POST.get("version")),
        )
    except (TransitionRefused, TranslationStale) as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Translation reviewed: the edition will print it."))
    return redirect("translation_edit", translation.pk)


@login_required
@require_POST
def translation_update(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = translation_selectors.translation_get_for_user(
        user=request.user, translation_id=translation_id
    )
    translation_services.translation_bring_up_to_date(
        user=request.user, translation_id=translation.pk
    )
    messages.success(
        request,
        _("The translation now follows the latest approved text; check the changed sentences."),
    )
    return redirect("translation_edit", translation.pk)


@login_required
@require_POST
def translation_waive(request: HttpRequest, cycle_code: str, kind: str) -> HttpResponse:
    """The coordinator prints a text untranslated in one edition (or takes that back)."""
    if not access.may_waive_translation(user=request.user):
        raise Http404
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    kind = _kind(cycle, kind)
    language = _language(request.POST.get("language"))
    item_kind = request.POST.get("kind")
    if item_kind not in (SUBMISSION, CHAPTER):
        raise Http404
    object_id = _integer(request.POST.get("object_id"))
    back = f"{_queue_url(cycle, kind)}?language={language}"
    if request.POST.get("undo"):
        translation_services.waiver_remove(
            user=request.user, kind=item_kind, object_id=object_id, language=language
        )
        messages.success(request, _("The text waits for its translation again."))
        return redirect(back)
    reason = (request.POST.get("reason") or "").strip()
    if not reason:
        messages.error(request, _("Say why the text is printed untranslated."))
        return redirect(back)
    translation_services.translation_waive(
        user=request.user, kind=item_kind, object_id=object_id, language=language, reason=reason
    )
    messages.success(request, _("The edition will print this text as written, and say so."))
    return redirect(back)


def _queue_url(cycle, kind) -> str:
    return reverse("translation_queue", args=[cycle.code, kind])


@login_required
def xliff_download(request: HttpRequest, cycle_code: str, kind: str) -> HttpResponse:
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    kind = _kind(cycle, kind)
    name, data = translation_exchange.xliff_export(
        user=request.user,
        cycle=cycle,
        kind=kind,
        language=_language(request.GET.get("language")),
    )
    response = HttpResponse(data, content_type="application/xliff+xml")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def xliff_upload(request: HttpRequest, cycle_code: str, kind: str) -> HttpResponse:
    _require_translator(request.user)
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    kind = _kind(cycle, kind)
    language = _language(request.POST.get("language"))
    form = XliffUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _queue_context(request, cycle, kind, language, form)
        return render(request, "reporting/translation_queue.html", context, status=400)
    transfer = translation_exchange.xliff_check(
        user=request.user,
        cycle=cycle,
        kind=kind,
        language=language,
        upload=form.cleaned_data["file"],
        interface_language=django_translation.get_language(),
    )
    return redirect("xliff_import_detail", transfer.pk)


@login_required
def xliff_import_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = translation_selectors.translation_import_get_for_user(
        user=request.user, transfer_id=transfer_id
    )
    return render(
        request,
        "reporting/translation_import.html",
        {
            "transfer": transfer,
            "summary": transfer.summary,
            "State": DataTransfer.State,
            "committed": transfer.commits.filter(state=DataTransfer.State.COMMITTED).exists(),
            "language_name": translation_exchange.LANGUAGE_NAMES.get(
                transfer.summary.get("target_language"), ""
            ),
        },
    )


@login_required
@require_POST
def xliff_import_commit(request: HttpRequest, transfer_id: int) -> HttpResponse:
    commit = translation_exchange.xliff_commit(
        user=request.user,
        transfer_id=transfer_id,
        sha256=request.POST.get("sha256", ""),
        interface_language=django_translation.get_language(),
    )
    if commit.state == DataTransfer.State.COMMITTED:
        messages.success(request, _("Imported: every translated sentence was saved as a draft."))
    else:
        messages.error(request, _("Nothing was imported."))
    return redirect("xliff_import_detail", commit.pk)
