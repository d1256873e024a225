"""The shared taxonomy of competences, needs and interests: seed 002's list of what one
association has and another lacks ("regnskab, projektledelse, supervision, rekruttering af
frivillige, samarbejde med lokale boligforeninger, udvikling af frivillige trænere og ledere")
and what a mentor can help a person with. Keys are those of ``brobygger.matching.taxonomy``
(copied here so that the migration does not change when the module does)."""

from django.db import migrations

TERMS = [
    ('accounting', 'organisation', 'Regnskab og bogføring'),
    ('project_management', 'organisation', 'Projektledelse'),
    ('supervision', 'organisation', 'Supervision'),
    ('volunteer_recruitment', 'organisation', 'Rekruttering af frivillige'),
    ('communication', 'organisation', 'Kommunikation og PR'),
    ('fundraising', 'organisation', 'Fondssøgning'),
    ('housing_cooperation', 'organisation', 'Samarbejde med boligforeninger'),
    ('coach_training', 'organisation', 'Uddannelse af trænere og ledere'),
    ('it', 'organisation', 'IT og digitalisering'),
    ('legal', 'organisation', 'Jura og vedtægter'),
    ('board_work', 'organisation', 'Bestyrelsesarbejde'),
    ('premises', 'organisation', 'Lokaler'),
    ('target_group_access', 'organisation', 'Adgang til målgruppen'),
    ('internships', 'organisation', 'Praktikpladser og job'),
    ('job_search', 'person', 'Jobsøgning og CV'),
    ('danish_practice', 'person', 'Dansk sprogtræning'),
    ('education_guidance', 'person', 'Uddannelsesvejledning'),
    ('household_economy', 'person', 'Privatøkonomi og budget'),
    ('digital_self_service', 'person', 'MitID, e-Boks og digital post'),
    ('children_school', 'person', 'Børn, skole og forældresamarbejde'),
    ('health', 'person', 'Sundhed og trivsel'),
    ('sport', 'person', 'Idræt og motion'),
    ('cycling', 'person', 'Cykling'),
    ('cooking', 'person', 'Madlavning og fællesspisning'),
    ('crafts', 'person', 'Håndarbejde og kreative fag'),
    ('network', 'person', 'Netværk og fællesskab'),
    ('volunteering', 'person', 'Frivilligt arbejde'),
    ('entrepreneurship', 'person', 'Egen virksomhed'),
]


def seed(apps, schema_editor):
    Competence = apps.get_model("partners", "Competence")
    for position, (key, group, name) in enumerate(TERMS):
        Competence.objects.update_or_create(
            key=key, defaults={"name": name, "group": group, "position": position}
        )


def unseed(apps, schema_editor):
    apps.get_model("partners", "Competence").objects.filter(
        key__in=[key for key, _group, _name in TERMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
