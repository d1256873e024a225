"""Sign-ups as the public sends them."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from brobygger.partners.models import Competence

ADDRESS = "198.51.100.7"


def volunteer_data(**changes: Any) -> dict[str, Any]:
    skills = list(Competence.objects.filter(group="person").values_list("pk", flat=True)[:2])
    data: dict[str, Any] = {
        "first_name": "Birthe",
        "last_name": "Nielsen",
        "gender": "female",
        "phone": "20 12 34 56",
        "email": "birthe@example.org",
        "postal_code": "8800",
        "languages": ["da", "ar"],
        "other_languages": "Tigrinya",
        "skills": skills,
        "interests": "Strikning og jobsøgning",
        "availability": "Tirsdag aften",
        "max_mentees": "2",
        "women_only": "on",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def association_data(**changes: Any) -> dict[str, Any]:
    accounting = Competence.objects.get(key="accounting")
    data: dict[str, Any] = {
        "name": "Somalisk Kvindeforening",
        "kind": "ethnic_minority_association",
        "cvr": "",
        "street": "Vestergade 1",
        "postal_code": "8800",
        "city": "Viborg",
        "email": "forening@example.org",
        "contact_name": "Hodan Ali",
        "contact_role": "Formand",
        "contact_phone": "20 12 34 57",
        "contact_email": "",
        "activities": "Lektiecafé og madklub for kvinder",
        "target_groups": "Somaliske kvinder og deres børn",
        "languages": ["so", "da"],
        "needs": [accounting.pk],
        "answer_wish": "Hjælp til at få styr på foreningens økonomi",
        "answer_competences": "Regnskab og budget",
        "answer_teaser": "Vi er 40 aktive kvinder, der gerne vil lære at føre regnskab.",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def company_data(**changes: Any) -> dict[str, Any]:
    accounting = Competence.objects.get(key="accounting")
    data: dict[str, Any] = {
        "name": "Revisorhuset Viborg",
        "cvr": "DK 13 58 56 28",
        "postal_code": "8800",
        "city": "Viborg",
        "contact_name": "Jens Hansen",
        "contact_email": "jens@example.org",
        "activities": "Revision og regnskab for små virksomheder",
        "offers": [accounting.pk],
        "internship_places": "2",
        "mentor_slots": "1",
        "answer_core_competences": "Regnskab og bogføring",
        "answer_company_gain": "Medarbejderne vil gerne bruge deres faglighed lokalt",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


FORMS = {
    "volunteer": volunteer_data,
    "association": association_data,
    "company": company_data,
}


def sign_up(
    client: Client, form: str, code: str = "791", language: str = "en", **changes: Any
) -> Any:
    url = reverse(f"signup_public:{form}", kwargs={"code": code})
    data = FORMS[form](**changes)
    data["lang"] = language
    return client.post(f"{url}?lang={language}", data, REMOTE_ADDR=ADDRESS)
