"""The six policy domains of SDG indicator 10.7.2 and their thirty sub-categories, loaded from
objectives/data/sdg_10_7_2.json (English as the data file says, paraphrases marked; the Arabic
a working translation until the official text is loaded)."""

import json
from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

import gcm_portal.text

DATA = Path(__file__).resolve().parent.parent / "data" / "sdg_10_7_2.json"


def load(apps, schema_editor):
    PolicyDomain = apps.get_model("objectives", "PolicyDomain")
    PolicySubcategory = apps.get_model("objectives", "PolicySubcategory")
    for item in json.loads(DATA.read_text(encoding="utf-8"))["domains"]:
        domain = PolicyDomain.objects.create(
            number=item["number"],
            title_en=item["title_en"],
            title_ar=item["title_ar"],
            arabic_status="working",
        )
        for position, sub in enumerate(item["subcategories"], start=1):
            PolicySubcategory.objects.create(
                domain=domain,
                code=sub["code"],
                position=position,
                title_en=sub["text_en"],
                title_ar=sub["text_ar"],
                arabic_status="working",
                is_paraphrase=sub.get("wording") == "paraphrase",
            )


def unload(apps, schema_editor):
    """Nothing to do: going back drops the tables, rows and all (deleting the rows first
    would leave PostgreSQL with deferred checks pending on the tables it then drops)."""


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0006_indicator_series"),
    ]

    operations = [
        migrations.CreateModel(
            name="PolicyDomain",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "title_en",
                    gcm_portal.text.ShortTextField(max_length=300, verbose_name="title (English)"),
                ),
                (
                    "title_ar",
                    gcm_portal.text.ShortTextField(
                        blank=True, max_length=300, verbose_name="title (Arabic)"
                    ),
                ),
                (
                    "arabic_status",
                    models.CharField(
                        choices=[
                            ("working", "Working translation"),
                            ("official", "Official text"),
                        ],
                        default="working",
                        max_length=10,
                        verbose_name="status of the Arabic text",
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(unique=True, verbose_name="number")),
            ],
            options={
                "verbose_name": "SDG 10.7.2 policy domain",
                "verbose_name_plural": "SDG 10.7.2 policy domains",
                "ordering": ["number"],
            },
        ),
        migrations.CreateModel(
            name="PolicySubcategory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "title_en",
                    gcm_portal.text.ShortTextField(max_length=300, verbose_name="title (English)"),
                ),
                (
                    "title_ar",
                    gcm_portal.text.ShortTextField(
                        blank=True, max_length=300, verbose_name="title (Arabic)"
                    ),
                ),
                (
                    "arabic_status",
                    models.CharField(
                        choices=[
                            ("working", "Working translation"),
                            ("official", "Official text"),
                        ],
                        default="working",
                        max_length=10,
                        verbose_name="status of the Arabic text",
                    ),
                ),
                ("code", models.CharField(max_length=8, unique=True, verbose_name="code")),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                (
                    "is_paraphrase",
                    models.BooleanField(
                        default=True, verbose_name="English paraphrases the official text"
                    ),
                ),
                (
                    "domain",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="subcategories",
                        to="objectives.policydomain",
                    ),
                ),
            ],
            options={
                "verbose_name": "SDG 10.7.2 sub-category",
                "verbose_name_plural": "SDG 10.7.2 sub-categories",
                "ordering": ["domain__number", "position"],
            },
        ),
        migrations.RunPython(load, unload),
    ]
