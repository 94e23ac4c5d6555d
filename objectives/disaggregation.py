"""The categories an indicator value can be broken down by, per dimension.

Dimensions and their categories are data (objectives.models.DisaggregationDimension and
DisaggregationCategory, seeded by migration 0006 and edited in the admin). Readers here load
them once per request: every function makes at most one query.
"""

from django.utils.translation import gettext_lazy as _

from gcm_portal.bilingual import pick
from objectives.models import DisaggregationCategory, DisaggregationDimension

# What migration 0006 seeds: code, English label, then (code, English label) per category.
# The Arabic labels are the catalogue's translations of the same words at the time.
SEED = [
    ("sex", _("Sex"), [("female", _("Female")), ("male", _("Male"))]),
    (
        "age_group",
        _("Age group"),
        [
            ("0-17", _("0–17 years")),
            ("18-24", _("18–24 years")),
            ("25-59", _("25–59 years")),
            ("60+", _("60 years and over")),
        ],
    ),
    (
        "governorate",
        _("Governorate"),
        [
            ("anbar", _("Anbar")),
            ("babil", _("Babil")),
            ("baghdad", _("Baghdad")),
            ("basra", _("Basra")),
            ("dhi-qar", _("Dhi Qar")),
            ("diyala", _("Diyala")),
            ("duhok", _("Duhok")),
            ("erbil", _("Erbil")),
            ("halabja", _("Halabja")),
            ("karbala", _("Karbala")),
            ("kirkuk", _("Kirkuk")),
            ("maysan", _("Maysan")),
            ("muthanna", _("Muthanna")),
            ("najaf", _("Najaf")),
            ("ninewa", _("Ninewa")),
            ("qadisiyah", _("Qadisiyah")),
            ("salah-al-din", _("Salah al-Din")),
            ("sulaymaniyah", _("Sulaymaniyah")),
            ("wasit", _("Wasit")),
        ],
    ),
    (
        "migration_status",
        _("Migration status"),
        [
            ("returnee", _("Returnee")),
            ("idp", _("Internally displaced person")),
            ("refugee", _("Refugee")),
            ("asylum-seeker", _("Asylum seeker")),
            ("migrant-worker", _("Migrant worker")),
            ("stateless", _("Stateless person")),
            ("host-community", _("Host community")),
        ],
    ),
    (
        "disability",
        _("Disability"),
        [
            ("with-disability", _("With a disability")),
            ("without-disability", _("Without a disability")),
        ],
    ),
    (
        "nationality",
        _("Nationality"),
        [
            ("iraqi", _("Iraqi")),
            ("syrian", _("Syrian")),
            ("other", _("Other nationality")),
        ],
    ),
]


def categories_by_dimension() -> dict[str, list[tuple[str, str]]]:
    """Dimension code -> [(category code, label in the active language)], in order."""
    found = {}
    for category in DisaggregationCategory.objects.select_related("dimension").order_by(
        "dimension__position", "dimension__code", "position", "code"
    ):
        found.setdefault(category.dimension.code, []).append((category.code, category.label))
    return found


def dimension_labels() -> dict[str, str]:
    """Dimension code -> label in the active language, in order."""
    return {
        d.code: pick(d.label_en, d.label_ar)
        for d in DisaggregationDimension.objects.order_by("position", "code")
    }


def dimension_codes_ordered() -> list[str]:
    return list(DisaggregationDimension.objects.values_list("code", flat=True))


def dimension_codes() -> set[str]:
    return set(dimension_codes_ordered())


def dimension_label(code: str) -> str:
    return dimension_labels().get(code, code)


class Breakdowns:
    """Every dimension's label and categories, loaded once (one query) for a page, a form
    or a report that shows many breakdowns. A dimension with no category yet is left out:
    nothing can be broken down by it."""

    def __init__(self):
        self.dimensions, self.categories = {}, {}
        for category in DisaggregationCategory.objects.select_related("dimension").order_by(
            "dimension__position", "dimension__code", "position", "code"
        ):
            dimension = category.dimension
            self.dimensions[dimension.code] = dimension.label
            self.categories.setdefault(dimension.code, []).append((category.code, category.label))

    def category_label(self, dimension: str, category: str) -> str:
        return dict(self.categories.get(dimension, [])).get(category, category)

    def dimension_label(self, dimension: str) -> str:
        return self.dimensions.get(dimension, dimension)

    def category_codes(self, dimension: str) -> set[str]:
        return {code for code, _label in self.categories.get(dimension, [])}


def category_label(dimension: str, category: str) -> str:
    """One category's label (one query); use Breakdowns for many."""
    found = DisaggregationCategory.objects.filter(dimension__code=dimension, code=category).first()
    return found.label if found else category
