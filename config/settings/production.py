"""Production: everything secret comes from the environment; refuses to start without it."""

from .base import *  # noqa: F403
from .base import DEBUG, FIELD_ENCRYPTION_KEY, SECRET_KEY
from .environment import ConfigurationError, env_bool, env_int, env_networks, env_str
from .logging_config import logging_config

if DEBUG:
    raise ConfigurationError("DEBUG must be off in production")
if len(SECRET_KEY) < 50:
    raise ConfigurationError("SECRET_KEY must be set to at least 50 random characters")
if not FIELD_ENCRYPTION_KEY:
    raise ConfigurationError("FIELD_ENCRYPTION_KEY must be set (see README: Configuration)")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# TLS is terminated at the load balancer, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# The load balancer's addresses: its X-Request-ID is logged as ``upstream_request_id``.
REQUEST_ID_TRUSTED_PROXIES = env_networks("REQUEST_ID_TRUSTED_PROXIES")

# JSON lines on stdout for the log collector, each with its request id (docs/operations.md).
LOGGING = logging_config(
    log_format=env_str("LOG_FORMAT", "json"), level=env_str("LOG_LEVEL", "INFO")
)
