"""A message's words: the template in her language (Danish when there is none), its merge
fields filled in, and whether a reply withdraws her consent."""

from __future__ import annotations

import string
from collections.abc import Mapping

from brobygger.languages.models import DANISH, Language
from brobygger.people.models import Person

from .models import MERGE_FIELD, MessageTemplate, OptOutWord


def template_for(template: MessageTemplate, language: Language | None) -> MessageTemplate:
    """The text of ``template``'s name in ``language``; in Danish when it has none; the
    template itself when neither exists (a text only written in one language)."""
    siblings = {
        sibling.language.code: sibling
        for sibling in MessageTemplate.objects.filter(
            name=template.name, is_active=True
        ).select_related("language")
    }
    if language is not None and language.is_active and language.code in siblings:
        return siblings[language.code]
    return siblings.get(DANISH, template)


def fill(body: str, values: Mapping[str, str]) -> str:
    """The body with each merge field replaced by its value (validated before: all known)."""
    return MERGE_FIELD.sub(lambda match: values.get(match.group(1).strip(), ""), body)


def person_values(person: Person) -> dict[str, str]:
    return {"first_name": person.first_name, "full_name": str(person)}


_STRIP = string.punctuation + "!?.,؟،。 \t\r\n"


def _normalise(text: str) -> str:
    return text.strip().strip(_STRIP).casefold()


def opt_out_words() -> frozenset[str]:
    return frozenset(_normalise(word) for word in OptOutWord.objects.values_list("word", flat=True))


def is_opt_out(body: str, words: frozenset[str] | None = None) -> bool:
    """A reply that is an opt-out word ("STOP", "stop.", "توقف"), or starts with one."""
    words = opt_out_words() if words is None else words
    whole = _normalise(body)
    if not whole:
        return False
    first = _normalise(whole.split()[0])
    return whole in words or first in words
