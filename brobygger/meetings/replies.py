"""Understanding a text reply to an invitation: "JA", "NEJ", "MÅSKE", and the same words in her
language, as the language's ``InvitationWording`` lists them (data, not code).

The words are compared after folding case, accents and the Turkish dotless i ("Hayır",
"HAYIR" and "hayir" are one word), and Arabic and Persian letter forms (ي/ی, ك/ک, alef with
hamza). The reply is read from its start: the longest listed word or phrase it begins with ("có thể"
is maybe before "có" is yes), followed by a space or a stop, or, in a script written without
spaces (Thai), by anything. A reply that names two answers, or none,
is not understood (``None``): staff read it and record the answer by hand.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from brobygger.languages.models import DANISH, Language

from .models import InvitationWording, Reply

# Letters that are written in more than one form across Arabic, Persian and Urdu keyboards.
_LETTER_FORMS = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ı": "i", "ـ": None}
)
_SEPARATORS = " \t\r\n.,!?;:()\"'¡¿،؟।፡።"


def fold(text: str) -> str:
    """Lower case without accents or vowel marks, one spelling of letters with several forms."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTER_FORMS))
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept).translate(_LETTER_FORMS).strip()


def _spaceless(word: str) -> bool:
    """Thai (and Lao, Khmer, Burmese) is written without spaces between words."""
    return any(
        "\u0e00" <= c <= "\u0eff" or "\u1000" <= c <= "\u109f" or "\u1780" <= c <= "\u17ff"
        for c in word
    )


@dataclass(frozen=True)
class ReplyWords:
    """What each word (folded) means."""

    words: dict[str, Reply]

    @classmethod
    def of(cls, wordings: Iterable[InvitationWording]) -> ReplyWords:
        words: dict[str, Reply] = {}
        for wording in wordings:
            for reply, listed in (
                (Reply.YES, wording.yes_words),
                (Reply.NO, wording.no_words),
                (Reply.MAYBE, wording.maybe_words),
            ):
                for word in listed:
                    folded = fold(str(word))
                    if folded:
                        words.setdefault(folded, reply)
        return cls(words)

    def interpret(self, text: str) -> Reply | None:
        """The meaning of the longest listed word or phrase the reply begins with."""
        folded = fold(text).strip(_SEPARATORS)
        if not folded:
            return None
        found = [word for word in self.words if _begins_with(folded, word)]
        return self.words[max(found, key=len)] if found else None


def _begins_with(text: str, word: str) -> bool:
    if not text.startswith(word):
        return False
    rest = text[len(word) :]
    return not rest or rest[0] in _SEPARATORS or _spaceless(word)


def reply_words(language: Language | None) -> ReplyWords:
    """The words of her language and of Danish (her language's meaning wins a clash)."""
    codes = [language.code] if language is not None else []
    wordings = {
        w.language.code: w
        for w in InvitationWording.objects.filter(
            language__code__in=[*codes, DANISH]
        ).select_related("language")
    }
    ordered = [wordings[code] for code in [*codes, DANISH] if code in wordings]
    return ReplyWords.of(ordered)


def reply_interpret(text: str, language: Language | None) -> Reply | None:
    """Yes, no or maybe in a text reply, in her language or in Danish; ``None`` when the reply
    is not one of the listed words."""
    return reply_words(language).interpret(text)
