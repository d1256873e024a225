"""The helpers of the form walk find what they must find: forms and their fields, and markup
that came from stored text, while the escaped text passes."""

from __future__ import annotations

from django.utils.html import escape

from .corpus import CORPUS, XSS
from .html import page_forms, unescaped_markup


def test_the_corpus_has_every_kind_of_hostile_input() -> None:
    categories = {category for category, _text in CORPUS}
    assert len(CORPUS) >= 200
    assert len({text for _category, text in CORPUS}) == len(CORPUS), "an entry is repeated"
    assert categories >= {
        "xss", "sql", "oversized", "control", "bidi", "cpr", "cvr", "phone", "date", "email",
        "postal", "formula", "path", "number",
    }  # fmt: skip


def test_every_script_payload_is_found_raw_and_passes_escaped() -> None:
    for payload in XSS:
        page = (
            f'<html><body><p>{escape(payload)}</p><input value="{escape(payload)}"></body></html>'
        )
        assert unescaped_markup(page) == [], payload
    found = [p for p in XSS if unescaped_markup(f"<html><body><p>{p}</p></body></html>")]
    # The few without markup of their own (a javascript: text, a template expression) are
    # harmless as text; every payload with a tag is found.
    assert all(p in found for p in XSS if "<" in p)


def test_event_handlers_and_script_urls_are_found() -> None:
    assert unescaped_markup('<a href=" javascript:alert(1)">x</a>')
    assert unescaped_markup('<a href="java\tscript:alert(1)">x</a>')
    assert unescaped_markup('<div onclick="x()"></div>')
    assert unescaped_markup("<script>alert('x')</script>")
    assert not unescaped_markup('<a href="/people/?q=javascript:alert(1)">x</a>')
    assert not unescaped_markup('<script src="/static/app.js"></script>')


def test_forms_fields_and_the_honeypot_are_read() -> None:
    html = """
    <form method="post" action="/x/" enctype="multipart/form-data">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="first_name" value="Fatima">
      <textarea name="note">
Hej</textarea>
      <select name="method">
        <option value="">—</option><option value="3" selected>Stand</option>
      </select>
      <input type="checkbox" name="consent" value="yes">
      <div class="honeypot"><input name="website" tabindex="-1"></div>
      <input type="file" name="file">
      <button name="decision" value="accept">OK</button>
    </form>
    <form method="get"><input type="search" name="q"></form>
    """
    post, search = page_forms(html)

    fields = {f.name: f for f in post.fields}
    assert (post.method, post.action, search.method) == ("post", "/x/", "get")
    assert fields["first_name"].value == "Fatima" and fields["first_name"].is_text
    assert fields["note"].value == "Hej"
    assert fields["method"].options == ["", "3"] and fields["method"].selected == ["3"]
    assert fields["website"].honeypot and not fields["first_name"].honeypot
    assert (fields["consent"].kind, fields["file"].kind, fields["decision"].kind) == (
        "checkbox",
        "file",
        "button",
    )
