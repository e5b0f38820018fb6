from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct. Check both and try again."),
        "inactive": _("This account is not active."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class TokenForm(forms.Form):
    """One code from the authenticator app (6 digits) or one backup code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        error_messages={"required": _("Enter the code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).lower()
        if not token.isalnum():
            raise forms.ValidationError(_("A code consists of digits (app) or letters and digits (backup code)."))
        return token
