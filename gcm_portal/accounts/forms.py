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


class AuthenticatorSetupForm(SecondFactorCodeForm):
    """A code from the new authenticator; when it replaces one, a code from the current one
    (or a recovery code) too."""

    current_code = forms.CharField(
        label=_("Code from your current authenticator, or a recovery code"),
        max_length=32,
        strip=True,
        required=False,
    )

    def __init__(self, *args, replacing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.replacing = replacing
        if replacing:
            self.fields["current_code"].required = True
            self.fields["current_code"].error_messages["required"] = _(
                "Enter a code from your current authenticator, or one of your recovery codes."
            )
