"""Partners that the matches pair, for the tests of the matches and of agreements drafted
from them."""

from __future__ import annotations

from brobygger.partners import services
from brobygger.partners.models import Competence, Organisation
from brobygger.testing import Cast


def club_and_company(cast: Cast) -> tuple[Organisation, Organisation]:
    """A club of Viborg that needs help with its accounts, and a company that offers it."""
    accounting = Competence.objects.get(key="accounting")
    club = services.organisation_save(
        actor=cast.alice,
        municipality=cast.viborg,
        data=services.OrganisationData(
            name="Somalisk Kvindeforening",
            kind="ethnic_minority_association",
            needs=[accounting],
            needs_text="Hjælp til regnskabet",
        ),
    )
    company = services.organisation_save(
        actor=cast.alice,
        municipality=cast.viborg,
        data=services.OrganisationData(
            name="Revisorhuset",
            kind="company",
            cvr="13585628",
            offers=[accounting],
            offers_text="Regnskaber og bogføring",
        ),
    )
    return club, company
