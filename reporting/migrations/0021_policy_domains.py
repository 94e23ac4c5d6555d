"""SDG indicator 10.7.2 as a questionnaire: its answers beside a submission's draft, and the
report section that asks it (from reporting/data/report_sections.json)."""

import json
from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

SECTIONS = Path(__file__).resolve().parent.parent / "data" / "report_sections.json"
CODE = "sdg-10-7-2"


def add_section(apps, schema_editor):
    ReportSection = apps.get_model("reporting", "ReportSection")
    item = next(
        item
        for item in json.loads(SECTIONS.read_text(encoding="utf-8"))["sections"]
        if item["code"] == CODE
    )
    ReportSection.objects.get_or_create(
        code=CODE,
        defaults={
            "position": item["position"],
            "title_en": item["title_en"],
            "title_ar": item["title_ar"],
            "guidance_en": item["guidance_en"],
            "guidance_ar": item["guidance_ar"],
            "collects_submissions": item["collects"],
        },
    )


def remove_section(apps, schema_editor):
    """The section stays when going back (loading it again finds it): deleting it here would
    leave PostgreSQL with deferred checks pending on the table this migration then drops."""


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0007_policy_domains_framework"),
        ("reporting", "0020_indicator_periods"),
    ]

    operations = [
        migrations.CreateModel(
            name="PolicyDomainAnswers",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("answers", models.JSONField(blank=True, default=dict, verbose_name="answers")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "domain",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="answers",
                        to="objectives.policydomain",
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="policy_answers",
                        to="reporting.submission",
                    ),
                ),
            ],
            options={
                "verbose_name": "SDG 10.7.2 domain answers",
                "verbose_name_plural": "SDG 10.7.2 domain answers",
                "ordering": ["domain__number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("submission", "domain"), name="unique_policy_domain_answers"
                    )
                ],
            },
        ),
        migrations.RunPython(add_section, remove_section),
    ]
