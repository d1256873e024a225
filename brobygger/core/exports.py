"""Cells of every CSV and XLSX export pass through here.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is a
formula to Excel and LibreOffice: "=HYPERLINK(...)" in a name would run when a colleague
opens the export. Such cells get a leading apostrophe, which spreadsheets show as text
(OWASP "CSV injection")."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value
