"""The partnership's target-group definitions on a page of their own: every version with its
conditions, a new definition or version (the coordinator), and the bulk re-screening under
one, with the counts of people inside, outside and changed (small numbers hidden from roles
that do not see the people). The rules themselves are ``brobygger.targetgroups``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import partnership_get
from brobygger.core.forms import apply_errors
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.targetgroups import selectors, services
from brobygger.targetgroups.models import Screening, TargetGroupDefinition

from .disclosure import Viewer, spread, tie, viewer_of
from .forms import TargetGroupDefinitionForm
from .suppression import Cell


@dataclass(frozen=True)
class ShownScreening:
    """A re-screening's counts as the viewer may see them: per municipality and together."""

    screening: Screening
    rows: list[tuple[Municipality, Cell, Cell, Cell]]
    total: tuple[Cell, Cell, Cell]


def shown_screening(
    screening: Screening, municipalities: Sequence[Municipality], viewer: Viewer
) -> ShownScreening:
    """Inside and outside add up to everyone screened, per municipality and together; the
    changed are a part of everyone. One sheet, so no hidden count follows from the others."""
    counts = selectors.screening_counts(screening)
    ids = [m.pk for m in municipalities]
    empty = selectors.ScreeningCounts(0, 0, 0, 0, 0)
    per = [counts.get(pk, empty) for pk in ids]
    sheet = viewer.sheet()
    inside, inside_total = spread(sheet, viewer, ids, [c.inside for c in per])
    outside, outside_total = spread(sheet, viewer, ids, [c.outside for c in per])
    wholes = [
        sheet.total([i, o], known=viewer.knows(pk))
        for pk, i, o in zip(ids, inside, outside, strict=True)
    ]
    whole = sheet.total([inside_total, outside_total], known=viewer.knows_all(ids))
    sheet.line(wholes, whole)
    changed, changed_total = spread(sheet, viewer, ids, [c.changed for c in per])
    for pk, count, of in zip(ids, changed, wholes, strict=True):
        tie(sheet, count, of, known=viewer.knows(pk))
    tie(sheet, changed_total, whole, known=viewer.knows_all(ids))
    cells = sheet.protect()
    rows = [
        (municipality, cells[i], cells[o], cells[c])
        for municipality, i, o, c in zip(municipalities, inside, outside, changed, strict=True)
    ]
    return ShownScreening(
        screening, rows, (cells[inside_total], cells[outside_total], cells[changed_total])
    )


def _managed(request: AuthedRequest, partnership_id: int) -> Partnership:
    partnership = partnership_get(user=request.user, pk=partnership_id)
    if not selectors.may_manage(request.user, partnership):
        raise Http404
    return partnership


@permission_required(Permission.VIEW_FIGURES)
def target_group_list(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_get(user=request.user, pk=partnership_id)
    definitions = selectors.definitions_of(partnership)
    municipalities = list(partnership.municipalities.order_by("name"))
    viewer = viewer_of(request.user)
    screenings = [
        shown_screening(screening, municipalities, viewer)
        for screening in selectors.screenings_of(partnership)[:3]
    ]
    context = {
        "partnership": partnership,
        "definitions": definitions,
        "current": selectors.current_definition(partnership, timezone.localdate(), definitions),
        "screenings": screenings,
        "municipalities": municipalities,
        "may_manage": selectors.may_manage(request.user, partnership),
    }
    return render(request, "measures/target_groups.html", context)


@permission_required(Permission.MANAGE_TARGET_GROUPS)
def target_group_new(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """A new definition, or (``?from=<id>``) a new version of one, its rule filled in."""
    partnership = _managed(request, partnership_id)
    initial = {"valid_from": timezone.localdate()}
    source = request.GET.get("from", "")
    if source:
        if not source.isdigit():
            raise Http404
        earlier = get_object_or_404(TargetGroupDefinition, pk=source, partnership=partnership)
        initial |= TargetGroupDefinitionForm.initial_from(earlier.name, earlier.rule)
    form = TargetGroupDefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.definition_save(
                actor=request.user,
                partnership=partnership,
                data=services.DefinitionInput(
                    name=form.cleaned_data["name"],
                    valid_from=form.cleaned_data["valid_from"],
                    rule=form.rule(),
                ),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s, version %(version)s, is saved.")
                % {"name": saved.name, "version": saved.version},
            )
            return redirect("measures:target-groups", partnership_id=partnership.pk)
    return render(
        request, "measures/target_group_form.html", {"form": form, "partnership": partnership}
    )


@permission_required(Permission.MANAGE_TARGET_GROUPS)
@require_POST
def target_group_screen(
    request: AuthedRequest, partnership_id: int, definition_id: int
) -> HttpResponse:
    """Re-screen the partnership's people under one definition, now."""
    partnership = _managed(request, partnership_id)
    definition = get_object_or_404(TargetGroupDefinition, pk=definition_id, partnership=partnership)
    result = services.screening_run(actor=request.user, definition=definition)
    messages.success(
        request,
        _("%(name)s: the re-screening of %(date)s is done.")
        % {"name": definition, "date": result.screening.screened_on.strftime("%d.%m.%Y")},
    )
    return redirect("measures:target-groups", partnership_id=partnership.pk)
