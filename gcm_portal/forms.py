"""How the project's forms render: Django's own form templates, with the project's overrides
(templates/forms/) first. Text boxes take their direction from what is typed in them
(`dir="auto"`: Arabic right to left, English left to right, whatever the interface's
language) unless a form sets a direction, as the report forms do from the language chosen."""

from functools import cached_property
from pathlib import Path

import django.forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates


class PortalFormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(settings.BASE_DIR) / "templates" / "forms",
                    Path(django.forms.__file__).parent / "templates",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
