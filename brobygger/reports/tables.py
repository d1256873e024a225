"""A report's figures as plain tables, written once and drawn four ways: on the page, in the
PDF (WeasyPrint), in the workbook (openpyxl) and in the Word document (python-docx)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from brobygger.interventions.models import InterventionCategory, OutcomeKind
from brobygger.outreach.models import MethodCategory
from brobygger.people.models import PipelineStatus

# How a column's values are written: whole numbers, shares shown as per cent, decimals.
TEXT, COUNT, SHARE, DECIMAL = "text", "count", "share", "decimal"
# Columns that fit an A4 page in portrait at the PDF's 9 pt; wider tables go landscape.
WIDEST_PORTRAIT = 6


@dataclass
class Table:
    key: str
    title: str
    columns: list[tuple[str, str]]  # (heading, kind)
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    # The workbook's sheet name: short enough for Excel's 31 characters in every language,
    # chosen rather than cut from the title.
    sheet: str = ""

    @property
    def wide(self) -> bool:
        """More columns than an A4 page in portrait holds legibly: the PDF turns its page."""
        return len(self.columns) > WIDEST_PORTRAIT

    @property
    def headings(self) -> list[str]:
        return [heading for heading, _kind in self.columns]

    @property
    def kinds(self) -> list[str]:
        return [kind for _heading, kind in self.columns]

    def cells(self) -> list[list[tuple[Any, str]]]:
        """Each row as (value, kind) pairs, for templates."""
        return [list(zip(row, self.kinds, strict=True)) for row in self.rows]


def _scopes(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The columns of a comparison: each member municipality, then the partnership; or the
    one municipality of a municipality's report."""
    if report["scope"]["kind"] == "municipality":
        return [(report["scope"]["name"], report["figures"])]
    members = [(m["name"], m["figures"]) for m in report.get("municipalities", [])]
    return [*members, (_("Partnership"), report["figures"])]


def criteria_table(report: dict[str, Any], *, part: str = "criteria") -> Table:
    period = report["criteria_period"] if part == "criteria" else report["period"]
    title = (
        _("Success criteria, project to date")
        if part == "criteria"
        else _("Success criteria, this period alone")
    )
    table = Table(
        f"{part}",
        title,
        [
            (_("Criterion"), TEXT),
            (_("Numerator"), COUNT),
            (_("Denominator"), COUNT),
            (_("Rate"), SHARE),
            (_("Target"), SHARE),
            (_("On track"), TEXT),
        ],
        note=_("From %(start)s to %(end)s. “—”: nobody in the denominator.")
        % {"start": day_text(period["start"]), "end": day_text(period["end"])},
        sheet=_("Criteria, to date") if part == "criteria" else _("Criteria, this period"),
    )
    for result in report["figures"][part]:
        on_track = {None: "—", True: _("Yes"), False: _("Not yet")}[result["on_track"]]
        table.rows.append(
            [
                result["title"],
                result["numerator"],
                result["denominator"],
                result["rate"],
                result["target"],
                on_track,
            ]
        )
    return table


def criteria_by_municipality_table(report: dict[str, Any]) -> Table | None:
    """Each criterion for each member municipality and the partnership: numerator and
    denominator beside the rate, so a reader can check a rate and add municipalities up. One
    row per criterion and municipality keeps the table narrow however many members there are."""
    scopes = _scopes(report)
    if len(scopes) < 2:
        return None
    table = Table(
        "criteria_by_municipality",
        _("Success criteria per municipality, project to date"),
        [
            (_("Criterion"), TEXT),
            (_("Municipality"), TEXT),
            (_("Numerator"), COUNT),
            (_("Denominator"), COUNT),
            (_("Rate"), SHARE),
        ],
        note=_("“—”: nobody in the denominator."),
        sheet=_("Criteria per municipality"),
    )
    for index, result in enumerate(report["figures"]["criteria"]):
        for name, figures in scopes:
            line = figures["criteria"][index]
            table.rows.append(
                [result["title"], name, line["numerator"], line["denominator"], line["rate"]]
            )
    return table


def people_table(report: dict[str, Any]) -> Table:
    scopes = _scopes(report)
    table = Table(
        "people",
        _("People"),
        [(_("Figure"), TEXT)] + [(name, COUNT) for name, _figures in scopes],
        note=_("Status on the last day of the period."),
        sheet=_("People"),
    )
    table.rows.append(
        [_("Identified in the period")] + [f["people"]["identified_in_period"] for _n, f in scopes]
    )
    table.rows.append(
        [_("Contacted for the first time in the period")]
        + [f["people"]["contacted_in_period"] for _n, f in scopes]
    )
    for status in PipelineStatus:
        table.rows.append(
            [_("Status: %(status)s") % {"status": status.label}]
            + [f["people"]["status_at_end"][status.value] for _n, f in scopes]
        )
    table.rows.append([_("All people")] + [f["people"]["total_at_end"] for _n, f in scopes])
    for kind in OutcomeKind:
        table.rows.append(
            [_("Started: %(outcome)s") % {"outcome": kind.label}]
            + [f["outcomes"][kind.value] for _n, f in scopes]
        )
    return table


def interventions_table(report: dict[str, Any]) -> Table:
    categories = dict(InterventionCategory.choices)
    table = Table(
        "interventions",
        _("Interventions"),
        [
            (_("Intervention"), TEXT),
            (_("Category"), TEXT),
            (_("Started"), COUNT),
            (_("Ongoing at the end"), COUNT),
            (_("Completed"), COUNT),
            (_("Dropped out"), COUNT),
        ],
        sheet=_("Interventions"),
    )
    for line in report["figures"]["interventions"]:
        table.rows.append(
            [
                line["type"],
                str(categories.get(line["category"], line["category"])),
                line["started"],
                line["ongoing_at_end"],
                line["completed"],
                line["dropped_out"],
            ]
        )
    return table


def methods_table(report: dict[str, Any], *, level: str = "categories") -> Table:
    methods = report["figures"]["methods"]
    categories = dict(MethodCategory.choices)
    table = Table(
        f"methods_{level}",
        _("Outreach methods") if level == "methods" else _("Outreach by category of method"),
        [
            (_("Method") if level == "methods" else _("Category"), TEXT),
            (_("Identified"), COUNT),
            (_("Contacted"), COUNT),
            (_("Contacted, rate"), SHARE),
            (_("95 per cent interval, low"), SHARE),
            (_("95 per cent interval, high"), SHARE),
            (_("In an intervention"), COUNT),
            (_("Job or education"), COUNT),
            (_("Hours per contacted"), DECIMAL),
            (_("Cost per contacted (kr.)"), DECIMAL),
            (_("Days to contact (median)"), DECIMAL),
        ],
        note=_(
            "People identified in the period, each counted for the method by which she was "
            "first found."
        ),
        sheet=_("Outreach methods") if level == "methods" else _("Method categories"),
    )
    for row in [*methods[level], methods["total"]]:
        label = row["label"] if level == "methods" or row["key"] == "all" else None
        table.rows.append(
            [
                label or str(categories.get(row["key"], row["label"])),
                row["identified"],
                row["contacted"]["count"],
                row["contacted"]["rate"],
                row["contacted"]["low"],
                row["contacted"]["high"],
                row["intervention"]["count"],
                row["outcome"]["count"],
                row["hours_per_contacted"],
                _cost_cell(row),
                row["median_days_to_contact"],
            ]
        )
    return table


def _cost_cell(row: dict[str, Any]) -> Any:
    """The cost per contacted person; "not recorded" when no activity of the method recorded
    a cost, which is not the same as 0 kr. (the JSON keeps null)."""
    if row["cost"] is None:
        return _("not recorded")
    return row["cost_per_contacted"]


def quarterly_tables(report: dict[str, Any]) -> list[Table]:
    tables = [
        criteria_table(report),
        criteria_table(report, part="criteria_period"),
        criteria_by_municipality_table(report),
        people_table(report),
        interventions_table(report),
        methods_table(report),
        methods_table(report, level="methods"),
    ]
    return [table for table in tables if table is not None]


def day_text(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"
