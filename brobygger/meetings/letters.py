"""The printed invitation (and reminder) letters: one A4 page per person, in her language first
and Danish second, with the session's date, time and place. The texts are the languages'
``InvitationWording`` rows; a language without one is printed in Danish only."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone

from brobygger.core.pdf import render_pdf
from brobygger.languages.models import DANISH, Language
from brobygger.languages.selectors import language_or_danish

from .models import Invitation, Session
from .selectors import wording_for
from .services import invitation_merge_fields

_MERGE_FIELD = re.compile(r"\{(\w+)\}")


def merge(text: str, fields: dict[str, str]) -> str:
    """The text with its merge fields filled in; an unknown field is left as written."""
    return _MERGE_FIELD.sub(lambda m: fields.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class LetterPart:
    language: Language
    heading: str
    text: str


@dataclass(frozen=True)
class Letter:
    invitation: Invitation
    parts: list[LetterPart]


def _part(
    session: Session, invitation: Invitation, language: Language, *, reminder: bool
) -> LetterPart:
    wording = wording_for(language).row
    fields = invitation_merge_fields(session, name=str(invitation.person))
    heading = wording.reminder_heading if reminder else wording.heading
    return LetterPart(language=wording.language, heading=heading, text=merge(wording.body, fields))


def letter_for(session: Session, invitation: Invitation, *, reminder: bool) -> Letter:
    own = _part(session, invitation, invitation.language, reminder=reminder)
    parts = [own]
    if own.language.code != DANISH:
        parts.append(_part(session, invitation, language_or_danish(DANISH), reminder=reminder))
    return Letter(invitation=invitation, parts=parts)


def letters_pdf(*, session: Session, invitations: list[Invitation], reminder: bool) -> bytes:
    letters = [letter_for(session, invitation, reminder=reminder) for invitation in invitations]
    context = {"session": session, "letters": letters, "today": timezone.localdate()}
    return render_pdf("meetings/letters_pdf.html", context)
