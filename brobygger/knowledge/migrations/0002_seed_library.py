"""Seed the shared methods library from the seeds' methods (Danish, as the users say them).

The entries have no partnership: they are the shared catalogue that every partnership's library
shows, the existing ones and every partnership created later. A partnership that wants to change
an entry adapts it into its own library (see ``knowledge.models``). Entries are found again by
``seed_key``; an entry that already exists is left as it is (an administrator may have edited
it), and an outreach method that has been renamed is simply not linked."""

from django.db import migrations

ENTRIES = [
    {
        "seed_key": "opsoegende-arbejde-i-foreningslivet",
        "title": "Opsøgende arbejde i foreningslivet",
        "category": "associations",
        "tags": "foreninger, kortlægning, frivillighedskoordinator",
        "summary": (
            "Kommunen opsøger de lokale foreninger én ad gangen og finder ud af, hvilke "
            "aktiviteter, målgrupper, kompetencer og udfordringer de har. Foreningerne kan give "
            "adgang til målgrupper, som kommunen ikke selv når, og viden fra turen rundt er "
            "grundlaget for de andre samarbejder i kataloget."
        ),
        "steps": (
            "Afklar internt, hvilken rolle kommunen vil have over for foreningslivet, og hvilke "
            "ressourcer, hvilken viden og hvilket netværk I kan tilbyde.\n"
            "Skab opbakning ved at inddrage så mange kolleger som muligt i opstarten.\n"
            "Ring til foreningerne én ad gangen og spørg, om I må komme på besøg.\n"
            "Anerkend det, foreningen allerede gør, og spørg åbent til aktiviteter, målgrupper, "
            "nye idéer og udfordringer.\n"
            "Fortæl om andre foreninger med lignende aktiviteter eller udfordringer, og formidl "
            "kontakten.\n"
            "Drøft bagefter internt: adgang til målgruppen, fælles eller supplerende "
            "kerneopgaver, og hvem der kan lære af hvem."
        ),
        "pros": (
            "Giver adgang til målgrupper, som er svære at nå gennem kommunens egne kanaler.\n"
            "Foreningerne begynder at se kommunen som en aktiv samarbejdspartner.\n"
            "Giver det overblik, som de andre metoder i kataloget bygger på."
        ),
        "cons": (
            "Tager tid: ét besøg ad gangen, ofte om aftenen, hvor de frivillige er der.\n"
            "Det er ikke nok, at kommunen gerne vil – der skal være et behov og noget at byde "
            "ind med.\n"
            "Brede netværksmøder giver sjældent noget; det kræver målrettede møder og konkrete "
            "projekter."
        ),
        "resources": (
            "En medarbejder (fx en frivillighedskoordinator) med tid til besøg, også uden for "
            "almindelig arbejdstid. En kort præsentation af, hvad kommunen kan tilbyde."
        ),
        "source": "Seed 002: Opdag potentialerne i foreningslivet (Aarhus Kommune)",
        "method": "Frivillighus eller forening",
    },
    {
        "seed_key": "kommunen-som-match-maker",
        "title": "Kommunen som match maker",
        "category": "associations",
        "tags": "foreninger, match, samarbejdsaftale, statusmøder",
        "summary": (
            "Kommunen sætter foreninger sammen, der kan hjælpe hinanden: den ene har målgruppen, "
            "den anden ressourcerne og de frivillige. Kommunen faciliterer i opstarten og "
            "trækker sig, når samarbejdet kører."
        ),
        "steps": (
            "Saml viden om foreningerne (se Opsøgende arbejde i foreningslivet).\n"
            "Se efter match: hvor har en forening kompetencer, som en anden mangler – regnskab, "
            "projektledelse, rekruttering af frivillige, samarbejde med boligforeninger?\n"
            "Hold et møde med de foreninger, der kan hjælpe hinanden: interesser, kompetencer, "
            "hvad de kan bidrage med, og hvad de mangler.\n"
            "Lav en kort samarbejdsaftale: hvornår, hvor ofte, hvor længe og hvordan; hver "
            "parts ressourcer; statusmøder; hvordan udfordringer håndteres.\n"
            "Fortæl fra start, at det bygger på hjælp til selvhjælp, og at kommunen trækker "
            "sig, når samarbejdet er i gang.\n"
            "Hold opfølgningsmøder med fast dagsorden: Hvordan går samarbejdet? Hvilken "
            "positiv udvikling er der sket? Hvilke udfordringer, og hvordan løses de? Hvad er "
            "næste mål?"
        ),
        "pros": (
            "Foreningerne får en meningsfuld aktivitet uden at starte fra bunden.\n"
            "Nye foreninger lærer, hvad det vil sige at være forening i Danmark.\n"
            "Samarbejdet kan fortsætte uden kommunen: koordinatoren gør sig selv arbejdsløs."
        ),
        "cons": (
            "Kræver godt kendskab til foreningernes styrker og udfordringer.\n"
            "Kommunens rolle skal være tydelig, ellers bliver foreningerne afhængige af den.\n"
            "Frivillige ressourcer er usikre; aftalen skal sige, hvad der sker, hvis der ikke "
            "er frivillige nok."
        ),
        "resources": "Tid til møder og opfølgning i etableringsfasen; lokaler til fællesmøder.",
        "source": (
            "Seed 002: Kommunen som match maker i foreningslivet (Randers og Slagelse Kommune)"
        ),
        "method": "",
    },
    {
        "seed_key": "speed-dating-foreninger-virksomheder",
        "title": "Speed dating mellem foreninger og virksomheder",
        "category": "companies",
        "tags": "CSR, virksomheder, foreninger, arrangement",
        "summary": (
            "Kommunen bringer foreninger og virksomheder sammen om CSR-samarbejde, hvor "
            "virksomheden bidrager med sine kernekompetencer (regnskab, kommunikation, "
            "projektledelse) – fx ved et speed dating-arrangement."
        ),
        "steps": (
            "Afklar internt, hvilke ressourcer foreningslivet mangler, og hvilke virksomheder "
            "der har dem som kernekompetence.\n"
            "Rekruttér foreninger via besøg, hjemmeside, Facebook og nyhedsbreve; vælg dem, der "
            "er nysgerrige og kan konkretisere deres behov.\n"
            "Hold informationsmøde og individuelle møder om forventninger; træn foreningerne i "
            "at skrive en kort appetitvækker.\n"
            "Kontakt virksomheder med de efterspurgte kompetencer, og følg op med et besøg.\n"
            "Hold speed dating eller et opstartsmøde: hvem, hvad, hvor, hvordan, hvor meget og "
            "hvor længe?\n"
            "Lav en kort skriftlig samarbejdsaftale, følg op, og fortæl de gode historier."
        ),
        "pros": (
            "Foreningerne får kompetencer, som kommunen ikke selv kan give.\n"
            "Virksomhederne styrker deres sociale profil og træner medarbejderne.\n"
            "Kommunens involvering giver samarbejdet en slags blåstempling."
        ),
        "cons": (
            "Opstartsfasen kræver ressourcer i både forening og virksomhed.\n"
            "Udbyttet bliver måske først synligt på længere sigt.\n"
            "Begge parters interesser skal imødekommes, ellers holder samarbejdet ikke."
        ),
        "resources": (
            "Mødelokale og planlægning af arrangementet; kommunens netværk til virksomhederne; "
            "evt. hjælp fra kommunikationsafdelingen."
        ),
        "source": (
            "Seed 002: Faciliter CSR-samarbejde mellem foreningsliv og virksomheder; speed "
            "dating (Københavns Kommune)"
        ),
        "method": "",
    },
    {
        "seed_key": "etniske-minoritetsforeninger",
        "title": "Brug de etniske minoritetsforeninger",
        "category": "associations",
        "tags": "etniske minoritetsforeninger, kapacitetsudvikling, rådgivning",
        "summary": (
            "Etniske minoritetsforeninger har en unik adgang til målgruppen. Kommunen kan "
            "styrke dem med individuel rådgivning og kapacitetsudvikling og bruge deres viden "
            "til at målrette indsatsen."
        ),
        "steps": (
            "Undersøg, hvilke etniske minoritetsforeninger der er i området, og hvad de har "
            "brug for – spørg boligsociale medarbejdere, kulturhuse og paraplyorganisationer.\n"
            "Planlæg et konkret tilbud: individuel rådgivning, workshops eller kurser.\n"
            "Gør foreningerne opmærksomme på tilbuddet via netværket, hjemmesiden, Facebook og "
            "biblioteket.\n"
            "Find rådgivere, fx studentermedhjælpere, der kan arbejde eftermiddag og aften, og "
            "klæd dem på.\n"
            "Giv hver forening én fast rådgiver, og arbejd med hjælp til selvhjælp og klare "
            "aftaler."
        ),
        "pros": (
            "Adgang til målgruppen – også de særligt udsatte.\n"
            "Foreningerne bliver selvkørende og gennemfører aktiviteter på lige fod med andre.\n"
            "Indsatsen bliver mere målrettet, når foreningerne er med til at udvikle den."
        ),
        "cons": (
            "Individuel rådgivning er tidskrævende, og resultatet afhænger af foreningens "
            "udgangspunkt og motivation.\n"
            "Nye foreninger er optaget af de praktiske ting; det langsigtede kræver tålmodighed.\n"
            "Den oplagte løsning (en folkeoplysende forening) passer ikke altid."
        ),
        "resources": "Rådgivere med fleksibel arbejdstid; kursusdage til at uddanne dem.",
        "source": (
            "Seed 002: Brug potentialerne hos de etniske minoritetsforeninger "
            "(ProjektVærkstedet, Københavns Kommune)"
        ),
        "method": "Etnisk minoritetsforening",
    },
    {
        "seed_key": "frivilligt-mentorkorps",
        "title": "Frivilligt mentorkorps",
        "category": "volunteers",
        "tags": "frivillige, mentorer, koordinator, match",
        "summary": (
            "En koordinator i jobcentret rekrutterer, uddanner og matcher frivillige, ulønnede "
            "mentorer med borgere. Mentorerne giver råd og vejledning, hjælper i hverdagen og "
            "åbner døre til samfundet på en anden måde end en kommunalt ansat."
        ),
        "steps": (
            "Udpeg en koordinator i jobcentret med ansvar for rekruttering, uddannelse og "
            "match.\n"
            "Aftal, hvem der kan henvise borgere: sagsbehandlere i forskellige afdelinger, "
            "sprogskolen, foreninger.\n"
            "Uddan mentorerne, og lav klare aftaler om ansvar og roller.\n"
            "Match borger og mentor ud fra sprog, interesser og hvor de bor.\n"
            "Vær parat med hjælp og støtte, hvis der opstår problemer.\n"
            "Støt mentorerne i at lave deres egen forening og egne arrangementer, fx "
            "fællesspisning."
        ),
        "pros": (
            "Frivillige mentorer har lyst til opgaven og er motiverede.\n"
            "Der er stor interesse for at blive mentor; det er let at skaffe nok egnede "
            "frivillige.\n"
            "Den frivillige er ikke myndighed – der er ikke et magtforhold mellem mentor og "
            "borger."
        ),
        "cons": (
            "Koordinatorens tid til at uddanne og matche er flaskehalsen.\n"
            "Skeptikere finder det usikkert at lade frivillige være mentor for borgere med "
            "svære problemer.\n"
            "Frivillige ressourcer er usikre; der skal være en plan, hvis der ikke er mentorer "
            "nok."
        ),
        "resources": (
            "En koordinator (en del af en stilling); uddannelse af mentorerne; midler til "
            "arrangementer."
        ),
        "source": (
            "Seed 001: Jobcenter Middelfart – frivilligt mentorkorps; seed 002: Mentorprojekt "
            "i Aarhus"
        ),
        "method": "",
    },
    {
        "seed_key": "fremskudt-indsats-i-boligomraader",
        "title": "Fremskudt indsats i boligområder",
        "category": "local_presence",
        "tags": "jobcenterfilial, boligområde, lokal tilstedeværelse",
        "summary": (
            "Jobcentret rykker ud i boligområdet med en filial eller faste træffetider. Den "
            "lokale placering giver en tættere og mere ligeværdig kontakt, og det er nemt at "
            "kigge forbi."
        ),
        "steps": (
            "Vælg boligområde og organisationsmodel sammen med boligforeningen og de "
            "boligsociale medarbejdere.\n"
            "Find lokaler, som beboerne i forvejen kender (beboerhus, aktivitetshus).\n"
            "Aftal faste åbningstider, og hvem der er der.\n"
            "Afklar samarbejdet internt i jobcentret om visitation og sanktioner.\n"
            "Fortæl om filialen i beboerbladet, i kvindeklubben og gennem lokale "
            "nøglepersoner.\n"
            "Registrér besøgene, også de anonyme, så I kan se, hvad filialen giver."
        ),
        "pros": (
            "Personlig kontakt og hurtig reaktion virker motiverende.\n"
            "Det er nemmere for borgerne at kigge forbi og få svar.\n"
            "Synergi: når en bekendt i opgangen får job, bliver drømmen opnåelig."
        ),
        "cons": (
            "Binder medarbejdertimer i området, også de dage hvor der kommer få.\n"
            "Kræver samarbejde med boligforening og beboere og klare interne aftaler.\n"
            "Kan komme til at signalere myndighed i et område, hvor man vil være ligeværdig."
        ),
        "resources": "Lokaler i boligområdet; medarbejdertimer til faste åbningstider.",
        "source": (
            "Seed 003: Jobcenterfilialer i boligområder (SEBI); seed 004: fremrykket indsats i "
            "lokalområder"
        ),
        "method": "Jobcenterfilial i boligområde (fremskudt indsats)",
    },
    {
        "seed_key": "ambassadoerer",
        "title": "Ambassadører: borgere i job fortæller",
        "category": "outreach",
        "tags": "ambassadører, rollemodeller, mund til mund",
        "summary": (
            "Kvinder, der er kommet i job eller uddannelse, fortæller om det i deres "
            "omgangskreds og ved arrangementer. De er rollemodeller og når dem, som kommunen "
            "ikke selv når."
        ),
        "steps": (
            "Spørg borgere, der er kommet i job, om de vil fortælle om det – frivilligt og med "
            "samtykke.\n"
            "Klæd ambassadørerne på: hvad projektet tilbyder, og hvordan man kommer i kontakt.\n"
            "Brug dem ved informationsmøder, i kvindeklubben og i foreninger.\n"
            "Registrér, når en ny borger kommer via en ambassadør, så I kan se effekten."
        ),
        "pros": (
            "Troværdigt: når en bekendt får job, bliver drømmen opnåelig.\n"
            "Når ud gennem netværk, som kommunen ikke har adgang til.\n"
            "Koster næsten intet."
        ),
        "cons": (
            "Det er svært at styre, hvad der bliver sagt.\n"
            "Ambassadøren skal have lyst og må ikke føle sig presset.\n"
            "Effekten viser sig først efter nogen tid og kan ikke måles uden registrering."
        ),
        "resources": "Lidt tid til at klæde ambassadørerne på; evt. forplejning ved arrangementer.",
        "source": (
            "Seed 000: tip om rollemodeller; seed 003: en bekendt i opgangen; seed 004: mund "
            "til mund"
        ),
        "method": "Ambassadør (borger, der har fået job)",
    },
    {
        "seed_key": "brug-af-lister",
        "title": "Brug af lister",
        "category": "outreach",
        "tags": "lister, udsøgning, invitation, oplysningspligt",
        "summary": (
            "Målgruppen findes ud fra lister: garantistillelser ved familiesammenføring, "
            "tidligere kursister på sprogskolen, borgere der afslutter integrationsprogrammet, "
            "og sagsbehandleres \"gamle\" lister. Borgerne inviteres skriftligt eller ringes op."
        ),
        "steps": (
            "Afklar hjemmel og oplysningspligt (GDPR art. 14), før listen tages i brug.\n"
            "Importér listen, og find dem, I allerede kender.\n"
            "Send en personlig invitation til informationsmøde, samtale eller virksomhedsbesøg "
            "– gerne på flere sprog.\n"
            "Ring til dem, der ikke svarer.\n"
            "Registrér hvert kontaktforsøg og dets udfald."
        ),
        "pros": (
            "Når borgere, som ingen andre kanaler fanger, fordi de ikke modtager ydelser.\n"
            "Systematisk: alle på listen får en henvendelse.\n"
            "Let at måle: hvor mange blev fundet, og hvor mange blev kontaktet."
        ),
        "cons": (
            "Listerne er ofte forældede: forkerte adresser og telefonnumre.\n"
            "Kræver afklaring af hjemmel og oplysningspligt.\n"
            "Et brev fra kommunen kan virke som myndighed og skræmme."
        ),
        "resources": "Adgang til listerne; tid til breve og opringninger; tolk ved behov.",
        "source": (
            "Seed 004: lister (UIP, garantistillelse, tidligere elever på sprogskolen, "
            "sagsbehandlers lister); seed 000: udsøgning og direkte kontakt"
        ),
        "method": "Udsøgning fra lister og skriftlig invitation",
    },
    {
        "seed_key": "information-internt-i-kommunen",
        "title": "Information internt i kommunen",
        "category": "outreach",
        "tags": "kolleger, henvisning, borgerservice, sundhedspleje",
        "summary": (
            "Kolleger i kommunen møder målgruppen i andre sammenhænge: borgerservice, "
            "pladsanvisning, boligsikring, daginstitutioner og sundhedspleje. Når de kender "
            "projektet, kan de henvise."
        ),
        "steps": (
            "Rundsend kortfattet information til medarbejderne i kommunen.\n"
            "Fortæl om projektet på teammøder.\n"
            "Informér borgerservice, pladsanvisning og boligsikring.\n"
            "Informér børnehaveledere og sundhedsplejersker.\n"
            "Send information med andre \"kommunebreve\".\n"
            "Mind kollegerne om projektet igen og igen."
        ),
        "pros": (
            "Billigt og hurtigt at komme i gang.\n"
            "Kollegerne har ofte allerede en tillidsfuld kontakt til familien.\n"
            "Giver henvisninger løbende."
        ),
        "cons": (
            "Information bliver hurtigt glemt; det kræver gentagne påmindelser.\n"
            "Afhænger af travle kollegers velvilje.\n"
            "Henvisningerne kan være få og svære at spore uden registrering."
        ),
        "resources": "Lidt tid til information og påmindelser.",
        "source": "Seed 000: Internt i kommunen",
        "method": "Henvisning fra kollega i kommunen",
    },
    {
        "seed_key": "bydelsmoedre-og-noeglepersoner",
        "title": "Bydelsmødre og lokale nøglepersoner",
        "category": "outreach",
        "tags": "bydelsmødre, nøglepersoner, boligsociale medarbejdere",
        "summary": (
            "Bydelsmødre, boligsociale medarbejdere og andre lokale nøglepersoner kender "
            "kvinderne og har deres tillid. De kan fortælle om tilbuddene og følge en kvinde "
            "det første stykke vej."
        ),
        "steps": (
            "Find nøglepersonerne: bydelsmødre, boligsociale medarbejdere, integrationsråd, "
            "religiøse fællesskaber.\n"
            "Præsentér projekttilbuddet for dem – gerne ved deres egne møder.\n"
            "Aftal, hvordan de kan henvise, og hvem de kan ringe til.\n"
            "Hold kontakten ved uformel snak til arrangementer.\n"
            "Fortæl dem, hvordan det går (uden personoplysninger)."
        ),
        "pros": (
            "Nøglepersonerne har målgruppens tillid.\n"
            "Når kvinder, der ikke læser kommunens breve.\n"
            "Kan følge en kvinde til det første møde."
        ),
        "cons": (
            "Afhænger af få personers engagement og tid.\n"
            "Nøglepersonerne må ikke blive kommunens forlængede arm.\n"
            "Svært at måle uden registrering af, hvem der henviste."
        ),
        "resources": "Tid til møder og til at holde kontakten.",
        "source": (
            "Seed 000: Møder, arrangementer og foreninger; seed 004: samarbejde (bydelsmødre, "
            "boligsociale medarbejdere, religiøse fællesskaber)"
        ),
        "method": "Bydelsmødre",
    },
    {
        "seed_key": "opslag-og-omtale",
        "title": "Opslag og omtale, hvor målgruppen færdes",
        "category": "outreach",
        "tags": "PR, opslag, flyers, lokalavis",
        "summary": (
            "Plakater i vaskekældre og opgange, opslag på biblioteket og hos lægen, omtale i "
            "beboerblad og lokal ugeavis, flyers med take away og information hos frisøren, "
            "bageren og slagteren."
        ),
        "steps": (
            "Lav et kort, enkelt budskab med billede og kontaktoplysninger – gerne på flere "
            "sprog.\n"
            "Find målgruppens \"stier\": vaskekældre, opgange, bibliotek, læge, frisør, bager, "
            "slagter, fitness.\n"
            "Sæt opslag op, og få omtale i beboerblad, lokal ugeavis og på kommunens "
            "storskærme.\n"
            "Brug en kampagnekode eller QR-kode, så I kan se, hvor henvendelserne kommer fra.\n"
            "Skift opslagene jævnligt."
        ),
        "pros": (
            "Når mange for få penge.\n"
            "Kan gentages og varieres.\n"
            "Når også dem, der hverken har kontakt til kommunen eller til foreninger."
        ),
        "cons": (
            "Få reagerer på et opslag alene; det virker bedst sammen med personlig kontakt.\n"
            "Kræver oversættelse og et budskab, der taler til målgruppen.\n"
            "Uden kampagnekode er det svært at se, hvad der virkede."
        ),
        "resources": "Tryk af plakater og flyers; tid til at sætte dem op; evt. annoncepris.",
        "source": "Seed 000: I boligområder og på offentlige steder; seed 004: PR",
        "method": "Opslag i opgange og vaskekældre",
    },
    {
        "seed_key": "start-med-holdningerne",
        "title": "Start med holdningerne",
        "category": "organisation",
        "tags": "holdninger, personale, frivillige, øvelse",
        "summary": (
            "Før jobcentret går i gang med frivillige, afdækkes personalets holdninger: den "
            "entusiastiske, den forventningsfulde og den skeptiske. Hver medarbejder vælger de "
            "udsagn, hun er mest og mindst enig i, og placerer sig på skalaen fra skeptisk til "
            "entusiastisk."
        ),
        "steps": (
            "Lad chefer og medarbejdere læse beskrivelserne af de tre arketyper.\n"
            "Hver vælger de tre udsagn, de er mest enige i, og de tre, de er mest uenige i.\n"
            "Hver placerer sig på skalaen fra skeptisk til entusiastisk (spørgeskemaet i "
            "Brobygger er anonymt).\n"
            "Drøft resultatet sammen: er der en god base af entusiaster og forventningsfulde "
            "blandt dem, der skal trække læsset?\n"
            "Aftal klare roller, sørg for ledelsesmæssig opbakning, og undgå for meget "
            "bureaukrati."
        ),
        "pros": (
            "Gør uenighed synlig, før den spænder ben for samarbejdet.\n"
            "Giver et fælles sprog om forventningerne til frivillige.\n"
            "En hurtig øvelse, der kan gentages."
        ),
        "cons": (
            "Kræver tryghed; svarene skal være anonyme.\n"
            "I små teams kan resultatet ikke vises uden at afsløre den enkelte (Brobygger "
            "viser først tal ved mindst fem svar).\n"
            "Holdninger ændrer sig ikke af en øvelse alene."
        ),
        "resources": "En halv time på et personalemøde.",
        "source": (
            "Seed 001: Holdninger og forventninger – tre arketyper og oplæg til "
            "holdningsafklaring"
        ),
        "method": "",
    },
]


def seed(apps, schema_editor):
    MethodEntry = apps.get_model("knowledge", "MethodEntry")
    OutreachMethod = apps.get_model("outreach", "OutreachMethod")
    methods = {m.name: m for m in OutreachMethod.objects.all()}
    existing = set(
        MethodEntry.objects.exclude(seed_key="").values_list("seed_key", flat=True)
    )
    MethodEntry.objects.bulk_create(
        MethodEntry(
            partnership=None,
            outreach_method=methods.get(entry["method"]),
            **{key: value for key, value in entry.items() if key != "method"},
        )
        for entry in ENTRIES
        if entry["seed_key"] not in existing
    )


def unseed(apps, schema_editor):
    apps.get_model("knowledge", "MethodEntry").objects.filter(
        partnership__isnull=True, seed_key__in=[entry["seed_key"] for entry in ENTRIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
        ("outreach", "0002_seed_methods"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
