"""The fields a list column can be mapped to, how headers are recognised, and the checks of
one row. A row with a problem in a name is rejected; a bad value elsewhere is left out of
the import and reported, and the rest of the row is used."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.core.exports import FORMULA_PREFIXES
from brobygger.people.cpr import normalise_cpr
from brobygger.people.names import fold, strip_invisible

from . import normalise

FIELDS: dict[str, Promise] = {
    "id": gettext_lazy("The list's own id"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "full_name": gettext_lazy("Full name (first and last in one column)"),
    "birth_date": gettext_lazy("Date of birth"),
    "cpr": gettext_lazy("CPR number"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "address": gettext_lazy("Address (street, number, floor)"),
    "postal_code": gettext_lazy("Postal code"),
    "city": gettext_lazy("City"),
}

# Folded header → field. Danish and English headers of real exports.
HEADER_GUESSES: dict[str, str] = {
    **{name: name for name in FIELDS},
    "id": "id",
    "lobenr": "id",
    "nr": "id",
    "reference": "id",
    "fornavn": "first_name",
    "fornavne": "first_name",
    "first name": "first_name",
    "given name": "first_name",
    "efternavn": "last_name",
    "last name": "last_name",
    "surname": "last_name",
    "navn": "full_name",
    "fulde navn": "full_name",
    "name": "full_name",
    "full name": "full_name",
    "fodselsdato": "birth_date",
    "fodselsdag": "birth_date",
    "fodt": "birth_date",
    "date of birth": "birth_date",
    "birth date": "birth_date",
    "cpr": "cpr",
    "cpr nr": "cpr",
    "cprnr": "cpr",
    "cpr nummer": "cpr",
    "personnummer": "cpr",
    "telefon": "phone",
    "telefonnummer": "phone",
    "tlf": "phone",
    "tlf nr": "phone",
    "mobil": "phone",
    "mobilnummer": "phone",
    "phone": "phone",
    "e mail": "email",
    "email": "email",
    "mail": "email",
    "adresse": "address",
    "address": "address",
    "vejnavn": "address",
    "postnr": "postal_code",
    "post nr": "postal_code",
    "postnummer": "postal_code",
    "postal code": "postal_code",
    "by": "city",
    "bynavn": "city",
    "postdistrikt": "city",
    "city": "city",
}

MAX_LENGTHS = {
    "id": 100,
    "first_name": 100,
    "last_name": 100,
    "full_name": 200,
    "address": 200,
    "city": 100,
    "email": 254,
}
_STREET_AND_UNIT = re.compile(r"^(?P<street>.*?\d+\s?[A-Za-z]?)\b[\s,]+(?P<unit>.+)$")


def guess_mapping(headers: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """Each header's field: what this list's source remembered, else a guess, else ""."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        field = remembered.get(header) or HEADER_GUESSES.get(fold(header), "")
        if field in taken:
            field = ""
        mapping[header] = field
        if field:
            taken.add(field)
    return mapping


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    fields = [field for field in mapping.values() if field]
    problems = []
    if "first_name" not in fields and "full_name" not in fields:
        problems.append(_("Choose the column that holds the first name (or the full name)."))
    if "full_name" in fields and ("first_name" in fields or "last_name" in fields):
        problems.append(_("Map either the full name or first and last name, not both."))
    for field in set(fields):
        if field not in FIELDS:
            problems.append(_("Unknown field “%(field)s”.") % {"field": field})
        elif fields.count(field) > 1:
            problems.append(_("Only one column can be “%(field)s”.") % {"field": FIELDS[field]})
    return problems


@dataclass(frozen=True)
class Problem:
    column: str
    message: str
    rejects: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"column": self.column, "message": self.message, "rejects": self.rejects}


@dataclass
class CheckedRow:
    values: dict[str, str]
    problems: list[Problem]

    @property
    def rejected(self) -> bool:
        return any(problem.rejects for problem in self.problems)


def check_row(row: dict[str, str], mapping: dict[str, str], *, today: date) -> CheckedRow:  # noqa: C901
    """The row's values under the standard field names, and every problem found."""
    problems: list[Problem] = []
    values: dict[str, str] = {}
    columns: dict[str, str] = {}
    for header, field in mapping.items():
        if not field:
            continue
        text = row.get(header, "")
        cleaned = unicodedata.normalize("NFC", strip_invisible(text)).strip()
        if cleaned != text.strip():
            problems.append(Problem(header, _("invisible control characters were removed.")))
        if cleaned.startswith(FORMULA_PREFIXES) and field not in {"phone"}:
            problems.append(
                Problem(
                    header,
                    _(
                        "starts with “%(char)s”: kept as text, never calculated, "
                        "and neutralised in exports."
                    )
                    % {"char": cleaned[0]},
                )
            )
        limit = MAX_LENGTHS.get(field)
        if limit and len(cleaned) > limit:
            problems.append(
                Problem(
                    header,
                    _("%(length)s characters; at most %(limit)s.")
                    % {"length": len(cleaned), "limit": limit},
                    rejects=field in {"first_name", "last_name", "full_name", "id"},
                )
            )
            continue
        values[field] = cleaned
        columns[field] = header

    if "full_name" in values:
        words = values.pop("full_name").split()
        values["first_name"] = " ".join(words[:-1]) if len(words) > 1 else " ".join(words)
        values["last_name"] = words[-1] if len(words) > 1 else ""
        columns["first_name"] = columns["last_name"] = columns.pop("full_name")
        for name in ("first_name", "last_name"):
            # A full name may hold 200 characters, the person's record 100 for each part.
            if len(values[name]) > MAX_LENGTHS[name]:
                problems.append(
                    Problem(
                        columns[name],
                        _("%(length)s characters; at most %(limit)s.")
                        % {"length": len(values[name]), "limit": MAX_LENGTHS[name]},
                        rejects=True,
                    )
                )
                values[name] = ""
    if not values.get("first_name") and not any(problem.rejects for problem in problems):
        if values.get("last_name"):
            problems.append(
                Problem(columns.get("first_name", ""), _("the first name is missing."), True)
            )
        else:
            problems.append(Problem(columns.get("first_name", ""), _("the row has no name."), True))

    def drop(field: str, message: str) -> None:
        problems.append(Problem(columns[field], message))
        values.pop(field)

    if values.get("birth_date"):
        day = normalise.parse_birth_date(values["birth_date"], today=today)
        if day is None:
            drop(
                "birth_date",
                _("“%(value)s” is not a date of birth (write dd.mm.yyyy); left out.")
                % {"value": values["birth_date"]},
            )
        else:
            values["birth_date"] = day.isoformat()
    if values.get("cpr"):
        digits = re.sub(r"[\s-]", "", values["cpr"])
        if len(digits) == 9 and digits.isdigit():
            digits = "0" + digits  # Excel drops the leading zero of a number
        try:
            values["cpr"] = normalise_cpr(digits)
        except ValidationError as error:
            drop("cpr", _("%(error)s Left out.") % {"error": " ".join(error.messages)})
    if values.get("phone"):
        try:
            number = phonenumbers.parse(values["phone"], "DK")
            # The person's phone field accepts only numbers in an allocated range; a number
            # of the right length outside one ("85 67 92 81") is left out, not saved.
            valid = phonenumbers.is_valid_number(number)
        except phonenumbers.NumberParseException:
            valid = False
        if valid:
            values["phone"] = phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            )
        else:
            drop(
                "phone",
                _("“%(value)s” is not a phone number; left out.") % {"value": values["phone"]},
            )
    if values.get("email"):
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            drop(
                "email",
                _("“%(value)s” is not an e-mail address; left out.") % {"value": values["email"]},
            )
    if values.get("postal_code"):
        code = normalise.postal_code(values["postal_code"])
        if code is None:
            drop(
                "postal_code",
                _("“%(value)s” is not a Danish postal code (4 digits); left out.")
                % {"value": values["postal_code"]},
            )
        else:
            values["postal_code"] = code
    return CheckedRow(values={k: v for k, v in values.items() if v}, problems=problems)


def split_address(text: str) -> tuple[str, str]:
    """``"Vestergade 12, 2. tv"`` → ``("Vestergade 12", "2. tv")`` for the person's fields."""
    match = _STREET_AND_UNIT.match(text.strip())
    if not match:
        return text.strip()[:200], ""
    return match["street"].strip(" ,")[:200], match["unit"].strip(" ,")[:20]
