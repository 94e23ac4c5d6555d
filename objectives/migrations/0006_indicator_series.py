"""Indicators as a catalogue: several objectives and SDG indicators each, a framework, a
definition, a source, a direction, numeric baselines and targets, and disaggregation
dimensions as data.

The single objective and SDG indicator links become the first of many. A baseline or target
that reads as a number (for a number or percentage indicator) becomes that number; anything
else stays, word for word, in its note, which the pages show in its place.
"""

from decimal import Decimal, InvalidOperation

import django.db.models.deletion
from django.db import migrations, models
from django.utils import translation

import gcm_portal.text

NUMERIC = ("number", "percent")


def _number(kind, text):
    text = (text or "").strip()
    if not text or kind not in NUMERIC:
        return None
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= 10**14:
        return None
    return number


def forwards(apps, schema_editor):
    Indicator = apps.get_model("objectives", "Indicator")
    for indicator in Indicator.objects.all():
        if indicator.objective_id:
            indicator.objectives.add(indicator.objective_id)
        if indicator.sdg_indicator_id:
            indicator.sdg_indicators.add(indicator.sdg_indicator_id)
        changed = []
        for field in ("baseline", "target"):
            note = getattr(indicator, f"{field}_note")
            number = _number(indicator.kind, note)
            if number is not None:
                setattr(indicator, f"{field}_number", number)
                setattr(indicator, f"{field}_note", "")
                changed += [f"{field}_number", f"{field}_note"]
        if changed:
            indicator.save(update_fields=changed)


def backwards(apps, schema_editor):
    Indicator = apps.get_model("objectives", "Indicator")
    for indicator in Indicator.objects.all():
        indicator.objective_id = min(
            indicator.objectives.values_list("pk", flat=True), default=None
        )
        indicator.sdg_indicator_id = min(
            indicator.sdg_indicators.values_list("pk", flat=True), default=None
        )
        for field in ("baseline", "target"):
            number = getattr(indicator, f"{field}_number")
            if number is not None and not getattr(indicator, f"{field}_note"):
                setattr(indicator, f"{field}_note", format(number.normalize(), "f"))
        indicator.save()


def seed_dimensions(apps, schema_editor):
    from objectives.disaggregation import SEED

    Dimension = apps.get_model("objectives", "DisaggregationDimension")
    Category = apps.get_model("objectives", "DisaggregationCategory")

    def both(label):
        with translation.override("en"):
            english = str(label)
        with translation.override("ar"):
            arabic = str(label)
        return english, arabic if arabic != english else ""

    for position, (code, label, categories) in enumerate(SEED, start=1):
        label_en, label_ar = both(label)
        dimension, _created = Dimension.objects.get_or_create(
            code=code, defaults={"label_en": label_en, "label_ar": label_ar, "position": position}
        )
        for place, (category_code, category_label) in enumerate(categories, start=1):
            category_en, category_ar = both(category_label)
            Category.objects.get_or_create(
                dimension=dimension,
                code=category_code,
                defaults={"label_en": category_en, "label_ar": category_ar, "position": place},
            )


class Migration(migrations.Migration):
    dependencies = [("objectives", "0005_load_stakeholder_types")]

    operations = [
        migrations.CreateModel(
            name="DisaggregationDimension",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                (
                    "label_en",
                    gcm_portal.text.ShortTextField(max_length=100, verbose_name="label (English)"),
                ),
                (
                    "label_ar",
                    gcm_portal.text.ShortTextField(
                        blank=True, max_length=100, verbose_name="label (Arabic)"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
            ],
            options={
                "verbose_name": "disaggregation dimension",
                "verbose_name_plural": "disaggregation dimensions",
                "ordering": ["position", "code"],
            },
        ),
        migrations.CreateModel(
            name="DisaggregationCategory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    gcm_portal.text.ShortTextField(
                        help_text="e.g. female, 0-17, 60+", max_length=40, verbose_name="code"
                    ),
                ),
                (
                    "label_en",
                    gcm_portal.text.ShortTextField(max_length=100, verbose_name="label (English)"),
                ),
                (
                    "label_ar",
                    gcm_portal.text.ShortTextField(
                        blank=True, max_length=100, verbose_name="label (Arabic)"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "dimension",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="categories",
                        to="objectives.disaggregationdimension",
                    ),
                ),
            ],
            options={
                "verbose_name": "disaggregation category",
                "verbose_name_plural": "disaggregation categories",
                "ordering": ["dimension", "position", "code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("dimension", "code"), name="unique_disaggregation_category"
                    )
                ],
            },
        ),
        migrations.RunPython(seed_dimensions, migrations.RunPython.noop),
        # Baselines and targets: the text moves to the note; numbers are taken from it.
        migrations.RenameField("indicator", "baseline", "baseline_note"),
        migrations.RenameField("indicator", "target", "target_note"),
        migrations.AlterField(
            model_name="indicator",
            name="baseline_note",
            field=gcm_portal.text.ShortTextField(
                blank=True, max_length=100, verbose_name="baseline (as text)"
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="target_note",
            field=gcm_portal.text.ShortTextField(
                blank=True, max_length=100, verbose_name="target (as text)"
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="disaggregations",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The codes of disaggregation dimensions, e.g. sex, age_group.",
                verbose_name="disaggregation dimensions",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="baseline_number",
            field=models.DecimalField(
                blank=True, decimal_places=6, max_digits=20, null=True, verbose_name="baseline"
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="target_number",
            field=models.DecimalField(
                blank=True, decimal_places=6, max_digits=20, null=True, verbose_name="target"
            ),
        ),
        # The single links become many; the old ones are renamed out of the way first.
        migrations.AlterField(
            model_name="indicator",
            name="objective",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="objectives.objective",
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="sdg_indicator",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="objectives.sdgindicator",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="objectives",
            field=models.ManyToManyField(
                blank=True,
                related_name="indicators",
                to="objectives.objective",
                verbose_name="GCM objectives",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="sdg_indicators",
            field=models.ManyToManyField(
                blank=True,
                related_name="indicators",
                to="objectives.sdgindicator",
                verbose_name="SDG indicators",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("indicator", "objective"),
        migrations.RemoveField("indicator", "sdg_indicator"),
        migrations.RenameField("indicator", "baseline_number", "baseline"),
        migrations.RenameField("indicator", "target_number", "target"),
        migrations.AddField(
            model_name="indicator",
            name="framework",
            field=models.CharField(
                choices=[
                    ("national", "National"),
                    ("gcm", "GCM"),
                    ("sdg", "SDG"),
                    ("mgi", "Migration Governance Indicators (MGI)"),
                ],
                default="national",
                max_length=10,
                verbose_name="framework",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="definition_en",
            field=models.TextField(blank=True, verbose_name="definition (English)"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="definition_ar",
            field=models.TextField(blank=True, verbose_name="definition (Arabic)"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="source_en",
            field=gcm_portal.text.ShortTextField(
                blank=True, max_length=300, verbose_name="source (English)"
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="source_ar",
            field=gcm_portal.text.ShortTextField(
                blank=True, max_length=300, verbose_name="source (Arabic)"
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="direction",
            field=models.CharField(
                choices=[("higher", "Higher is better"), ("lower", "Lower is better")],
                default="higher",
                max_length=6,
                verbose_name="direction",
            ),
        ),
    ]
