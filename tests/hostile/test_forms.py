"""Hostile input in every form of every page, for every role that reaches it.

For each role (Alice, caseworker; Lene, municipal lead; Bob, volunteer coordinator; Viborg's
data protection officer; Kim, coordinator; Eva, evaluator; Ada, administrator; and an anonymous
visitor, who reaches the public sign-up and interest forms) the walk GETs every URL pattern of
the project with objects the role may see (``tests/urlwalk.py``), reads every form of the page
and sends it:

* ``hostile``: every field from the corpus (``corpus.py``, cycled so that every entry is used),
  hidden fields included; selects get their first option, boxes are ticked;
* ``probe``: the form as the page filled it, blanks filled with plausible values, and a script
  payload in every free-text field, so that something is stored; the page it leads to is read;
* ``raw``: every text field as bytes that are not UTF-8, urlencoded or multipart by turns.

A POST form is sent in these three ways, a GET form (search) in the hostile one. No answer may be
a server error. Every HTML answer, and afterwards every page again, must show stored text only
escaped: no payload as markup, no event-handler attribute, no javascript: URL; so must, for
the anonymous walk, the review queue and people pages where staff read what the public forms
stored. The documents (PDF, ...) of every object a form changed must still be made. Every CSV
and XLSX answer (and every CSV in a ZIP answer) must neutralise formula cells. The figures go to
``test-artifacts/hostile-summary.json``.
"""

from __future__ import annotations

import csv
import io
import itertools
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.models import Membership, Role, User
from brobygger.core.exports import FORMULA_PREFIXES
from brobygger.events.models import ScheduledMeeting
from brobygger.knowledge.models import MethodEntry
from brobygger.outreach.models import OutreachActivity, OutreachMethod
from brobygger.partners.models import Organisation, Volunteer
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.targetgroups.models import TargetGroupDefinition
from brobygger.testing import PASSWORD, Cast
from tests.artifacts import add_to_summary
from tests.urlwalk import NOT_OBJECTS, VIBORG_OBJECTS, _viborg_event, _viborg_participant, all_urls

from .corpus import CORPUS, MARKER, RAW_BYTES, XSS
from .html import Field, Form, page_forms, unescaped_markup

pytestmark = pytest.mark.django_db

ROLES = ["alice", "lene", "bob", "dpo", "kim", "eva", "ada", "anonymous"]
# Roles whose pages have so many text fields that the walk uses the whole corpus.
WHOLE_CORPUS = {"alice", "lene", "bob"}
# Answers that are documents, not pages: read once, not again after the posts.
DOCUMENTS = ("application/pdf", "image/", "text/calendar", "application/vnd.openxml")
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CAMPAIGN_CODE = "HSTL2345"


def _user(cast: Cast, role: str) -> User | None:
    if role == "anonymous":
        return None
    if role == "dpo":
        user = User.objects.create_user(username="dpo-791", password=PASSWORD)
        Membership.objects.create(
            user=user, role=Role.DATA_PROTECTION_OFFICER, municipality=cast.viborg
        )
        return user
    return getattr(cast, role)


def _own_kwargs(cast: Cast, name: str, arguments: tuple[str, ...]) -> dict[str, Any]:
    """Objects of Viborg (fresh ones for every URL), in the partnership the cast shares."""
    kwargs: dict[str, Any] = {}
    event = _viborg_event(cast) if "event_id" in arguments else None
    for argument in arguments:
        if argument == "partnership_id":
            kwargs[argument] = cast.partnership.pk
        elif argument == "code":
            kwargs[argument] = CAMPAIGN_CODE if name.startswith("public:") else cast.viborg.code
        elif argument == "event_id" and event is not None:
            kwargs[argument] = event.pk
        elif argument == "participant_id" and event is not None:
            kwargs[argument] = _viborg_participant(cast, event).pk
        elif argument == "scheduled_meeting_id" and event is not None:
            kwargs[argument] = ScheduledMeeting.objects.create(
                event=event,
                round=1,
                table=1,
                association=_viborg_participant(cast, event),
                company=_viborg_participant(cast, event, "company"),
            ).pk
        elif argument == "entry_id":
            kwargs[argument] = MethodEntry.objects.create(
                partnership=cast.partnership, title="Madklub", summary="Hver tirsdag."
            ).pk
        elif argument == "definition_id":
            kwargs[argument] = TargetGroupDefinition.objects.create(
                partnership=cast.partnership, name="Alle", valid_from=date(2026, 1, 1)
            ).pk
        elif argument in NOT_OBJECTS:
            kwargs[argument] = NOT_OBJECTS[argument]
        else:
            kwargs[argument] = VIBORG_OBJECTS[argument](cast)
    return kwargs


class Walk:
    """One role's walk: the client, the corpus cycle, the counts and the problems found."""

    def __init__(self, client: Client, user: User | None, role: str) -> None:
        self.client, self.user, self.role = client, user, role
        self.device: TOTPDevice | None = None
        self._session = ""
        self.used: set[int] = set()
        self._corpus = itertools.cycle(range(len(CORPUS)))
        self._xss = itertools.cycle(XSS)
        self._raw = itertools.cycle(RAW_BYTES)
        self._address = itertools.count(1)
        self.counts: Counter[str] = Counter()
        self.problems: list[str] = []
        self.seen_forms: set[tuple[str, str, tuple[str, ...]]] = set()
        self.slowest: list[tuple[float, str]] = []
        # The URL arguments of the page being walked, and of every page whose form stored a
        # payload (its object now holds hostile text).
        self.kwargs: dict[str, Any] = {}
        self.stored_in: list[dict[str, Any]] = []

    # Requests ------------------------------------------------------------------------------

    def _login(self) -> None:
        """Log in again when a post logged out or ended the session, with a verified second
        factor (the administrator's role requires two-factor login)."""
        if self.user is None:
            return
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        if cookie is not None and cookie.value and cookie.value == self._session:
            return
        self.client.force_login(self.user)
        if self.device is None:
            self.device = TOTPDevice.objects.create(user=self.user, name="walk", confirmed=True)
        session = self.client.session
        session[DEVICE_ID_SESSION_KEY] = self.device.persistent_id
        session.save()
        self._session = self.client.cookies[settings.SESSION_COOKIE_NAME].value

    def _meta(self) -> dict[str, str]:
        # The public forms allow 10 submissions a minute per address: every post is another.
        n = next(self._address)
        return {"REMOTE_ADDR": f"198.51.{n // 250 % 250}.{n % 250 + 1}"}

    def get(self, url: str, what: str) -> Any:
        self._login()
        started = time.perf_counter()
        response = self.client.get(url, **self._meta())
        self._timed(started, f"GET {url} ({what})")
        self.counts["gets"] += 1
        self.check(response, f"GET {url} ({what})")
        return response

    def post(self, url: str, data: Any, what: str, **extra: Any) -> Any:
        self._login()
        started = time.perf_counter()
        response = self.client.post(url, data, **extra, **self._meta())
        self._timed(started, f"POST {url} ({what})")
        self.counts["posts"] += 1
        self.check(response, f"POST {url} ({what})")
        return response

    def _timed(self, started: float, what: str) -> None:
        self.slowest = sorted([*self.slowest, (time.perf_counter() - started, what)])[-8:]

    def check(self, response: Any, what: str) -> None:
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            cause = repr(error[1])[:300] if error else ""
            self.problems.append(f"{what}: {response.status_code} {cause}")
            return
        if 300 <= response.status_code < 400:
            location = response.get("Location", "")
            parts = urlsplit(location)
            if parts.scheme not in {"", "http", "https"} or (
                parts.netloc and parts.netloc != "testserver"
            ):
                self.problems.append(f"{what}: redirects off the site to {location[:80]!r}")
            return
        content_type = response.get("Content-Type", "")
        if getattr(response, "streaming", False):
            # Reading it to the end closes it (the test client's wrapper, which keeps the
            # database connection of the test open: closing it again here would not).
            content = b"".join(response.streaming_content)
        else:
            content = response.content
        if content_type.startswith("text/html"):
            html = content.decode("utf-8", "replace")
            for problem in unescaped_markup(html):
                self.problems.append(f"{what}: {problem}")
            if what.startswith("GET") and MARKER in html:
                # A stored payload on a page, shown as text (markup would be a problem above).
                self.counts["pages showing a stored payload"] += 1
        elif content_type.startswith("text/csv"):
            self._check_cells(_csv_cells(content), what)
        elif content_type.startswith(SPREADSHEET):
            self._check_cells(_xlsx_cells(content), what)
        elif content_type.startswith("application/zip"):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for name in archive.namelist():
                    if name.endswith(".csv"):
                        self._check_cells(_csv_cells(archive.read(name)), f"{what} {name}")

    def _check_cells(self, cells: Iterator[object], what: str) -> None:
        for cell in cells:
            self.counts["export cells"] += 1
            if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
                self.problems.append(f"{what}: a formula cell {cell[:40]!r}")

    # Filling forms ---------------------------------------------------------------------------

    def hostile_text(self) -> str:
        index = next(self._corpus)
        self.used.add(index)
        self.counts["hostile values"] += 1
        return CORPUS[index][1]

    def hostile(self, form: Form) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in form.fields:
            if field.honeypot or field.name == "csrfmiddlewaretoken":
                continue
            if field.is_text or field.kind == "hidden":
                data[field.name] = self.hostile_text()
            elif field.kind == "file":
                data[field.name] = SimpleUploadedFile(
                    "../../<script>alert(1)</script>.csv",
                    f"Fornavn;Efternavn\n{self.hostile_text()};{self.hostile_text()}\n".encode(),
                )
            else:
                _choose(data, field)
        return data

    def probe(self, form: Form) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in form.fields:
            if field.honeypot or field.name == "csrfmiddlewaretoken" or field.kind == "file":
                continue
            if field.kind == "textarea" or (field.is_text and _free_text(field)):
                data[field.name] = next(self._xss)
            elif field.is_text:
                data[field.name] = field.value or _plausible(field)
            elif field.kind == "hidden":
                data[field.name] = field.value
            else:
                _choose(data, field)
        return data

    def raw_bodies(self, form: Form) -> tuple[bytes, bytes, str]:
        """The form with raw non-UTF-8 bytes in its text fields: urlencoded and multipart."""
        pairs: list[tuple[bytes, bytes]] = []
        for field in form.fields:
            if field.honeypot or field.kind == "file" or field.name == "csrfmiddlewaretoken":
                continue
            name = field.name.encode()
            if field.is_text or field.kind == "hidden":
                pairs.append((name, next(self._raw)))
            else:
                chosen: dict[str, Any] = {}
                _choose(chosen, field)
                pairs.extend((name, value.encode()) for value in _values(chosen.get(field.name)))
        urlencoded = b"&".join(_quote(n) + b"=" + _quote(v) for n, v in pairs)
        boundary = "hostileBoundary7MA4YWxkTrZu0gW"
        multipart = b"".join(
            b"--" + boundary.encode() + b"\r\n"
            b'Content-Disposition: form-data; name="' + n + b'"\r\n\r\n' + v + b"\r\n"
            for n, v in pairs
        )
        multipart += b"--" + boundary.encode() + b"--\r\n"
        return urlencoded, multipart, f"multipart/form-data; boundary={boundary}"

    # The walk --------------------------------------------------------------------------------

    def send_forms(self, url: str, html: str) -> None:
        for form in page_forms(html):
            action = urljoin(url, form.action) if form.action else url
            if urlsplit(action).netloc not in {"", "testserver"}:
                continue
            key = (urlsplit(action).path, form.method, tuple(sorted(f.name for f in form.fields)))
            if key in self.seen_forms:
                continue
            self.seen_forms.add(key)
            self.counts[f"{form.method} forms"] += 1
            if form.method == "get":
                data = self.hostile(form)
                target = f"{action.split('?')[0]}?{urlencode(_flat(data), doseq=True)}"
                self.get(target, "hostile search")
                continue
            self.post(action, self.hostile(form), "hostile")
            response = self.post(action, self.probe(form), "probe")
            if 300 <= response.status_code < 400:
                self.counts["probes stored"] += 1
                if self.kwargs and self.kwargs not in self.stored_in:
                    self.stored_in.append(self.kwargs)
                location = urljoin(action, response["Location"])
                if urlsplit(location).netloc in {"", "testserver"}:
                    self.get(location, "after probe")
            # Raw bytes, urlencoded and multipart by turns (multipart where a file goes).
            urlencoded, multipart, content_type = self.raw_bodies(form)
            if "multipart" in form.enctype or self.counts["post forms"] % 2:
                self.post(action, multipart, "raw multipart", content_type=content_type)
            else:
                self.post(
                    action,
                    urlencoded,
                    "raw urlencoded",
                    content_type="application/x-www-form-urlencoded",
                )


def _choose(data: dict[str, Any], field: Field) -> None:
    """A valid choice: the first real option, a ticked box, the first radio button."""
    if field.kind == "select":
        options = [o for o in field.options if o] or field.options
        selected = [o for o in field.selected if o]
        if selected:
            data[field.name] = selected if field.multiple else selected[0]
        elif options:
            data[field.name] = [options[0]] if field.multiple else options[0]
    elif field.kind == "checkbox":
        data.setdefault(field.name, [])
        data[field.name].append(field.value)
    elif field.kind in {"radio", "button"}:
        data.setdefault(field.name, field.value)


# The words of a field's name that say whether it takes free text (a payload can be stored
# there) or a value of a format (a date, a number, a code), which gets a plausible value.
FREE_TEXT_WORDS = {"name", "title", "note", "notes", "comment", "description", "text", "summary"}
FORMAT_WORDS = {
    "date", "on", "at", "from", "to", "start", "end", "email", "phone", "cpr", "cvr",
    "postal", "zip", "code", "hours", "cost", "number", "count", "score", "capacity", "url",
    "website", "time", "password", "username", "year", "month", "day", "page", "q", "quarter",
    "lang", "token", "next",
}  # fmt: skip


def _words(field: Field) -> set[str]:
    return set(field.name.lower().replace("-", "_").split("_"))


def _free_text(field: Field) -> bool:
    if field.kind not in {"text", ""}:
        return False
    words = _words(field)
    return bool(words & FREE_TEXT_WORDS) or not words & FORMAT_WORDS


def _plausible(field: Field) -> str:
    """A value of the field's format, so that the form can be saved with the payloads."""
    words = _words(field)
    if field.kind == "email" or "email" in words:
        return "probe@example.invalid"
    if words & {"date", "on", "from", "to", "start", "end"}:
        return "05.10.2026"
    if "phone" in words:
        return "20123456"  # valid (FACTS F4); tests never send SMS
    if "cvr" in words:
        return "13585628"  # valid check digit (FACTS F3)
    if words & {"postal", "zip"}:
        return "8800"
    if "time" in words:
        return "10:00"
    if field.kind == "url" or words & {"url", "website"}:
        return "https://example.invalid/"
    if field.kind == "number" or words & {"hours", "cost", "capacity", "score", "number"}:
        return "1"
    if "password" in words:
        return PASSWORD + "-Probe1"
    if "username" in words:
        return "probe-user"
    return "Probe"


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _flat(data: dict[str, Any]) -> dict[str, list[str]]:
    return {k: _values(v) for k, v in data.items() if not isinstance(v, SimpleUploadedFile)}


def _quote(value: bytes) -> bytes:
    from urllib.parse import quote_from_bytes

    return quote_from_bytes(value, safe="").encode()


def _csv_cells(content: bytes) -> Iterator[object]:
    text = content.decode("utf-8-sig", "replace")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    for row in csv.reader(io.StringIO(text), dialect):
        yield from row


def _xlsx_cells(content: bytes) -> Iterator[object]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                yield from row
    finally:
        workbook.close()


@pytest.mark.parametrize("role", ROLES)
def test_hostile_input_in_every_form(cast: Cast, role: str) -> None:
    cache.clear()
    OutreachActivity.objects.create(
        municipality=cast.viborg,
        method=OutreachMethod.objects.first(),
        title="Stand på biblioteket",
        planned_on=date(2026, 11, 2),
        campaign_code=CAMPAIGN_CODE,
        campaign_active=True,
    )
    client = Client(raise_request_exception=False)
    client.cookies["brobygger_language"] = "da"
    walk = Walk(client, _user(cast, role), role)

    # Pass 1: every page, and every form on it.
    pages: list[tuple[str, str]] = []
    documents: list[tuple[str, tuple[str, ...]]] = []
    for name, arguments in all_urls():
        kwargs = _own_kwargs(cast, name, arguments)
        url = reverse(name, kwargs=kwargs)
        walk.kwargs = kwargs
        response = walk.get(url, name)
        content_type = response.get("Content-Type", "")
        if response.status_code == 200:
            walk.counts["pages"] += 1
            pages.append((url, content_type))
            if content_type.startswith("text/html"):
                walk.send_forms(url, response.content.decode("utf-8", "replace"))
            elif arguments and content_type.startswith(DOCUMENTS):
                documents.append((name, arguments))

    # The bulk actions' confirmations are reached by a POST from the people list (one form
    # for each action): walk their forms from there.
    if walk.user is not None and has_permission(walk.user, Permission.VIEW_PEOPLE):
        bulk = reverse("lists:bulk")
        chosen = [
            PersonFactory(municipality=cast.viborg).pk,
            PersonFactory(municipality=cast.hedensted).pk,
        ]
        for action in ("assign", "status", "session", "text", "export"):
            response = walk.post(bulk, {"action": action, "person_ids": chosen}, "bulk action")
            if response.get("Content-Type", "").startswith("text/html"):
                walk.send_forms(bulk, response.content.decode("utf-8", "replace"))

    # Pass 2: every page again, now that the posts stored what they could; and every document
    # (PDF, calendar, workbook) of an object whose form stored a payload.
    for url, content_type in pages:
        if not content_type.startswith(DOCUMENTS) or content_type.startswith(SPREADSHEET):
            walk.get(url, "after the posts")
    for name, arguments in documents:
        for stored in walk.stored_in:
            if set(arguments) <= set(stored):
                url = reverse(name, kwargs={a: stored[a] for a in arguments})
                walk.get(url, "a document of a changed object")
                walk.counts["documents of changed objects"] += 1

    if role == "anonymous":
        # What the public forms stored is read by staff: the review queue and the people.
        walk.user, walk._session = cast.lene, ""
        staff_pages = [
            reverse("signup:review"),
            reverse("people:list"),
            *[
                reverse("signup:organisation-review", kwargs={"pending_organisation_id": pk})
                for pk in Organisation.objects.filter(review="pending").values_list("pk", flat=True)
            ],
            *[
                reverse("signup:volunteer-review", kwargs={"pending_volunteer_id": pk})
                for pk in Volunteer.objects.filter(review="pending").values_list("pk", flat=True)
            ],
            *[
                reverse("people:detail", kwargs={"person_id": pk})
                for pk in Person.objects.filter(municipality=cast.viborg).values_list(
                    "pk", flat=True
                )
            ],
        ]
        for url in staff_pages:
            walk.get(url, "staff reads the public submissions")
        assert walk.counts["pages showing a stored payload"] > 0

    summary = {
        **dict(walk.counts),
        "corpus entries used": len(walk.used),
        "corpus size": len(CORPUS),
        "raw byte strings": len(RAW_BYTES),
    }
    add_to_summary("hostile-summary", f"forms: {role}", summary)
    print(f"\nhostile walk as {role}: {summary}")
    print("slowest:", [(round(seconds, 2), what) for seconds, what in walk.slowest])
    assert not walk.problems, f"{len(walk.problems)} problems:\n" + "\n".join(walk.problems)
    if role in WHOLE_CORPUS:
        assert len(walk.used) == len(CORPUS), "the walk did not reach every corpus entry"
    if role != "anonymous":
        assert walk.counts["post forms"] > 0 and walk.counts["probes stored"] > 0
    if role in WHOLE_CORPUS:
        # The check above saw stored payloads, so it is not vacuous.
        assert walk.counts["pages showing a stored payload"] > 0
