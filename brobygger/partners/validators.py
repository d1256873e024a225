"""Danish identifiers of partners."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cvr
from stdnum.exceptions import ValidationError as StdnumError


def validate_cvr(value: str) -> None:
    """A CVR number: 8 digits whose weighted sum (2, 7, 6, 5, 4, 3, 2, 1) is divisible by 11
    (python-stdnum's ``dk.cvr``)."""
    try:
        cvr.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid CVR number: 8 digits with a correct check digit."),
            params={"value": value},
            code="cvr",
        ) from None


def normalise_cvr(value: str) -> str:
    return cvr.compact(value) if value else ""
