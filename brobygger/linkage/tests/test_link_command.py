"""`brobygger link`: the contract of DESIGN.md, and a one-line exit 2 for unusable input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from splink.internals.exceptions import SplinkException

HEADER = "id,first_name,last_name,birth_date,cpr,phone,email,address,postal_code,city\n"
LEFT = HEADER + (
    "1,Fatima,Al-Hassan,05-03-1980,,+45 12 34 56 78,,Vestergade 12 2 tv,8000,Aarhus\n"
    "2,Mohammed,Ali,1975-01-01,0101751234,,,Ndr. Ringvej 5 st th,8800,Viborg\n"
    "3,Nguyễn Thị,Lan,12.7.1990,,,lan@example.org,,,\n"
    "4,Zainab,Haddad,1988-02-02,,,,,,\n"
)
RIGHT = (
    "id;first_name;last_name;birth_date;cpr;phone;email;address;postal_code;city\n"
    "x1;Fatma;Alhassan;1980-03-05;;12345678;;Vesterg. 12, 2. t.v.;8000;Århus\n"
    "x2;Ali;Muhammad;;010175-1234;;;;8800;\n"
    "x3;Lan;Nguyen Thi;1990-07-12;;;;;;\n"
    "x4;Amina;Warsame;1979-10-30;;;;;;\n"
)


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _link(*args: str) -> dict[str, object]:
    from io import StringIO

    out = StringIO()
    call_command("link", *args, stdout=out)
    return json.loads(out.getvalue())


def test_two_lists_link_with_their_variants(tmp_path: Path) -> None:
    left = _write(tmp_path, "left.csv", LEFT)
    right = _write(tmp_path, "right.csv", RIGHT, encoding="cp1252")
    out = tmp_path / "pairs.csv"
    summary = _link(
        str(left), str(right), "--out", str(out), "--model-out", str(tmp_path / "m.json")
    )
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    pairs = {(row["left_id"], row["right_id"]) for row in rows}
    assert pairs == {("1", "x1"), ("2", "x2"), ("3", "x3")}
    assert all(float(row["match_probability"]) >= 0.5 for row in rows)
    assert summary["rows"] == {"left": 4, "right": 4}
    assert summary["pairs_written"] == 3
    assert summary["candidate_pairs"] >= 3
    assert {"seconds", "mode", "threshold"} <= summary.keys()
    model = json.loads((tmp_path / "m.json").read_text())
    assert [c["output_column_name"] for c in model["comparisons"]][:3] == ["fn", "ln", "dob"]


def test_one_list_is_deduplicated(tmp_path: Path) -> None:
    text = LEFT + "9,Fatma,El Hassan,1980-03-05,,12345678,,,,\n"
    out = tmp_path / "pairs.csv"
    summary = _link(str(_write(tmp_path, "one.csv", text)), "--out", str(out))
    assert summary["mode"] == "dedupe"
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(row["left_id"], row["right_id"]) for row in rows] == [("1", "9")]


def test_the_threshold_filters_pairs(tmp_path: Path) -> None:
    left, right = _write(tmp_path, "l.csv", LEFT), _write(tmp_path, "r.csv", RIGHT)
    out = tmp_path / "pairs.csv"
    everything = _link(str(left), str(right), "--out", str(out), "--threshold", "0")
    assert everything["pairs_written"] == everything["candidate_pairs"]


def test_ids_that_look_like_formulas_are_neutralised(tmp_path: Path) -> None:
    text = HEADER + "=1+1,Fatima,Ali,1980-03-05,,,,,,\n=2+2,Fatima,Ali,1980-03-05,,,,,,\n"
    out = tmp_path / "pairs.csv"
    _link(str(_write(tmp_path, "f.csv", text)), "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (rows[0]["left_id"], rows[0]["right_id"]) == ("'=1+1", "'=2+2")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (HEADER.encode(), "header row but no data rows"),
        (b"\x00\x01\x02binary\x00" * 100, "binary data"),
        ("id,first_name\n1,Fatima\n".encode("utf-16"), "UTF-16"),
        (b"id,name\n1,Fatima\n", "missing column(s) first_name, last_name"),
        (b"first_name,last_name\nFatima,Ali\n", "missing column(s) id"),
        ((HEADER + "1,A,B,,,,,,,\n1,C,D,,,,,,,\n").encode(), "Row 3, column “id”: duplicate id"),
        ((HEADER + ",A,B,,,,,,,\n").encode(), "Row 2, column “id”: the id is empty"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old Excel file"),
        (b"PK\x03\x04garbage", "not a valid Excel workbook"),
        (b"id,id\n1,2\n", "Column names must be unique"),
        # Nothing comparable: only ids and a city, or name columns left empty.
        (b"id,city\n1,Viborg\n2,Viborg\n", "missing column(s) first_name, last_name"),
        ((HEADER + "1,,,,,,,,8800,Viborg\n2,,,,,,,,8800,Viborg\n").encode(), "nothing to compare"),
    ],
)
def test_unusable_input_stops_with_exit_code_2(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("link", str(path), "--out", str(tmp_path / "p.csv"))
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_console_script_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    script = Path(sys.executable).with_name("brobygger")
    result = subprocess.run(  # noqa: S603
        [str(script), "link", str(path), "--out", str(tmp_path / "p.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "The file is empty." in result.stderr


@pytest.mark.parametrize("term_frequencies", [False, True])
@pytest.mark.parametrize("lists", [(LEFT,), (LEFT, RIGHT)], ids=["dedupe", "link"])
def test_splink_finds_nothing_wrong_with_the_settings(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    lists: tuple[str, ...],
    term_frequencies: bool,
) -> None:
    """Runs skip Splink's check of the settings against the input's columns
    (``engine.VALIDATE_SETTINGS``); here it runs, and must log nothing."""
    from brobygger.linkage import engine, model

    monkeypatch.setattr(engine, "VALIDATE_SETTINGS", True)
    monkeypatch.setattr(model, "TF_MIN_ROWS", 0 if term_frequencies else 10**9)
    paths = [str(_write(tmp_path, f"{n}.csv", text)) for n, text in enumerate(lists)]
    with caplog.at_level("WARNING", logger="splink"):
        _link(*paths, "--out", str(tmp_path / "pairs.csv"))
    assert not [r.getMessage() for r in caplog.records if "VALIDATION" in r.getMessage()]
    # The check would have spoken: a settings column the input lacks is logged (and the
    # run then fails in DuckDB).
    monkeypatch.setattr(model, "settings", _with_unknown_column(model.settings))
    caplog.clear()
    with caplog.at_level("WARNING", logger="splink"), pytest.raises(SplinkException):
        _link(*paths, "--out", str(tmp_path / "pairs.csv"))
    assert any("VALIDATION" in r.getMessage() for r in caplog.records)


def _with_unknown_column(settings):  # type: ignore[no-untyped-def]
    def changed(*args, **kwargs):  # type: ignore[no-untyped-def]
        made = settings(*args, **kwargs)
        made["additional_columns_to_retain"] = ["no_such_column"]
        return made

    return changed
