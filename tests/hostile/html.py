"""Reading pages as a browser would: the POST forms on a page, and markup that must never come
from stored text (script elements with a payload, event-handler attributes, javascript:
URLs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from .corpus import MARKER, XSS

TEXT_TYPES = {"text", "search", "email", "tel", "url", "number", "date", "password", ""}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data:text/html)", re.IGNORECASE)
# The raw payloads that contain markup: escaped, "<" becomes "&lt;", so none of them may
# appear in a page as it is.
RAW_PAYLOADS = [payload for payload in XSS if "<" in payload]


@dataclass
class Field:
    name: str
    kind: str  # an input type, "textarea", "select" or "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    multiple: bool = False
    checked: bool = False
    honeypot: bool = False

    @property
    def is_text(self) -> bool:
        return self.kind == "textarea" or self.kind in TEXT_TYPES


@dataclass
class Form:
    action: str
    method: str  # "get" or "post"
    enctype: str
    fields: list[Field] = field(default_factory=list)

    def submitted(self) -> dict[str, str | list[str]]:
        """What a browser sends for the form as the page filled it: text and hidden fields
        as they are, a select's chosen option (its first when none is), ticked boxes and
        radio buttons; no buttons, no file."""
        data: dict[str, str | list[str]] = {}
        for each in self.fields:
            if each.kind == "select":
                chosen = each.selected or each.options[:1]
                if each.multiple:
                    data[each.name] = list(each.selected)
                elif chosen:
                    data[each.name] = chosen[0]
            elif each.kind == "checkbox":
                if each.checked:
                    values = data.setdefault(each.name, [])
                    assert isinstance(values, list)
                    values.append(each.value)
            elif each.kind == "radio":
                if each.checked:
                    data[each.name] = each.value
            elif each.kind not in {"button", "file"}:
                data[each.name] = each.value
        return data


class FormParser(HTMLParser):
    """The ``<form>`` elements of a page with their fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._honeypot_depth = 0
        self._depth = 0
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""
        # Submit buttons that send their form elsewhere (``formaction``): the form again,
        # with that action, once the form has ended.
        self._formactions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self._depth += 1
        if "honeypot" in attributes.get("class", "").split() and not self._honeypot_depth:
            self._honeypot_depth = self._depth
        if tag == "form":
            self._form = Form(
                action=attributes.get("action", ""),
                method="post" if attributes.get("method", "get").lower() == "post" else "get",
                enctype=attributes.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name", "")
        honeypot = bool(self._honeypot_depth) or attributes.get("tabindex") == "-1"
        if tag in {"button", "input"} and attributes.get("formaction"):
            self._formactions.append(attributes["formaction"])
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in {"submit", "image", "reset"}:
                kind = "button"
            self._form.fields.append(
                Field(
                    name,
                    kind,
                    value=attributes.get("value", "on" if kind in {"checkbox", "radio"} else ""),
                    checked="checked" in attributes,
                    honeypot=honeypot,
                )
            )
        elif tag == "button" and name:
            self._form.fields.append(Field(name, "button", value=attributes.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", honeypot=honeypot)
            self._form.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "select", multiple="multiple" in attributes)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = (attributes.get("value"), "selected" in attributes)
            self._option_text = ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if self._honeypot_depth and self._depth <= self._honeypot_depth:
            self._honeypot_depth = 0
        self._depth = max(self._depth - 1, 0)
        if tag == "form":
            if self._form is not None:
                self.forms.extend(
                    replace(self._form, action=action, fields=list(self._form.fields))
                    for action in self._formactions
                )
            self._form, self._formactions = None, []
        elif tag == "textarea":
            if self._textarea is not None:
                self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._select is not None and self._option is not None:
            value, selected = self._option
            value = self._option_text.strip() if value is None else value
            self._select.options.append(value)
            if selected:
                self._select.selected.append(value)
            self._option = None


def page_forms(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


class _MarkupScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: an event-handler attribute")
            if name in URL_ATTRIBUTES and value:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                if DANGEROUS_URL.match(cleaned):
                    self.problems.append(f"<{tag} {name}={value[:60]!r}>: a script URL")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>: an inline document")
        if tag == "script":
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and (MARKER in data or "alert(" in data):
            self.problems.append(f"<script> holds a payload: {data[:80]!r}")


def unescaped_markup(html: str) -> list[str]:
    """What in ``html`` is markup that came from stored text; an empty list when none."""
    problems = [f"raw payload {p[:60]!r}" for p in RAW_PAYLOADS if p in html]
    scanner = _MarkupScanner()
    scanner.feed(html)
    scanner.close()
    return problems + scanner.problems
