from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    """Give every approved revision the text the library searches (as library_index does)."""
    from reporting import library, segments

    Revision = apps.get_model("reporting", "Revision")
    Translation = apps.get_model("reporting", "Translation")
    approved = Revision.objects.filter(approved_at__isnull=False).select_related(
        "submission__organisation",
        "submission__objective",
        "submission__strategy_action",
        "submission__section",
    )
    for revision in approved.iterator():
        submission = revision.submission
        names = [submission.organisation.name_en, submission.organisation.name_ar]
        subject = submission.objective or submission.strategy_action or submission.section
        if subject is not None:
            code = getattr(subject, "number", None) or getattr(subject, "code", "")
            names += [str(code), subject.title_en, subject.title_ar]
        translations = [
            text
            for translation in Translation.objects.filter(
                source_revision=revision, state="reviewed"
            )
            for text in segments.translated_fields(translation.segments).values()
        ]
        revision.search_text = library.search_text(
            revision.content, names=names, translations=translations
        )
        revision.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0014_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
