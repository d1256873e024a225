"""PDF documents (posters, letters, reports) from templates, with WeasyPrint.

Nothing is fetched over the network: static files are read from the static finders, and
any other address is refused."""

from __future__ import annotations

import mimetypes
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.urls import URLFetcher

BASE_URL = "https://brobygger.invalid/"


@cache
def static_only_fetcher() -> type[URLFetcher]:
    """The fetcher class, made when the first PDF is: WeasyPrint (with Pango and its fonts)
    takes about 0.4 s to import, and most processes (commands, tasks) never lay out a page."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves /static/ from the finders and ``data:`` URLs; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
            if url.startswith(prefix):
                found = finders.find(url.removeprefix(prefix).split("?")[0])
                if isinstance(found, str):
                    mime_type, _encoding = mimetypes.guess_type(found)
                    return URLFetcherResponse(
                        url,
                        Path(found).read_bytes(),
                        {"Content-Type": mime_type or "application/octet-stream"},
                    )
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"PDF rendering does not fetch {url!r}")

    return StaticOnlyFetcher


def render_document(
    template: str, context: dict[str, Any], request: HttpRequest | None = None
) -> weasyprint.Document:
    """The laid-out pages, before they are written as a PDF (tests read the layout)."""
    import weasyprint

    html = render_to_string(template, context, request=request)
    fetcher = static_only_fetcher()()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.render()


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    return bytes(render_document(template, context, request).write_pdf())


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Letters, cards and reports: nothing that names a person is kept in a shared cache.
    response["Cache-Control"] = "no-store"
    return response
