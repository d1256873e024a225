"""Local development: `make run`. Debug on, console e-mail, a fixed development key."""

from .base import *  # noqa: F403
from .environment import env_list, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-not-for-production-5b0f9c1e2d7a4c6e8f1")
# A fixed development key so `make run` works out of the box; production must set its own.
FIELD_ENCRYPTION_KEY = env_str(
    "FIELD_ENCRYPTION_KEY", "ZGV2LW9ubHkta2V5LWZvci1jcHItYnJvYnlnZ2VyISE="
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
LANGUAGE_COOKIE_SECURE = False
# The product's 404 page for a view's Http404 (a page outside the user's role), as in
# production; tracebacks and the URL list for unmatched addresses stay (core.middleware).
MIDDLEWARE = [*MIDDLEWARE, "brobygger.core.middleware.ProductNotFoundMiddleware"]  # noqa: F405
