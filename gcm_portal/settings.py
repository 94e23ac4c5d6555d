"""Settings for the GCM Progress Portal, read from environment variables.

The defaults run the embedded configuration: a SQLite file and a Celery broker on the file
system, both under DATA_DIR. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS (see docs/operations.md and .env.example).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"  # noqa: S105


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_networks(name: str, default: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated addresses and CIDR networks; refuses to start on anything else."""
    networks = []
    for item in env_list(name, default):
        try:
            network = ipaddress.ip_network(item)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or a network ({error}). "
                f"Write addresses (172.30.0.10) or networks (172.30.0.0/24), comma separated."
            ) from None
        if network.prefixlen == 0:
            raise ImproperlyConfigured(
                f"{name}: {item!r} would trust every address on the internet. List only the "
                f"reverse proxies' own addresses."
            )
        networks.append(network)
    return networks


DEBUG = env_bool("DEBUG")
SECRET_KEY = env("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

if not DEBUG:
    # Refuse to start rather than run production with guessable or permissive settings.
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (and ALLOWED_HOSTS) for production, "
            "or DEBUG=true for development."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is empty. Set ALLOWED_HOSTS to the portal's host names, "
            "or DEBUG=true for development."
        )

DATA_DIR = Path(env("DATA_DIR") or BASE_DIR / "var")
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "gcm_portal.accounts",
    "gcm_portal.audit",
    "objectives",
    "reporting",
    "portal",
]

MIDDLEWARE = [
    # First: drops X-Forwarded-* unless the request came from a trusted proxy, before
    # SecurityMiddleware reads X-Forwarded-Proto.
    "gcm_portal.middleware.ProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Under /api/, Accept-Language before the language cookie.
    "gcm_portal.middleware.ApiLanguageMiddleware",
    # Before anything reads the session, the user or the body; after the language, so the
    # 400 is in the request's language.
    "gcm_portal.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gcm_portal.audit.middleware.AuditMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: both sign the user out or send them on with a message.
    "gcm_portal.accounts.middleware.SessionLimitsMiddleware",
    "gcm_portal.accounts.middleware.TwoFactorRequiredMiddleware",
    # A rule's error a page view did not catch: its status and message, not a 500.
    "gcm_portal.errors.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the "locked" answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gcm_portal.urls"
WSGI_APPLICATION = "gcm_portal.wsgi.application"

# Pages are HTML, escaped; every `.txt` template (the e-mails) is plain text, never escaped
# (gcm_portal/templating.py). The HTML engine stays first: it is Django's default.
# Text boxes read their direction from what is typed in them (gcm_portal/forms.py).
FORM_RENDERER = "gcm_portal.forms.PortalFormRenderer"

TEMPLATES = [
    {
        "NAME": "django",
        "BACKEND": "gcm_portal.templating.HtmlTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gcm_portal.accounts.context_processors.partial_sign_in",
                "reporting.context_processors.can",
            ],
        },
    },
    {
        "NAME": "text",
        "BACKEND": "gcm_portal.templating.TextTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
    },
]

# Database: PostgreSQL when DATABASE_URL is set, otherwise a SQLite file.
if env("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            env("DATABASE_URL"), conn_max_age=600, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            # The web server and the worker write to one file: WAL lets them read while the
            # other writes, and IMMEDIATE transactions queue writers instead of failing.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file (not memory) so worker processes started by tests can share it; one per
            # test run, so runs side by side never share a database.
            "TEST": {"NAME": DATA_DIR / f"test-db-{os.getpid()}.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses while an account or address is locked out, and counts failures.
    "axes.backends.AxesStandaloneBackend",
    "gcm_portal.accounts.backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Arabic month names on pages and in reports: "iraqi" (كانون الثاني، شباط…, the default) or
# "egyptian" (يناير، فبراير…). See gcm_portal/dates.py.
ARABIC_MONTH_NAMES = env("ARABIC_MONTH_NAMES", "iraqi")
if ARABIC_MONTH_NAMES not in ("iraqi", "egyptian"):
    raise ImproperlyConfigured('ARABIC_MONTH_NAMES must be "iraqi" or "egyptian".')
TIME_ZONE = "Asia/Baghdad"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or DATA_DIR / "media")
# Hashed, compressed static files need `collectstatic`; development and tests serve the
# files as they are.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# The API (/api/v1/, gcm_portal/api_urls.py): sessions for the browser, tokens for scripts;
# nothing is open without signing in. Errors share one shape (gcm_portal/api/errors.py).
REST_FRAMEWORK = {
    # Token first, so a request without credentials gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gcm_portal.accounts.api.authentication.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "gcm_portal.api.negotiation.JsonUnlessAsked",
    "DEFAULT_PAGINATION_CLASS": "gcm_portal.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["gcm_portal.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "gcm_portal.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "gcm_portal.api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# An API token works for this many days after it was made; then its holder asks for a new
# one (gcm_portal/accounts/tokens.py).
try:
    API_TOKEN_LIFETIME_DAYS = int(env("API_TOKEN_LIFETIME_DAYS") or "90")
except ValueError:
    API_TOKEN_LIFETIME_DAYS = 0
if API_TOKEN_LIFETIME_DAYS < 1:
    raise ImproperlyConfigured(
        "API_TOKEN_LIFETIME_DAYS must be a whole number of days, 1 or more."
    )
SPECTACULAR_SETTINGS = {
    "TITLE": "GCM Progress Portal API",
    "DESCRIPTION": (
        "Progress reports on the Global Compact for Migration: the frameworks reported against, "
        "submissions and their review, evidence, and compiled reports. Authenticate with a "
        "session (the browser) or `Authorization: Bearer <token>` (POST /api/v1/auth/token/). "
        "Every error has the shape "
        '`{"error": {"code": "...", "message": "...", "fields": {"name": ["..."]}}}`.'
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gcm_portal.api.schema.name_blank_choices",
        "gcm_portal.api.schema.describe_for_tools",
    ],
    # Paths in the schema start with /api/v1/: the server is wherever the schema was read.
    "SERVERS": [{"url": "/", "description": "This portal"}],
    "CONTACT": {"name": "The portal's administrators"},
    "ENUM_NAME_OVERRIDES": {
        "SubmissionStateEnum": "reporting.models.Submission.State",
        "SubjectKindEnum": "reporting.models.Submission.SubjectKind",
        "CycleStateEnum": "reporting.models.ReviewCycle.State",
        "ReportKindEnum": "reporting.models.ReportEdition.Kind",
        "GovernmentOrCsoEnum": ["government", "cso"],
        "EditionStateEnum": "reporting.models.ReportEdition.State",
        "EditionModeEnum": "reporting.models.ReportEdition.Mode",
        "OrganisationKindEnum": "gcm_portal.accounts.models.Organisation.Kind",
        "IndicatorKindEnum": "objectives.models.Indicator.Kind",
        "StrategyActionStatusEnum": "objectives.models.StrategyAction.Status",
        "ImplementationStatusEnum": "reporting.models.Submission.ImplementationStatus",
        "LanguageEnum": [("en", "English"), ("ar", "العربية")],
        "TransitionActionEnum": ["submit", "withdraw", "return", "approve", "reopen"],
        "PledgeKindEnum": "reporting.models.Pledge.Kind",
        "PledgeFormEnum": "reporting.models.Pledge.Form",
        "PledgeUpdateStatusEnum": "reporting.models.PledgeUpdate.Status",
    },
}

# Mail: SMTP when EMAIL_HOST is set, otherwise printed to the console.
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "GCM Progress Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people use to reach the portal, for links in e-mails.
PORTAL_URL = env("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# Security (docs/operations.md, "Security settings"). HTTPS is on outside DEBUG unless
# HTTPS=false (only for a portal reached over plain HTTP on one machine, as the tests do).
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if HTTPS:
    # `__Host-` cookies are sent only over HTTPS, for this exact host and every path.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # The load balancer's health check comes over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if not DEBUG:
    # TLS ends at the reverse proxy, which says so in this header (and must overwrite it).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies in front of the portal. Only a connection from one of these addresses
# may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is and that it used HTTPS
# (gcm_portal/client_ip.py); from anywhere else those headers are dropped, since the
# sender could write anything there and slip past the per-address sign-in throttle. Default:
# a proxy on the same host. Empty: no proxy, the connecting address always counts.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", "127.0.0.0/8,::1")
if env("TRUSTED_PROXY_COUNT"):
    # It trusted the header from whoever connected; refuse rather than silently ignore it.
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is no longer read. Set TRUSTED_PROXIES to the address of the "
        "reverse proxy in front of the portal (see docs/operations.md) and remove "
        "TRUSTED_PROXY_COUNT."
    )

# Sessions end after 30 minutes without a request and 12 hours after signing in
# (gcm_portal/accounts/middleware.py); signing out deletes the session on the server.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

# Content-Security-Policy (django-csp): no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# Two-factor authentication (django-otp): TOTP with recovery codes, required for reviewers,
# coordinators and administrators (gcm_portal/accounts/two_factor.py).
OTP_TOTP_ISSUER = "GCM Progress Portal"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Sign-in throttling (django-axes, failures kept in the database so every process and host
# counts the same): from the third failure on an account or from an address, each attempt
# waits longer (gcm_portal/accounts/throttling.py); the tenth locks it for 15 minutes.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "gcm_portal.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "gcm_portal.accounts.views.locked_out_response"
AXES_VERBOSE = False

# Celery: Redis when REDIS_URL is set, otherwise a broker on the file system that needs no
# server, so `make run` starts a real worker process beside the web server.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_DIR = DATA_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # A broker that cannot be reached or hangs answers within seconds, not minutes.
        "socket_connect_timeout": 2,
        "socket_timeout": 2,
    }
else:
    for folder in ("queue", "processed", "control", "results"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{CELERY_BROKER_DIR / 'results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process whose memory passed this after a task is replaced by a fresh one, so that the
# memory a long compile left behind is not carried into the next (docs/operations.md).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("WORKER_MAX_MEMORY_MIB", "768")) * 1024
# Hard limit below the broker's visibility timeout, so a task is never redelivered while it
# is still running.
CELERY_TASK_TIME_LIMIT = 1800
CELERY_TASK_SOFT_TIME_LIMIT = 1500
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A running report compile refreshes its heartbeat every REPORT_HEARTBEAT_SECONDS from a thread
# of its own; the sweep takes over a compile whose heartbeat is older than
# REPORT_DEAD_AFTER_SECONDS (reporting/compilation.py). Six missed heartbeats, so that a database
# that answers slowly for a while, or layout work that keeps the thread waiting, is not taken
# for a death; short enough that, with the sweep every minute, a compile whose worker died is
# picked up within two minutes.
REPORT_HEARTBEAT_SECONDS = 10
REPORT_DEAD_AFTER_SECONDS = 60
# A report with at least this many approved contributions is compiled in parts, laid out by
# several workers at once (reporting/pdf/parts.py; measured in docs/performance.md).
REPORT_PARTS_FROM = int(os.environ.get("REPORT_PARTS_FROM", "300"))
# Laid-out parts are kept for reuse up to this many bytes in all.
REPORT_PART_CACHE_BYTES = int(os.environ.get("REPORT_PART_CACHE_BYTES", str(2 * 1024**3)))
CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {
        "task": "reporting.tasks.send_deadline_reminders",
        "schedule": 6 * 3600,
    },
    # Also sent by every worker when it starts (reporting/tasks.py).
    "requeue-stuck-report-editions": {
        "task": "reporting.tasks.requeue_stuck_editions",
        "schedule": 60,
    },
    # E-mails whose task could not be queued (the broker was down) are sent once it is back.
    "send-pending-notifications": {
        "task": "reporting.tasks.send_pending_notifications",
        "schedule": 5 * 60,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; its warnings still show.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        # django-axes logs every sign-in at INFO; the audit log keeps what matters.
        "axes": {"level": "WARNING"},
    },
}
