"""``{% pending_signup_count as count %}``: how many public sign-ups the current user may
review (partners and volunteers), for a link to the review queue."""

from __future__ import annotations

from typing import Any

from django import template

from brobygger.partners.models import Organisation
from brobygger.signup import questionnaire, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_signup_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return selectors.pending_count(user=user)


@register.inclusion_tag("signup/partner_questionnaire.html")
def partner_questionnaire(organisation: Organisation) -> dict[str, Any]:
    """A partner's answers to the sign-up questionnaire and its "appetitvækker", on its page
    after approval (nothing for a partner added by staff)."""
    signup = selectors.partner_answers(organisation)
    rows = questionnaire.answered(signup.kind, signup.answers) if signup else []
    return {"organisation": organisation, "signup": signup, "rows": rows}
