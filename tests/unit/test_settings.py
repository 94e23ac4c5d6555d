"""The settings module: database and broker switch, and the refusals with DEBUG off.

Each case imports the settings in a fresh interpreter, since settings are read once at start.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "conn_max_age": db.get("CONN_MAX_AGE"),
    "health_checks": db.get("CONN_HEALTH_CHECKS"), "broker": settings.CELERY_BROKER_URL,
    "serializer": settings.CELERY_TASK_SERIALIZER, "accept": settings.CELERY_ACCEPT_CONTENT,
    "email": settings.EMAIL_BACKEND, "debug": settings.DEBUG,
    "trusted_proxies": [str(network) for network in settings.TRUSTED_PROXIES],
    "token_days": settings.API_TOKEN_LIFETIME_DAYS,
}))
"""


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "EMAIL_HOST",
            "TRUSTED_PROXIES",
            "TRUSTED_PROXY_COUNT",
            "API_TOKEN_LIFETIME_DAYS",
        }
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "gcm_portal.settings", "DATA_DIR": str(tmp_path)})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_for(tmp_path, **env) -> dict:
    result = load_settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_file_and_embedded_broker_by_default(tmp_path):
    loaded = settings_for(tmp_path, DEBUG="true")
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == str(tmp_path / "db.sqlite3")
    assert loaded["broker"] == "filesystem://"
    assert (tmp_path / "broker" / "queue").is_dir()
    assert loaded["email"] == "django.core.mail.backends.console.EmailBackend"


def test_postgresql_and_redis_when_their_urls_are_set(tmp_path):
    loaded = settings_for(
        tmp_path,
        DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/gcm_portal",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_HOST="smtp.example.org",
    )
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "gcm_portal"
    assert loaded["conn_max_age"] == 600 and loaded["health_checks"] is True
    assert loaded["broker"] == "redis://127.0.0.1:6379/0"
    assert loaded["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_celery_serialises_json_only(tmp_path):
    loaded = settings_for(tmp_path, DEBUG="true")
    assert loaded["serializer"] == "json" and loaded["accept"] == ["json"]


def test_debug_is_off_unless_asked_for(tmp_path):
    loaded = settings_for(tmp_path, SECRET_KEY="s" * 50, ALLOWED_HOSTS="portal.example.org")
    assert loaded["debug"] is False


def test_api_tokens_last_90_days_unless_configured(tmp_path):
    assert settings_for(tmp_path, DEBUG="true")["token_days"] == 90
    assert settings_for(tmp_path, DEBUG="true", API_TOKEN_LIFETIME_DAYS="")["token_days"] == 90
    configured = settings_for(tmp_path, DEBUG="true", API_TOKEN_LIFETIME_DAYS="30")
    assert configured["token_days"] == 30


@pytest.mark.parametrize("days", ["0", "-5", "ninety", "1.5"])
def test_a_token_lifetime_that_is_not_a_positive_whole_number_refuses_to_start(tmp_path, days):
    result = load_settings(tmp_path, DEBUG="true", API_TOKEN_LIFETIME_DAYS=days)
    assert result.returncode != 0
    assert "API_TOKEN_LIFETIME_DAYS must be a whole number of days" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "portal.example.org"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "s" * 50}, "ALLOWED_HOSTS is empty"),
        ({"DEBUG": "false", "ALLOWED_HOSTS": "portal.example.org"}, "SECRET_KEY is not set"),
    ],
)
def test_production_refuses_to_start_with_development_settings(tmp_path, env, message):
    result = load_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_only_a_proxy_on_the_same_host_is_trusted_by_default(tmp_path):
    loaded = settings_for(tmp_path, DEBUG="true")
    assert loaded["trusted_proxies"] == ["127.0.0.0/8", "::1/128"]


def test_trusted_proxies_are_addresses_and_networks(tmp_path):
    loaded = settings_for(tmp_path, DEBUG="true", TRUSTED_PROXIES=" 172.30.0.10, fd00::/64 ,")
    assert loaded["trusted_proxies"] == ["172.30.0.10/32", "fd00::/64"]
    # Set but empty: no proxy, the connecting address always counts.
    assert settings_for(tmp_path, DEBUG="true", TRUSTED_PROXIES="")["trusted_proxies"] == []


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRUSTED_PROXIES": "proxy.internal"}, "'proxy.internal' is not an IP address"),
        ({"TRUSTED_PROXIES": "172.30.0.10/24"}, "has host bits set"),
        ({"TRUSTED_PROXIES": "172.30.0.10,0.0.0.0/0"}, "would trust every address"),
        ({"TRUSTED_PROXIES": "::/0"}, "would trust every address"),
        # The old setting trusted X-Forwarded-For from whoever connected.
        ({"TRUSTED_PROXY_COUNT": "1"}, "TRUSTED_PROXY_COUNT is no longer read"),
    ],
)
def test_a_wrong_proxy_setting_refuses_to_start(tmp_path, env, message):
    result = load_settings(tmp_path, DEBUG="true", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def run_manage(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
        }
    }
    clean.update({"DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_manage_py_in_an_unconfigured_checkout_runs_in_development_mode(tmp_path):
    result = run_manage(tmp_path, "check")
    assert result.returncode == 0, result.stderr


def test_manage_py_with_production_settings_still_refuses_what_is_missing(tmp_path):
    result = run_manage(tmp_path, "check", SECRET_KEY="s" * 50)
    assert result.returncode != 0 and "ALLOWED_HOSTS is empty" in result.stderr
