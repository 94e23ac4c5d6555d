"""The categories an indicator value can be broken down by, per dimension."""

from django.utils.translation import gettext_lazy as _

CATEGORIES = {
    "sex": [("female", _("Female")), ("male", _("Male"))],
    "age_group": [
        ("0-17", _("0–17 years")),
        ("18-24", _("18–24 years")),
        ("25-59", _("25–59 years")),
        ("60+", _("60 years and over")),
    ],
    "governorate": [
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
    "migration_status": [
        ("returnee", _("Returnee")),
        ("idp", _("Internally displaced person")),
        ("refugee", _("Refugee")),
        ("asylum-seeker", _("Asylum seeker")),
        ("migrant-worker", _("Migrant worker")),
        ("stateless", _("Stateless person")),
        ("host-community", _("Host community")),
    ],
}


def category_label(dimension: str, category: str) -> str:
    return str(dict(CATEGORIES.get(dimension, [])).get(category, category))
