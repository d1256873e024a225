"""Which numbers a text message may go to: Danish mobile numbers."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberType

MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


def danish_mobile(number: object) -> str | None:
    """The number in E.164 when it is a valid Danish mobile number, else None.

    Danish numbering gives most blocks to mobiles; a block that is a landline (e.g. 33 or
    98 in front) is FIXED_LINE and refused: a text to it would be lost."""
    text = str(number or "").strip()
    if not text:
        return None
    try:
        parsed = phonenumbers.parse(text, "DK")
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code != 45 or not phonenumbers.is_valid_number(parsed):
        return None
    if phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
