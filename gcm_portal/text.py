"""Hygiene for the text people type: bidi controls out of short fields.

The embedding and override controls (U+202A-U+202E) and the isolates (U+2066-U+2069) change
how the text around them is shown: `report<U+202E>fdp.exe` reads as `reportexe.pdf`, and an
organisation name can be made to show as another. Nobody types them on purpose in a name, a
title, a unit or a source; they are removed from every such field (ShortTextField) whichever
way it is written: forms, the API, the admin, imports, `update()` and `bulk_create()`.
The pages and the PDF isolate what they show themselves (`<bdi>`, `dir="auto"`).
"""

import re

from django.db import models

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(value):
    """The text without embedding, override and isolate controls (anything else unchanged)."""
    if isinstance(value, str):
        return BIDI_CONTROLS.sub("", value)
    return value


class ShortTextField(models.CharField):
    """A CharField for names, titles and other short text people type: bidi controls removed
    on the way in and on the way to the database."""

    def to_python(self, value):
        return without_bidi_controls(super().to_python(value))

    def get_prep_value(self, value):
        return without_bidi_controls(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = without_bidi_controls(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
