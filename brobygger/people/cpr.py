"""CPR numbers (FACTS F2): format and date are checked, the modulus-11 checksum is NOT.

Since 2007 the CPR office issues valid numbers that fail modulus 11 (notably for 1 January
birth dates, common among immigrants whose birth date is unknown), so a checksum failure
must never reject a citizen. ``stdnum.dk.cpr.validate`` checks length, digits, the embedded
date with the century rule and that the date is not in the future, and nothing more.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError

from brobygger.core.crypto import lookup_hash

LOOKUP_PURPOSE = "cpr"


def normalise_cpr(value: str) -> str:
    """``'010190-1234'`` or ``'0101901234'`` → ``'0101901234'``; a clear message otherwise."""
    try:
        return str(stdnum_cpr.validate(value))
    except InvalidComponent as error:
        if "born" in str(error):
            raise ValidationError(
                _("The CPR number gives a birth date in the future."), code="future"
            ) from None
        raise ValidationError(
            _("The first six digits of the CPR number are not a real date (DDMMYY)."),
            code="date",
        ) from None
    except StdnumError:
        raise ValidationError(
            _("A CPR number has 10 digits, written as DDMMYY-XXXX or DDMMYYXXXX."),
            code="format",
        ) from None


def cpr_birth_date(number: str) -> date:
    return stdnum_cpr.get_birth_date(number)


def cpr_masked(number: str) -> str:
    """Shown in lists and on the person page until someone reveals it: ``DDMMYY-XXXX``."""
    return f"{number[:6]}-XXXX"


def cpr_lookup_hash(number: str) -> str:
    return lookup_hash(number, purpose=LOOKUP_PURPOSE)
