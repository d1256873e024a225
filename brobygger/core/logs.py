"""Request ids on every log record.

Imported by ``logging.config.dictConfig`` before Django's apps are loaded: no models here.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

# The id of the request this thread is serving; "-" outside a request (management
# commands, the task worker). Set by ``RequestIdMiddleware`` and kept until the response is
# closed, so that the lines Django writes after the middleware (``Not Found: ...``) carry it.
request_id: ContextVar[str] = ContextVar("brobygger_request_id", default="-")
# The X-Request-ID a trusted proxy sent (REQUEST_ID_TRUSTED_PROXIES), or "" for none: logged
# beside the server's own id so a line can be found from the proxy's log, never instead of it.
upstream_request_id: ContextVar[str] = ContextVar("brobygger_upstream_request_id", default="")


def forget_request_id(**kwargs: object) -> None:
    """Receiver of ``request_finished``: the thread serves no request any more."""
    request_id.set("-")
    upstream_request_id.set("")


class RequestIdFilter(logging.Filter):
    """Stamps each record with the current request's id (``RequestIdMiddleware`` sets it), and
    with the trusted proxy's id as ``upstream_request_id`` when there is one.

    Attach it to handlers, not loggers: a handler's filters see the records of every logger
    that propagates to it, a logger's only its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        upstream = upstream_request_id.get()
        if upstream and not hasattr(record, "upstream_request_id"):
            record.upstream_request_id = upstream
        return True
