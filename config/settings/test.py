"""Test settings: fast hashing, no network, deterministic keys."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-that-is-long-enough-for-django-checks-0123456789"
FIELD_ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS1mb3ItY3ByLWJyb2J5Z2dlciE="
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_COOKIE_SECURE = False
# Serve static files straight from the finders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# Background tasks run at once, inside the request that enqueues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
IMPORT_ROOT = Path(tempfile.mkdtemp(prefix="brobygger-test-imports-"))
DOCUMENT_ROOT = Path(tempfile.mkdtemp(prefix="brobygger-test-documents-"))
EXTRACT_ROOT = Path(tempfile.mkdtemp(prefix="brobygger-test-extracts-"))
SMS_CONSOLE_FILE = Path(tempfile.mkdtemp(prefix="brobygger-test-sms-")) / "outbox.jsonl"
SMS_WEBHOOK_SECRET = "test-webhook-secret-0123456789abcdef"
SMS_RETRY_SECONDS = 0
