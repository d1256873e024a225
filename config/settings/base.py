"""Settings shared by every environment; deployment-specific values come from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from .environment import database_from_env, env_bool, env_int, env_list, env_str
from .logging_config import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
FRONTEND_DIR = BASE_DIR / "frontend" / "node_modules"

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The key that encrypts CPR numbers at rest (Fernet, 32 url-safe base64 bytes).
# Several keys may be given, comma-separated: the first encrypts, all decrypt (rotation).
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "phonenumber_field",
    "template_partials",
    "axes",
    "csp",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "brobygger.core",
    "brobygger.accounts",
    "brobygger.partnerships",
    "brobygger.languages",
    "brobygger.outreach",
    "brobygger.people",
    "brobygger.audit",
    "brobygger.api",
    "brobygger.linkage",
    "brobygger.interventions",
    "brobygger.targetgroups",
    "brobygger.measures",
    "brobygger.documents",
    "brobygger.evaluation",
    "brobygger.reports",
    "brobygger.knowledge",
    "brobygger.partners",
    "brobygger.messaging",
    "brobygger.agreements",
    "brobygger.events",
    "brobygger.meetings",
    "brobygger.signup",
    "brobygger.cases",
    "brobygger.lists",
    "brobygger.privacy",
    "brobygger.demo",
    "brobygger.operations",
    "brobygger.start",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: the load balancer's probes skip the host and TLS checks, sessions and logs.
    "brobygger.operations.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "brobygger.core.middleware.RequestIdMiddleware",
    # A database outage in a view → the 503 page; in a middleware (sessions, the user) Django
    # answers through handler500, which gives the same page (brobygger.core.errors).
    "brobygger.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "brobygger.core.middleware.InterfaceLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store on everything a logged-in user gets (static files come earlier).
    "brobygger.core.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A role that requires two-factor login reaches nothing before it is set up and used.
    "brobygger.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "brobygger.audit.middleware.AccessLogMiddleware",
    # Axes last: it turns a lockout into its response after the auth views ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "brobygger" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "brobygger.start.context_processors.brobygger",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASES = {"default": database_from_env(BASE_DIR / "var" / "brobygger.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # OpenID Connect (optional): does nothing unless OIDC_* below are set.
    "brobygger.accounts.oidc.OidcBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling (django-axes): five wrong passwords for one user name lock that
# user name for 15 minutes. The Danish norm (FACTS F9) blocks the user, not the network.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks to lock by IP address too. A job centre's staff share one NAT address, so an
# IP lock would shut a whole office out after five typos; the user-name lock already stops
# guessing against any one account from any number of addresses.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "brobygger" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "brobygger_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Front-end packages come from npm (frontend/package.json) and are served straight from
# node_modules under a stable prefix; nothing third-party is copied into the repository.
STATICFILES_DIRS = [
    ("dkfds", FRONTEND_DIR / "dkfds" / "dist"),
    ("htmx", FRONTEND_DIR / "htmx.org" / "dist"),
    ("chartjs", FRONTEND_DIR / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Brobygger <noreply@brobygger.invalid>")

# Content Security Policy (django-csp 4): only our own origin, scripts need the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Access log retention (Danish norm, FACTS F9): six months unless configured otherwise.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 183)
# A user-day with more uses of personal data than this is flagged on the volumes page (or
# three times the median user-day, whichever is higher).
ACCESS_LOG_UNUSUAL_PER_DAY = env_int("ACCESS_LOG_UNUSUAL_PER_DAY", 200)
# The longest life of a personal API token, in days (shown when it is made).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
# A citizen waiting longer than this for a mentor is flagged on the volunteer coordinator's page.
MENTOR_WAIT_ALERT_DAYS = env_int("MENTOR_WAIT_ALERT_DAYS", 30)
# The nightly retention purge runs at this local hour (brobygger purge --schedule).
PURGE_HOUR = env_int("PURGE_HOUR", 2)
# The daily run that records tomorrow's session reminders (brobygger meetings remind --schedule).
MEETING_REMINDER_HOUR = env_int("MEETING_REMINDER_HOUR", 7)
# The daily e-mail of tasks due goes out at this local hour (brobygger tasks_digest --schedule),
# with links to this address (e.g. https://brobygger.viborg.dk; none when empty).
TASKS_DIGEST_HOUR = env_int("TASKS_DIGEST_HOUR", 6)
TASKS_DIGEST_BASE_URL = env_str("TASKS_DIGEST_BASE_URL", "")
# Quarterly reports: a municipality's report is due this many days after the quarter ends, and
# its leads are reminded this many days before (`brobygger report_reminders --schedule`).
REPORT_DEADLINE_DAYS = env_int("REPORT_DEADLINE_DAYS", 30)
REPORT_REMINDER_DAYS_BEFORE = env_int("REPORT_REMINDER_DAYS_BEFORE", 7)
# A bulk action on the people list takes at most this many people at once.
BULK_MAX_SELECTION = env_int("BULK_MAX_SELECTION", 1000)
# The daily count of each saved list is taken at this local hour (brobygger lists_snapshot
# --schedule).
LISTS_SNAPSHOT_HOUR = env_int("LISTS_SNAPSHOT_HOUR", 5)

# Organisation label: the 2025 reform replaces "jobcenteret" with "kommunen"; each
# installation names itself (FACTS F7). Shown in the header, never hard-coded in roles.
BROBYGGER_ORGANISATION_LABEL = env_str("BROBYGGER_ORGANISATION_LABEL", "Kommunen")

# Small numbers (measures.disclosure): a count from 1 to this minus one is shown as "<5" on
# every figure a role without person access sees, and the cells that would give it away are
# hidden too. The municipality's own staff with person access see its exact counts.
BROBYGGER_SMALL_NUMBER_THRESHOLD = env_int("BROBYGGER_SMALL_NUMBER_THRESHOLD", 5)

# The proxies (addresses or networks, as REMOTE_ADDR shows them) whose X-Request-ID is logged
# beside the server's own request id (production.py reads them from the environment). Nobody
# else's header is used: the request id in the logs and the access log is always the server's.
REQUEST_ID_TRUSTED_PROXIES: list[str] = []

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Plain text for a developer's terminal; production defaults to JSON lines (production.py).
LOGGING = logging_config(
    log_format=env_str("LOG_FORMAT", "plain"), level=env_str("LOG_LEVEL", "INFO")
)
FORM_RENDERER = "brobygger.core.forms.FormRenderer"

# Phone numbers (FACTS F4): Danish numbers with or without +45, stored as E.164.
PHONENUMBER_DEFAULT_REGION = "DK"
PHONENUMBER_DB_FORMAT = "E164"

# The method page's contact channels and adjusted comparison (measures.channels, .adjusted):
# "gone quiet" is no answer after this many attempts or no contact for this many days; a
# method with fewer people, or fewer people with or without the result, gets no adjusted
# rate; the figures are kept in the cache this many seconds unless the data change first.
BROBYGGER_GONE_QUIET_ATTEMPTS = env_int("BROBYGGER_GONE_QUIET_ATTEMPTS", 3)
BROBYGGER_GONE_QUIET_DAYS = env_int("BROBYGGER_GONE_QUIET_DAYS", 60)
BROBYGGER_ADJUSTED_MIN_PEOPLE = env_int("BROBYGGER_ADJUSTED_MIN_PEOPLE", 30)
BROBYGGER_ADJUSTED_MIN_EVENTS = env_int("BROBYGGER_ADJUSTED_MIN_EVENTS", 5)
BROBYGGER_METHOD_SECTIONS_CACHE_SECONDS = env_int("BROBYGGER_METHOD_SECTIONS_CACHE_SECONDS", 600)
# A large table's suppressed cells (a national method table) are kept this long under a digest
# of its figures (measures.disclosure.RememberedSheet): a changed figure is a new entry.
BROBYGGER_SUPPRESSION_CACHE_SECONDS = env_int("BROBYGGER_SUPPRESSION_CACHE_SECONDS", 24 * 3600)

# Lists and record linkage. Uploaded lists wait in IMPORT_ROOT (never served) until their
# import has finished; then the file is deleted.
IMPORT_ROOT = Path(env_str("IMPORT_ROOT", str(BASE_DIR / "var" / "imports")))
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50_000_000)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
LINK_MAX_BYTES = env_int("LINK_MAX_BYTES", 2_000_000_000)

# Documents attached to people, partners and agreements: stored in DOCUMENT_ROOT under random
# names (never served by the web server), read only through the application's own view.
DOCUMENT_ROOT = Path(env_str("DOCUMENT_ROOT", str(BASE_DIR / "var" / "documents")))
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10_000_000)
# The evaluator's pseudonymised extracts, made in the background: stored in EXTRACT_ROOT (never
# served by the web server), downloaded through the application's view, and deleted
# EXTRACT_RETENTION_DAYS after they were made (brobygger extracts_expire --schedule), at
# EXTRACT_EXPIRE_HOUR local time.
EXTRACT_ROOT = Path(env_str("EXTRACT_ROOT", str(BASE_DIR / "var" / "extracts")))
EXTRACT_RETENTION_DAYS = env_int("EXTRACT_RETENTION_DAYS", 7)
EXTRACT_EXPIRE_HOUR = env_int("EXTRACT_EXPIRE_HOUR", 3)
# The virus scan of uploads: ClamAV's daemon on a Unix socket or at a host; none when unset.
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
CLAMD_HOST = env_str("CLAMD_HOST", "")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)
# Pairs at or above MATCH are the same person; between REVIEW and MATCH a person decides.
LINKAGE_MATCH_THRESHOLD = 0.95
LINKAGE_REVIEW_THRESHOLD = 0.5
# The review queue teaches the model (linkage/learning.py): from this many decisions, with at
# least MIN_EACH "same" and "different", a municipality's imports estimate m from them,
# blended with the trained m as if it were WEIGHT labels.
LINKAGE_LEARN_MIN_LABELS = env_int("LINKAGE_LEARN_MIN_LABELS", 50)
LINKAGE_LEARN_MIN_EACH = env_int("LINKAGE_LEARN_MIN_EACH", 10)
LINKAGE_LEARN_WEIGHT = env_int("LINKAGE_LEARN_WEIGHT", 100)

# Text messages (README, "Text messages"). SMS_BACKEND names the backend by its dotted path:
# the console backend writes each message to SMS_CONSOLE_FILE (development, the demo);
# "brobygger.messaging.backends.gatewayapi.GatewayApiBackend" sends through GatewayAPI.
SMS_BACKEND = env_str("SMS_BACKEND", "brobygger.messaging.backends.console.ConsoleBackend")
SMS_CONSOLE_FILE = Path(env_str("SMS_CONSOLE_FILE", str(BASE_DIR / "var" / "sms" / "outbox.jsonl")))
# The secret GatewayAPI signs its webhooks with (a JWT in X-Gwapi-Signature); empty: every
# webhook is refused.
SMS_WEBHOOK_SECRET = env_str("SMS_WEBHOOK_SECRET")
# Longest message, in SMS parts (GSM-7: 153 characters a part, UCS-2: 67).
SMS_MAX_SEGMENTS = env_int("SMS_MAX_SEGMENTS", 6)
SMS_SEND_TIMEOUT = env_int("SMS_SEND_TIMEOUT", 10)
# Tries per message when the provider is down or slow, with a growing pause between them.
SMS_SEND_ATTEMPTS = env_int("SMS_SEND_ATTEMPTS", 4)
SMS_RETRY_SECONDS = env_int("SMS_RETRY_SECONDS", 60)
GATEWAYAPI_URL = env_str("GATEWAYAPI_URL", "https://gatewayapi.eu/rest/mtsms")
GATEWAYAPI_TOKEN = env_str("GATEWAYAPI_TOKEN")
GATEWAYAPI_SENDER = env_str("GATEWAYAPI_SENDER", "Jobcenter")

# Background work runs from the database queue: `brobygger db_worker` (started by `make run`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# English keeps Danish date conventions (day first, Monday first): brobygger/formats/en.
FORMAT_MODULE_PATH = ["brobygger.formats"]

# Two-factor login (django-otp, TOTP): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = "Brobygger"

# OpenID Connect login (mozilla-django-oidc), optional: shown and routed only when the client id
# and the provider's endpoints are all set (brobygger.accounts.oidc.oidc_enabled). Users are
# never created from a login: the claim OIDC_USERNAME_CLAIM ("email" matches the e-mail
# address, any other claim the user name) must name an existing active user.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_USE_NONCE = env_bool("OIDC_USE_NONCE", True)
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "email")
OIDC_CREATE_USER = False
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc:callback"
# The provider's own multi-factor login counts as the second factor when the ID token's `amr`
# holds one of these values, or its `acr` is one of these levels (NSIS Substantial or High,
# as MitID Erhverv through NemLog-in asserts). Otherwise a TOTP code is still asked for.
OIDC_MFA_AMR_VALUES = env_list("OIDC_MFA_AMR_VALUES", ["mfa"])
OIDC_MFA_ACR_VALUES = env_list(
    "OIDC_MFA_ACR_VALUES",
    [
        "https://data.gov.dk/concept/core/nsis/loa/Substantial",
        "https://data.gov.dk/concept/core/nsis/loa/High",
    ],
)
