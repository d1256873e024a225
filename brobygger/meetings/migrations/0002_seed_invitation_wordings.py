"""The invitation texts and the words for yes, no and maybe of the languages seeded by the
languages app. Danish and English are written by the team; the others are machine-drafted
(synthetic wording) and stay marked "to be checked by a translator" until someone checks them.
Merge fields: {name}, {title}, {date}, {start}, {end}, {place}, {address}."""

from django.db import migrations

# code: (heading, body, reminder heading, yes, no, maybe, checked by a translator)
WORDINGS = {
    "da": (
        "Invitation",
        "Kære {name}\n\nDu er inviteret til {title} {date} kl. {start}–{end}.\n"
        "Sted: {place}, {address}.\n\nSvar JA, NEJ eller MÅSKE på sms, eller ring til os.",
        "Påmindelse: vi ses i morgen",
        ["ja", "jo", "ok", "okay", "jeg kommer"],
        ["nej", "kan ikke", "kommer ikke"],
        ["måske", "ved ikke", "ikke sikker"],
        True,
    ),
    "en": (
        "Invitation",
        "Dear {name}\n\nYou are invited to {title} on {date} from {start} to {end}.\n"
        "Place: {place}, {address}.\n\nReply YES, NO or MAYBE by text message, or call us.",
        "Reminder: see you tomorrow",
        ["yes", "ok", "okay", "sure", "i will come"],
        ["no", "cannot", "can't", "not coming"],
        ["maybe", "perhaps", "not sure", "don't know"],
        True,
    ),
    "ar": (
        "دعوة",
        "عزيزتي {name}\n\nأنتِ مدعوة إلى {title} يوم {date} من الساعة {start} إلى {end}.\n"
        "المكان: {place}، {address}.\n\nأجيبي بـ نعم أو لا أو ربما في رسالة نصية، أو اتصلي بنا.",
        "تذكير: نراكِ غدًا",
        ["نعم", "أيوه", "ايوه", "أجل", "تمام", "حاضر"],
        ["لا", "لن أستطيع", "لا أستطيع"],
        ["ربما", "ممكن", "لا أعرف", "لست متأكدة"],
        False,
    ),
    "th": (
        "คำเชิญ",
        "เรียน {name}\n\nขอเชิญคุณเข้าร่วม {title} วันที่ {date} เวลา {start}–{end} น.\n"
        "สถานที่: {place}, {address}\n\nกรุณาตอบ ใช่ ไม่ หรือ อาจจะ ทาง SMS หรือโทรหาเรา",
        "เตือนความจำ: พบกันพรุ่งนี้",
        ["ใช่", "ได้", "ค่ะ", "ครับ"],
        ["ไม่", "ไม่ได้", "ไม่ไป", "ไปไม่ได้"],
        ["อาจจะ", "ไม่แน่ใจ", "ไม่แน่"],
        False,
    ),
    "so": (
        "Casuumaad",
        "{name} qaaliga ah\n\nWaxaa lagugu casuumay {title} {date} saacadda {start}–{end}.\n"
        "Goobta: {place}, {address}.\n\nKu jawaab HAA, MAYA ama MALAHA fariin ahaan, ama na soo wac.",
        "Xusuusin: berri ayaan kuu joognaa",
        ["haa", "waan imanayaa"],
        ["maya", "may", "ma imanayo"],
        ["malaha", "waxaa laga yaabaa", "ma garanayo"],
        False,
    ),
    "ti": (
        "ዕድመ",
        "ክብርቲ {name}\n\nናብ {title} ዕለት {date} ካብ {start} ክሳብ {end} ተዓዲምኪ ኣለኺ።\n"
        "ቦታ: {place}, {address}\n\nብመልእኽቲ እወ፡ ኣይፋል ወይ ምናልባት ኢልኪ መልሲ፡ ወይ ደውልልና።",
        "መዘኻኸሪ: ጽባሕ ክንራኸብ ኢና",
        ["እወ"],
        ["ኣይፋል", "አይፋል", "ኣይኮነን"],
        ["ምናልባት"],
        False,
    ),
    "fa": (
        "دعوت‌نامه",
        "{name} عزیز\n\nشما به {title} در تاریخ {date} از ساعت {start} تا {end} دعوت شده‌اید.\n"
        "مکان: {place}، {address}\n\nلطفاً با بله، نه یا شاید پیامک بزنید یا با ما تماس بگیرید.",
        "یادآوری: فردا می‌بینیمتان",
        ["بله", "آره", "باشه"],
        ["نه", "خیر", "نمی‌توانم"],
        ["شاید", "نمی‌دانم", "مطمئن نیستم"],
        False,
    ),
    "prs": (
        "دعوت‌نامه",
        "{name} عزیز\n\nشما به {title} به تاریخ {date} از ساعت {start} تا {end} دعوت هستید.\n"
        "جای: {place}، {address}\n\nلطفاً با بلی، نه یا شاید پیام بفرستید یا به ما زنگ بزنید.",
        "یادآوری: فردا شما را می‌بینیم",
        ["بلی", "بله", "هو"],
        ["نه", "نخیر"],
        ["شاید", "نمی‌دانم"],
        False,
    ),
    "ur": (
        "دعوت نامہ",
        "محترمہ {name}\n\nآپ کو {title} میں {date} کو {start} سے {end} بجے تک مدعو کیا جاتا ہے۔\n"
        "جگہ: {place}، {address}\n\nبراہ کرم ہاں، نہیں یا شاید لکھ کر جواب دیں، یا ہمیں فون کریں۔",
        "یاد دہانی: کل ملاقات ہوگی",
        ["ہاں", "جی", "جی ہاں"],
        ["نہیں", "جی نہیں"],
        ["شاید"],
        False,
    ),
    "tr": (
        "Davet",
        "Sayın {name}\n\n{date} tarihinde saat {start}–{end} arasında {title} etkinliğine "
        "davetlisiniz.\nYer: {place}, {address}\n\nLütfen EVET, HAYIR veya BELKİ diye SMS ile "
        "yanıtlayın ya da bizi arayın.",
        "Hatırlatma: yarın görüşmek üzere",
        ["evet", "tamam", "olur"],
        ["hayır", "gelemem"],
        ["belki", "bilmiyorum"],
        False,
    ),
    "vi": (
        "Thư mời",
        "Chào {name}\n\nBạn được mời tham dự {title} vào ngày {date} từ {start} đến {end}.\n"
        "Địa điểm: {place}, {address}\n\nVui lòng trả lời CÓ, KHÔNG hoặc CÓ THỂ bằng tin nhắn, "
        "hoặc gọi cho chúng tôi.",
        "Nhắc nhở: hẹn gặp bạn ngày mai",
        ["có", "vâng", "dạ", "được"],
        ["không", "không được"],
        ["có thể", "chưa biết"],
        False,
    ),
    "tl": (
        "Paanyaya",
        "Mahal na {name}\n\nIkaw ay inaanyayahan sa {title} sa {date} mula {start} hanggang "
        "{end}.\nLugar: {place}, {address}\n\nSumagot ng OO, HINDI o SIGURO sa text, o tawagan kami.",
        "Paalala: magkita tayo bukas",
        ["oo", "opo", "sige"],
        ["hindi", "hindi po"],
        ["siguro", "baka"],
        False,
    ),
    "ku": (
        "Vexwendin",
        "{name} ya delal\n\nTu ji bo {title} di {date} de ji saet {start} heta {end} hatî "
        "vexwendin.\nCih: {place}, {address}\n\nJi kerema xwe bi SMS bersiv bide: ERÊ, NA an "
        "BELKÎ, an jî telefonî me bike.",
        "Bîranîn: em ê sibê hev bibînin",
        ["erê", "belê"],
        ["na", "nexêr"],
        ["belkî"],
        False,
    ),
    "ps": (
        "بلنه",
        "ګرانې {name}\n\nتاسو {date} نېټه له {start} څخه تر {end} پورې {title} ته رابلل شوې یاست.\n"
        "ځای: {place}، {address}\n\nمهرباني وکړئ هو، نه یا ښايي په پیغام کې ځواب راکړئ، یا موږ ته "
        "زنګ ووهئ.",
        "یادونه: سبا به مو ووینو",
        ["هو"],
        ["نه"],
        ["ښايي", "کېدای شي"],
        False,
    ),
}


def seed(apps, schema_editor):
    Language = apps.get_model("languages", "Language")
    InvitationWording = apps.get_model("meetings", "InvitationWording")
    for code, (heading, body, reminder, yes, no, maybe, checked) in WORDINGS.items():
        language = Language.objects.filter(code=code).first()
        if language is None:
            continue
        InvitationWording.objects.update_or_create(
            language=language,
            defaults={
                "heading": heading,
                "body": body,
                "reminder_heading": reminder,
                "yes_words": yes,
                "no_words": no,
                "maybe_words": maybe,
                "checked_by_translator": checked,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("meetings", "InvitationWording").objects.filter(
        language__code__in=list(WORDINGS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("languages", "0002_seed_languages")]

    operations = [migrations.RunPython(seed, unseed)]
