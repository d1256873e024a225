"""Seed the outreach method catalogue from seeds 000 and 004 (Danish names, as users say them)."""

from django.db import migrations

METHODS = {
    "lists": [
        "Udsøgning fra lister og skriftlig invitation",
        "Telefonisk kontakt ud fra lister",
        "Liste over tidligere kursister på sprogskolen",
        "Liste over garantistillelser (familiesammenføring)",
        "Liste over borgere, der afslutter integrationsprogrammet",
        "Invitation til informationsmøde",
        "Invitation til virksomhedsbesøg",
    ],
    "partners": [
        "Boligsocial medarbejder",
        "Frivillighus eller forening",
        "Etnisk minoritetsforening",
        "Religiøst fællesskab",
        "Bydelsmødre",
        "Integrationsråd",
        "Skole",
        "Børneinstitution",
        "Sundhedsplejerske",
        "Vejledere og undervisere på sprogskolen",
        "VUC eller uddannelsescenter",
        "Lokal nøgleperson",
    ],
    "pr": [
        "Opslag i opgange og vaskekældre",
        "Opslag på bibliotek, borgerservice, svømmehal eller hos læge",
        "Omtale i beboerblad",
        "Omtale i lokal ugeavis",
        "Flyers (fx med take away)",
        "Kommunens storskærme og hjemmeside",
        "Info på målgruppens 'stier' (frisør, bager, slagter, fitness)",
    ],
    "local_presence": [
        "Jobcenterfilial i boligområde (fremskudt indsats)",
        "Præsentation i kvindeklub eller kvindecafé",
        "Præsentation i aktivitetshus i boligområde",
        "Stand ved arrangement",
    ],
    "word_of_mouth": [
        "Mund til mund",
        "Ambassadør (borger, der har fået job)",
    ],
    "internal": [
        "Henvisning fra kollega i kommunen",
        "Borgerservice, pladsanvisning eller boligsikring",
        "Sundhedspleje eller daginstitution (kommunal)",
    ],
}


def seed(apps, schema_editor):
    OutreachMethod = apps.get_model("outreach", "OutreachMethod")
    existing = set(OutreachMethod.objects.values_list("name", flat=True))
    OutreachMethod.objects.bulk_create(
        OutreachMethod(name=name, category=category, position=position)
        for category, names in METHODS.items()
        for position, name in enumerate(names)
        if name not in existing
    )


def unseed(apps, schema_editor):
    names = [name for names in METHODS.values() for name in names]
    apps.get_model("outreach", "OutreachMethod").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
