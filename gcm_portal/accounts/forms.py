from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gcm_portal.accounts.throttling import seconds_to_wait, wait_message


class SignInForm(AuthenticationForm):
    """The sign-in form, refusing early attempts after repeated failures (throttling.py)."""

    wait_seconds = 0

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        self.wait_seconds = seconds_to_wait(self.request, username) if self.request else 0
        if self.wait_seconds:
            raise forms.ValidationError(wait_message(self.wait_seconds), code="throttled")
        return super().clean()


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        error_messages={"required": _("Enter the code.")},
    )
