"""The account security page tells the holder of an API token when it expires."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from gcm_portal import dates

pytestmark = pytest.mark.django_db


def security_page(user, language: str = "en") -> str:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    response = client.get(reverse("account_security"))
    assert response.status_code == 200
    return response.content.decode()


def token_made_ago(user, age: datetime.timedelta) -> Token:
    token = Token.objects.create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - age)
    return Token.objects.get(pk=token.pk)


def shown(moment: datetime.datetime) -> str:
    return dates.format_date_time(moment, "en")


def test_without_a_token_the_page_says_so_and_how_to_get_one(alice):
    page = security_page(alice)
    assert "You have no API token." in page and "/api/v1/auth/token/" in page
    assert "Your API token expires" not in page


def test_the_page_says_when_the_token_expires(settings, alice):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    token = token_made_ago(alice, datetime.timedelta(days=10))
    expires_at = token.created + datetime.timedelta(days=30)
    assert f"Your API token expires on {shown(expires_at)}." in security_page(alice)


def test_the_page_says_when_the_token_expired(settings, alice):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    token = token_made_ago(alice, datetime.timedelta(days=31))
    expires_at = token.created + datetime.timedelta(days=30)
    page = security_page(alice)
    assert f"Your API token expired on {shown(expires_at)}." in page
    assert "Get a new one" in page


def test_the_page_says_it_in_arabic(alice):
    token_made_ago(alice, datetime.timedelta(days=1))
    page = security_page(alice, "ar")
    assert "تنتهي صلاحية رمز الوصول إلى API الخاص بك في" in page
    assert "Your API token" not in page
