"""Production settings for the long suites' servers (gunicorn, the task worker) on loopback.

Everything is `config.settings.production` (DEBUG off, the real password hasher, the database
task queue, the same middleware), except what assumes TLS in front: the suites talk plain
HTTP to 127.0.0.1, where a client never sends a cookie marked Secure. The secrets
(SECRET_KEY, FIELD_ENCRYPTION_KEY) and ALLOWED_HOSTS come from the environment as in
production; SECURE_SSL_REDIRECT=false is set there too.
"""

from config.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
