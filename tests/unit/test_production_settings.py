"""Production settings: `check --deploy` is clean, and HTTPS turns on the strict cookies.

Each case runs in a fresh interpreter with the environment production would have.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    # 64 random-looking characters, as `python -c "import secrets; ..."` makes.
    "SECRET_KEY": "q8Zk3v0Jw5mR1tY7uP2sX9cL4nB6hG0dF3aE8yW1iO5rT7uQ2zM4xN6vC9bK1jH3",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "STATIC_MANIFEST": "false",
}


def run(tmp_path, arguments: list[str], **env) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "HTTPS", "CI"}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "gcm_portal.settings", "DATA_DIR": str(tmp_path)})
    clean.update(PRODUCTION)
    clean.update(env)
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_check_deploy_prints_no_warning_under_production_settings(tmp_path):
    result = run(tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_warn_when_https_is_turned_off(tmp_path):
    # The check is not silenced: plain HTTP in production is reported.
    result = run(tmp_path, ["manage.py", "check", "--deploy"], HTTPS="false")
    assert "security.W004" in result.stderr and "security.W012" in result.stderr


PRINT = """
import json
from django.conf import settings
names = [
    "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "LANGUAGE_COOKIE_NAME", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_AGE",
    "SESSION_IDLE_SECONDS", "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN",
]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def test_production_cookies_are_host_only_secure_and_http_only(tmp_path):
    result = run(tmp_path, ["-c", PRINT])
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["LANGUAGE_COOKIE_NAME"] == "__Host-language"
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["LANGUAGE_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    # `__Host-` cookies must have no Domain attribute.
    assert values["SESSION_COOKIE_DOMAIN"] is None and values["CSRF_COOKIE_DOMAIN"] is None
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_AGE"] == 12 * 3600 and values["SESSION_IDLE_SECONDS"] == 1800
