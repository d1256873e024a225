"""A person's fields in the words a caseworker reads: labels from the fields' verbose names,
choices by their label, dates as dd.mm.yyyy, Ja/Nej, countries and languages by their names
in the interface language (from Babel's CLDR data), phone numbers as people write them.

The person page's summary and its change history use the same formatting, so a value reads
the same in both places."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import phonenumbers
from auditlog.models import LogEntry
from babel import Locale, UnknownLocaleError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from brobygger.accounts.models import User
from brobygger.partnerships.models import Municipality

from .forms import PERSON_SECTIONS
from .models import Person

# The fields a caseworker knows from the edit form and the page; everything else a record
# holds (ids, versions, demo flags, encrypted CPR, merge and erasure bookkeeping) is
# internal and never shown in the change history.
SHOWN_FIELDS: frozenset[str] = frozenset(
    {name for _title, names in PERSON_SECTIONS for name in names}
    | {"status", "assigned_caseworker", "municipality"}
)

# Entries that services write into a person's history for what is not a field of hers: the
# text stands as written (e.g. a contact attempt corrected or removed by its author).
CONTACT_ATTEMPT = "contact_attempt"
HISTORY_NOTES: Mapping[str, Any] = {CONTACT_ATTEMPT: gettext_lazy("Contact attempt")}

EMPTY = "—"


def _locale() -> Locale:
    try:
        return Locale.parse(get_language() or "da", sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale("da")


def country_name(code: str) -> str:
    """ "SY" → "Syrien" (Danish) or "Syria" (English); an unknown code is shown as stored."""
    code = code.strip().upper()
    return _locale().territories.get(code, code) if code else ""


@cache
def _language_codes_by_name() -> Mapping[str, str]:
    """Language names in Danish and English (lower case) → ISO 639 code."""
    names: dict[str, str] = {}
    for locale in (Locale("en"), Locale("da")):
        for code, name in locale.languages.items():
            names.setdefault(name.lower(), code)
    return names


def language_names(text: str) -> str:
    """ "thai, AR, english" → "thai, arabisk, engelsk": each comma-separated language,
    typed as a code or a Danish or English name, by its name in the interface language.
    A word that is no known language is kept as it was typed."""
    names = _locale().languages
    shown = []
    for word in (part.strip() for part in text.split(",")):
        if not word:
            continue
        key = word.lower()
        code = key if key in names else _language_codes_by_name().get(key, "")
        shown.append(names.get(code, word))
    return ", ".join(shown)


def phone_display(value: object) -> str:
    """A Danish number in national format ("22 33 44 55"), any other in international
    format ("+46 70 123 45 67")."""
    text = str(value or "")
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "DK")
    except phonenumbers.NumberParseException:
        return text
    if number.country_code == 45:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def date_display(value: date | datetime | None) -> str:
    """dd.mm.yyyy, and the local time for a moment."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def field_label(name: str) -> str:
    if name in HISTORY_NOTES:
        return str(HISTORY_NOTES[name])
    field = Person._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def value_display(name: str, value: Any) -> str:
    """A field's value as the person page shows it ("" for an empty one, unless the empty
    value is a choice with a label, like a gender not stated)."""
    field = Person._meta.get_field(name)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}  # type: ignore[union-attr]
    if value in choices:
        return str(choices[value])
    if value in (None, ""):
        return ""
    if name == "country_of_origin":
        return country_name(str(value))
    if name == "languages":
        return language_names(str(value))
    if name == "phone":
        return phone_display(value)
    if name == "interpreter_needed" and not value:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return date_display(value)
    if isinstance(value, Municipality):
        return value.name
    return str(value)


def person_sections(person: Person) -> list[tuple[str, list[tuple[str, str]]]]:
    """The filled-in fields of the person, by the edit form's sections (names apart: they
    are the page's heading)."""
    sections = []
    for title, names in PERSON_SECTIONS:
        rows = [
            (field_label(name), shown)
            for name in names
            if name not in {"first_name", "last_name"}
            and (shown := value_display(name, getattr(person, name)))
        ]
        if rows:
            sections.append((str(title), rows))
    return sections


@dataclass(frozen=True)
class HistoryEntry:
    """One save of the record: the registration, or the fields it changed."""

    when: datetime
    who: str
    registered: bool
    changes: list[tuple[str, str, str]]  # (label, before, after)


def change_history(person: Person, entries: Iterable[LogEntry]) -> list[HistoryEntry]:
    """django-auditlog's entries of a person in a caseworker's words. Internal fields and the
    reverse relations auditlog once listed on creation ("interventions.Enrolment.None") are
    left out; caseworkers and municipalities are named (read in one query each). The
    registration is one line; its author is the record's ``created_by`` when auditlog had no
    request to take the actor from (a service run by a command or a task)."""
    entries = list(entries)
    wanted = [
        (entry, name, values)
        for entry in entries
        for name, values in (entry.changes_dict or {}).items()
        if name in SHOWN_FIELDS and entry.action == LogEntry.Action.UPDATE
    ]
    user_ids = {
        text for _entry, name, values in wanted if name == "assigned_caseworker" for text in values
    }
    municipality_ids = {
        text for _entry, name, values in wanted if name == "municipality" for text in values
    }
    related: dict[str, dict[str, models.Model]] = {
        "assigned_caseworker": {
            str(user.pk): user for user in User.objects.filter(pk__in=_ids(user_ids))
        },
        "municipality": {
            str(place.pk): place
            for place in Municipality.objects.filter(pk__in=_ids(municipality_ids))
        },
    }
    history = []
    for entry in entries:
        actor = entry.actor
        if entry.action == LogEntry.Action.CREATE:
            actor = actor or person.created_by
            who = str(actor) if actor else _("the system")
            history.append(HistoryEntry(entry.timestamp, who, registered=True, changes=[]))
            continue
        who = str(actor) if actor else _("the system")
        changes = [
            (
                field_label(name),
                _stored_display(name, values[0], related) or EMPTY,
                _stored_display(name, values[1], related) or EMPTY,
            )
            for name, values in (entry.changes_dict or {}).items()
            if (name in SHOWN_FIELDS or name in HISTORY_NOTES)
            and entry.action == LogEntry.Action.UPDATE
        ]
        if changes:
            history.append(HistoryEntry(entry.timestamp, who, registered=False, changes=changes))
    return history


def _ids(texts: Iterable[str]) -> list[int]:
    return [int(text) for text in texts if text.isdigit()]


def _stored_display(name: str, text: str, related: Mapping[str, Mapping[str, Any]]) -> str:
    """auditlog stores ``str(value)``: "None", "True", "1980-01-02", a foreign key's id."""
    if text == "None":
        return ""
    if name in HISTORY_NOTES:
        return text
    field = Person._meta.get_field(name)
    value: Any = text
    if name in related:
        value = related[name].get(text, "")
        return str(value.name if isinstance(value, Municipality) else value)
    if isinstance(field, models.BooleanField):
        value = {"True": True, "False": False}.get(text, text)
    elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            value = date.fromisoformat(text)
        except ValueError:
            value = text
    return value_display(name, value)
