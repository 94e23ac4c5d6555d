"""PlainSelect writes the same select as Django's, without a template per option."""

from django import forms
from django.test.html import parse_html

from reporting.forms import PlainSelect

CHOICES = [("", "All"), ("2.1", "2.1 Labour <mobility> & “rights”"), ("3.4", "3.4 العودة")]


class Plain(forms.Form):
    action = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect)


class Django(forms.Form):
    action = forms.ChoiceField(choices=CHOICES, required=False)


def test_the_same_html_as_django_s_select_chosen_or_not():
    for data in ({}, {"action": "2.1"}, {"action": "3.4"}):
        plain, django = Plain(data or None), Django(data or None)
        assert parse_html(str(plain["action"])) == parse_html(str(django["action"]))
    assert "&lt;mobility&gt; &amp;" in str(Plain()["action"])
