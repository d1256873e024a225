"""The printed plan's headings in the languages seeded by the languages app. Danish and English
are written by the team; the others are machine-drafted (synthetic wording) and stay marked "to
be checked by a translator" until someone checks them."""

from django.db import migrations

FIELDS = (
    "heading",
    "intro",
    "goals_heading",
    "by_label",
    "steps_heading",
    "support_heading",
    "mentor_label",
    "contact_heading",
)
CHECKED = {"da", "en"}
WORDINGS = {
    "da": (
        "Min plan",
        "Det er den plan, vi har lavet sammen. Gem den, og tag den med, når vi ses.",
        "Mine mål",
        "senest",
        "Næste skridt",
        "Det hjælper mig på vej",
        "Mentor",
        "Min kontaktperson",
    ),
    "en": (
        "My plan",
        "This is the plan we made together. Keep it, and bring it when we meet.",
        "My goals",
        "by",
        "Next steps",
        "What helps me on the way",
        "Mentor",
        "My contact person",
    ),
    "ar": (
        "خطتي",
        "هذه هي الخطة التي وضعناها معًا. احتفظي بها وأحضريها عندما نلتقي.",
        "أهدافي",
        "بحلول",
        "الخطوات التالية",
        "ما يساعدني في الطريق",
        "المرشدة",
        "الشخص المسؤول عن التواصل معي",
    ),
    "th": (
        "แผนของฉัน",
        "นี่คือแผนที่เราทำร่วมกัน โปรดเก็บไว้และนำมาด้วยเมื่อเราพบกัน",
        "เป้าหมายของฉัน",
        "ภายใน",
        "ขั้นตอนต่อไป",
        "สิ่งที่ช่วยฉัน",
        "พี่เลี้ยง",
        "ผู้ติดต่อของฉัน",
    ),
    "so": (
        "Qorshahayga",
        "Kani waa qorshaha aan wada samaynay. Hayso, oo keen marka aan kulanno.",
        "Hadafyadayda",
        "ilaa",
        "Tallaabooyinka xiga",
        "Waxa i caawiya",
        "Lataliye",
        "Qofka aan la xiriiro",
    ),
    "ti": (
        "ትልመይ",
        "እዚ ብሓባር ዝሰራሕናዮ ትልሚ እዩ። ሓዝዮ፡ ክንራኸብ ከለና ድማ ሒዝኪዮ ምጽኢ።",
        "ዕላማታተይ",
        "ክሳብ",
        "ዝቕጽሉ ስጉምትታት",
        "ዝሕግዘኒ",
        "መማኸርቲ",
        "ተራኻቢ ሰበይ",
    ),
    "fa": (
        "برنامه من",
        "این برنامه‌ای است که با هم تهیه کردیم. آن را نگه دارید و هنگام دیدار همراه بیاورید.",
        "اهداف من",
        "تا",
        "گام‌های بعدی",
        "آنچه به من کمک می‌کند",
        "مربی",
        "فرد رابط من",
    ),
    "prs": (
        "پلان من",
        "این پلانی است که با هم ساختیم. آن را نگه دارید و وقتی ملاقات می‌کنیم با خود بیاورید.",
        "اهداف من",
        "تا",
        "قدم‌های بعدی",
        "چیزهایی که به من کمک می‌کند",
        "رهنما",
        "شخص تماس من",
    ),
    "ur": (
        "میرا منصوبہ",
        "یہ وہ منصوبہ ہے جو ہم نے مل کر بنایا ہے۔ اسے سنبھال کر رکھیں اور ملاقات پر ساتھ لائیں۔",
        "میرے اہداف",
        "تک",
        "اگلے اقدامات",
        "جو چیزیں میری مدد کرتی ہیں",
        "رہنما",
        "میرا رابطہ کار",
    ),
    "tr": (
        "Planım",
        "Bu, birlikte hazırladığımız plan. Saklayın ve görüşmeye gelirken yanınızda getirin.",
        "Hedeflerim",
        "en geç",
        "Sonraki adımlar",
        "Bana yardımcı olanlar",
        "Mentor",
        "İrtibat kişim",
    ),
    "vi": (
        "Kế hoạch của tôi",
        "Đây là kế hoạch chúng ta đã cùng lập. Hãy giữ lại và mang theo khi chúng ta gặp nhau.",
        "Mục tiêu của tôi",
        "trước",
        "Các bước tiếp theo",
        "Những gì giúp tôi",
        "Người cố vấn",
        "Người liên hệ của tôi",
    ),
    "tl": (
        "Ang aking plano",
        "Ito ang planong ginawa natin nang magkasama. Itago ito at dalhin kapag tayo ay magkikita.",
        "Ang aking mga layunin",
        "bago ang",
        "Mga susunod na hakbang",
        "Ang tumutulong sa akin",
        "Mentor",
        "Ang aking contact person",
    ),
    "ku": (
        "Plana min",
        "Ev plana ku me bi hev re çêkiriye ye. Wê biparêze û dema em hev bibînin bi xwe re bîne.",
        "Armancên min",
        "heta",
        "Gavên din",
        "Tiştên ku alîkariya min dikin",
        "Mentor",
        "Kesê min ê têkiliyê",
    ),
    "ps": (
        "زما پلان",
        "دا هغه پلان دی چې موږ یې یوځای جوړ کړی. ساتئ یې او کله چې سره وینو له ځانه سره یې راوړئ.",
        "زما موخې",
        "تر",
        "راتلونکي ګامونه",
        "هغه څه چې ما سره مرسته کوي",
        "لارښود",
        "زما د اړیکې کس",
    ),
}


def seed(apps, schema_editor):
    Language = apps.get_model("languages", "Language")
    PlanWording = apps.get_model("cases", "PlanWording")
    for code, texts in WORDINGS.items():
        language = Language.objects.filter(code=code).first()
        if language is None:
            continue
        defaults = dict(zip(FIELDS, texts, strict=True))
        PlanWording.objects.update_or_create(
            language=language, defaults={**defaults, "checked_by_translator": code in CHECKED}
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "PlanWording").objects.filter(language__code__in=list(WORDINGS)).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_plan"), ("languages", "0002_seed_languages")]

    operations = [migrations.RunPython(seed, unseed)]
