"""The filters of the people list as data: read from a page address (leniently: a value
that makes no sense is left out) or from a stored saved list (strictly: a value that no
longer names anything is an error the page can show), written back as an address, and
applied to the people a user sees.

A saved list (``brobygger.lists``) stores ``PersonFilters.as_data()`` and reads it back
with ``PersonFilters.from_data``, so the people list and the saved lists agree on what a
filter means."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.models import User
from brobygger.languages.models import Language
from brobygger.outreach.models import OutreachMethod

from .models import PersonSource, PipelineStatus

# Age bands: (youngest, oldest) in whole years; None is open.
AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    "u30": (None, 29),
    "30-39": (30, 39),
    "40-49": (40, 49),
    "50-64": (50, 64),
    "65+": (65, None),
}
AGE_BAND_CHOICES = [
    ("u30", _("Under 30")),
    ("30-39", _("30–39 years")),
    ("40-49", _("40–49 years")),
    ("50-64", _("50–64 years")),
    ("65+", _("65 or older")),
]
FOLLOW_UP_CHOICES = [
    ("due", _("Follow-up due")),
    ("planned", _("Follow-up planned")),
    ("none", _("No follow-up date")),
]
# "Not contacted for N months": at most five years.
MAX_MONTHS = 60
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_TEXT_LIMIT = 200


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier, or that month's last day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _text(value: object, limit: int) -> str:
    """Free text from an address, without NUL bytes (no database column keeps them)."""
    return str(value or "").replace("\x00", "").strip()[:limit]


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


@dataclass(frozen=True)
class PersonFilters:
    """What the people list is filtered by; empty values filter nothing."""

    query: str = ""
    status: str = ""
    method: int | None = None
    # A partner record: she was found through it (a source) or took part in an
    # intervention it provided (an enrolment).
    partner: int | None = None
    caseworker: int | None = None
    housing_area: str = ""
    language: int | None = None
    country: str = ""
    follow_up: str = ""
    age_band: str = ""
    not_contacted_months: int | None = None

    @classmethod
    def from_query(cls, data: Mapping[str, object]) -> PersonFilters:
        """From a page address: anything that makes no sense is left out (a search page
        never fails on its address)."""
        status = str(data.get("status") or "")
        follow_up = str(data.get("follow_up") or "")
        age_band = str(data.get("age_band") or "")
        country = str(data.get("country") or "").strip().upper()
        months = _int(data.get("not_contacted_months"))
        return cls(
            query=_text(data.get("q"), 100),
            status=status if status in PipelineStatus.values else "",
            method=_int(data.get("method")),
            partner=_int(data.get("partner")),
            caseworker=_int(data.get("caseworker")),
            housing_area=_text(data.get("housing_area"), _TEXT_LIMIT),
            language=_int(data.get("language")),
            country=country if _COUNTRY.match(country) else "",
            follow_up=follow_up if follow_up in dict(FOLLOW_UP_CHOICES) else "",
            age_band=age_band if age_band in AGE_BANDS else "",
            not_contacted_months=months if months and months <= MAX_MONTHS else None,
        )

    @classmethod
    def from_data(cls, data: object) -> PersonFilters:
        """From stored data (a saved list): every value must still be valid and name
        something that exists, or ValidationError says which."""
        if not isinstance(data, Mapping):
            raise ValidationError(_("The stored filters cannot be read."), code="shape")
        names = {field.name for field in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValidationError(_("The stored filters cannot be read."), code="shape")
        as_query = {("q" if key == "query" else key): value for key, value in data.items()}
        read = cls.from_query(as_query)
        given = {key: value for key, value in data.items() if value not in (None, "")}
        if read.as_data() != given:
            raise ValidationError(_("A filter value is no longer valid."), code="value")
        read.check_exists()
        return read

    def check_exists(self) -> None:
        """The method, partner, caseworker and language named must still exist."""
        missing = []
        if self.method is not None and not OutreachMethod.objects.filter(pk=self.method).exists():
            missing.append(_("the method"))
        partners = PersonSource._meta.get_field("partner").related_model._default_manager
        if self.partner is not None and not partners.filter(pk=self.partner).exists():
            missing.append(_("the partner"))
        if self.language is not None and not Language.objects.filter(pk=self.language).exists():
            missing.append(_("the language"))
        if (
            self.caseworker is not None
            and not User.objects.filter(pk=self.caseworker, is_active=True).exists()
        ):
            missing.append(_("the caseworker"))
        if missing:
            raise ValidationError(
                _("The list filters by something that no longer exists: %(what)s.")
                % {"what": ", ".join(str(item) for item in missing)},
                code="missing",
            )

    def as_data(self) -> dict[str, object]:
        """What a saved list stores: the filters that are set."""
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}

    def as_query(self) -> dict[str, str]:
        """The page address's parameters."""
        return {
            ("q" if key == "query" else key): str(value) for key, value in self.as_data().items()
        }

    def is_empty(self) -> bool:
        return not self.as_data()


def years_before(day: date, years: int) -> date:
    return months_before(day, years * 12)
