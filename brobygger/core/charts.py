"""Chart.js specifications for ``brobygger/charts.js``: the design system's colours, and
labels wrapped onto lines so that every bar keeps its whole label, on a phone too.

Every chart has a table beside it with the same figures; the chart is the quick look."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from django.utils.functional import Promise

# DKFDS's data-visualisation colours (frontend/node_modules/dkfds/src/stylesheets/values/
# colors/_fds-colors.scss): dark enough against white for the 3:1 that WCAG asks of graphics,
# and told apart by hue, so that a target beside a rate reads at a glance.
PALETTE = (
    "#08519C",  # data-blue-800
    "#D94801",  # data-orange-700
    "#238B45",  # data-green-700
    "#6A51A3",  # data-violet-700
    "#AE017E",  # data-pink-violet-700
    "#454545",  # gray-600
)

# Characters a line of a label holds beside a horizontal bar; longer labels wrap at words.
LABEL_LINE = 28


def wrap_label(text: str | Promise, width: int = LABEL_LINE) -> list[str]:
    """A label as lines of whole words (Chart.js draws a list as lines), never cut short."""
    return textwrap.wrap(str(text), width=width, break_long_words=False) or [""]


def chart(
    *,
    kind: str,
    labels: Sequence[str | Promise],
    datasets: Sequence[dict[str, Any]],
    horizontal: bool = False,
    y: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One chart: each dataset in the next colour of the palette; a horizontal bar chart's
    labels wrapped, and every label drawn (``charts.js`` turns Chart.js's skipping off)."""
    coloured = []
    for index, dataset in enumerate(datasets):
        colour = PALETTE[index % len(PALETTE)]
        coloured.append(
            {
                **dataset,
                "label": str(dataset["label"]),
                "backgroundColor": colour,
                "borderColor": colour,
            }
        )
    spec: dict[str, Any] = {
        "type": kind,
        "horizontal": horizontal,
        "labels": [wrap_label(label) if horizontal else str(label) for label in labels],
        "datasets": coloured,
    }
    if y is not None:
        spec["y"] = y
    return spec
