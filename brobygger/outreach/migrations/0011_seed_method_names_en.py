"""English names of the seeded outreach methods, for the English interface (the Danish names
stay what users say; administrators may change either)."""

from django.db import migrations

NAMES_EN = {
    "Udsøgning fra lister og skriftlig invitation": "Search of lists and a written invitation",
    "Telefonisk kontakt ud fra lister": "Phone calls from lists",
    "Liste over tidligere kursister på sprogskolen": "List of former language school students",
    "Liste over garantistillelser (familiesammenføring)": "List of guarantors (family reunification)",
    "Liste over borgere, der afslutter integrationsprogrammet": (
        "List of people finishing the integration programme"
    ),
    "Invitation til informationsmøde": "Invitation to an information meeting",
    "Invitation til virksomhedsbesøg": "Invitation to a company visit",
    "Boligsocial medarbejder": "Housing social worker",
    "Frivillighus eller forening": "Volunteer centre or association",
    "Etnisk minoritetsforening": "Ethnic minority association",
    "Religiøst fællesskab": "Religious community",
    "Bydelsmødre": "Neighbourhood mothers",
    "Integrationsråd": "Integration council",
    "Skole": "School",
    "Børneinstitution": "Childcare institution",
    "Sundhedsplejerske": "Health visitor",
    "Vejledere og undervisere på sprogskolen": "Language school counsellors and teachers",
    "VUC eller uddannelsescenter": "Adult education centre (VUC)",
    "Lokal nøgleperson": "Local key person",
    "Opslag i opgange og vaskekældre": "Posters in stairwells and laundry rooms",
    "Opslag på bibliotek, borgerservice, svømmehal eller hos læge": (
        "Posters at the library, citizen service, swimming pool or doctor"
    ),
    "Omtale i beboerblad": "Article in the residents' magazine",
    "Omtale i lokal ugeavis": "Article in the local weekly",
    "Flyers (fx med take away)": "Flyers (e.g. with take-away food)",
    "Kommunens storskærme og hjemmeside": "The municipality's screens and website",
    "Info på målgruppens 'stier' (frisør, bager, slagter, fitness)": (
        "Information on the target group's paths (hairdresser, baker, butcher, gym)"
    ),
    "Jobcenterfilial i boligområde (fremskudt indsats)": (
        "Job centre branch in a housing area (outreach office)"
    ),
    "Præsentation i kvindeklub eller kvindecafé": "Talk at a women's club or café",
    "Præsentation i aktivitetshus i boligområde": "Talk at a community centre in a housing area",
    "Stand ved arrangement": "Stand at an event",
    "Mund til mund": "Word of mouth",
    "Ambassadør (borger, der har fået job)": "Ambassador (a woman who found a job)",
    "Henvisning fra kollega i kommunen": "Referral from a colleague in the municipality",
    "Borgerservice, pladsanvisning eller boligsikring": (
        "Citizen service, childcare allocation or housing benefit"
    ),
    "Sundhedspleje eller daginstitution (kommunal)": "Health visiting or day care (municipal)",
}


def name(apps, schema_editor):
    OutreachMethod = apps.get_model("outreach", "OutreachMethod")
    for method in OutreachMethod.objects.filter(name__in=NAMES_EN, name_en=""):
        method.name_en = NAMES_EN[method.name]
        method.save(update_fields=["name_en"])


def unname(apps, schema_editor):
    OutreachMethod = apps.get_model("outreach", "OutreachMethod")
    for danish, english in NAMES_EN.items():
        OutreachMethod.objects.filter(name=danish, name_en=english).update(name_en="")


class Migration(migrations.Migration):
    dependencies = [("outreach", "0010_catalogue_name_en")]

    operations = [migrations.RunPython(name, unname)]
