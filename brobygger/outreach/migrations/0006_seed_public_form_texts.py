"""Default texts of the public interest form in Danish, English, Arabic and Thai.

Administrators edit them in the application; "{municipality}" is replaced by the name of the
municipality that runs the campaign."""

from django.db import migrations

TEXTS = {
    "da": {
        "title": "Vil du gerne i job, uddannelse eller aktiviteter?",
        "intro": "{municipality} hjælper gerne med at finde arbejde, uddannelse, danskundervisning "
        "og fællesskaber i lokalområdet. Skriv dit navn og telefonnummer, så ringer vi til dig.",
        "name_label": "Dit navn",
        "phone_label": "Dit telefonnummer",
        "phone_hint": "Fx 20 12 34 56 eller +66 81 234 5678",
        "consent_text": "Jeg giver samtykke til, at {municipality} gemmer mit navn og mit "
        "telefonnummer for at kontakte mig om job, uddannelse og aktiviteter. Jeg kan til enhver "
        "tid trække mit samtykke tilbage.",
        "submit_label": "Send",
        "thanks_title": "Tak!",
        "thanks_text": "Vi har modtaget dine oplysninger og ringer til dig inden for nogle dage.",
        "error_required": "Skriv dit navn.",
        "error_phone": "Skriv et telefonnummer, vi kan ringe til.",
        "error_consent": "Sæt kryds, hvis du giver samtykke. Ellers kan vi ikke gemme dine "
        "oplysninger.",
    },
    "en": {
        "title": "Would you like a job, education or activities?",
        "intro": "{municipality} is happy to help you find work, education, Danish lessons and "
        "local communities. Write your name and phone number, and we will call you.",
        "name_label": "Your name",
        "phone_label": "Your phone number",
        "phone_hint": "E.g. 20 12 34 56 or +66 81 234 5678",
        "consent_text": "I agree that {municipality} stores my name and phone number to contact "
        "me about jobs, education and activities. I can withdraw my consent at any time.",
        "submit_label": "Send",
        "thanks_title": "Thank you!",
        "thanks_text": "We have received your details and will call you within a few days.",
        "error_required": "Please write your name.",
        "error_phone": "Please write a phone number we can call.",
        "error_consent": "Tick the box if you agree. Otherwise we cannot store your details.",
    },
    "ar": {
        "title": "هل ترغبين في عمل أو تعليم أو أنشطة؟",
        "intro": "يسعد {municipality} مساعدتك في إيجاد عمل أو تعليم أو دروس في اللغة الدنماركية "
        "أو أنشطة في منطقتك. اكتبي اسمك ورقم هاتفك وسنتصل بك.",
        "name_label": "اسمك",
        "phone_label": "رقم هاتفك",
        "phone_hint": "مثال: 20 12 34 56",
        "consent_text": "أوافق على أن يحتفظ {municipality} باسمي ورقم هاتفي للتواصل معي بخصوص العمل "
        "والتعليم والأنشطة. يمكنني سحب موافقتي في أي وقت.",
        "submit_label": "إرسال",
        "thanks_title": "شكرًا لك!",
        "thanks_text": "لقد استلمنا بياناتك وسنتصل بك خلال أيام قليلة.",
        "error_required": "يرجى كتابة اسمك.",
        "error_phone": "يرجى كتابة رقم هاتف يمكننا الاتصال به.",
        "error_consent": "ضعي علامة إذا كنت توافقين. بدون ذلك لا يمكننا حفظ بياناتك.",
    },
    "th": {
        "title": "คุณอยากมีงานทำ เรียนต่อ หรือร่วมกิจกรรมไหม?",
        "intro": "{municipality} ยินดีช่วยคุณหางาน การศึกษา เรียนภาษาเดนมาร์ก และกิจกรรมในชุมชน "
        "กรุณาเขียนชื่อและเบอร์โทรศัพท์ของคุณ แล้วเราจะโทรหาคุณ",
        "name_label": "ชื่อของคุณ",
        "phone_label": "เบอร์โทรศัพท์ของคุณ",
        "phone_hint": "เช่น 20 12 34 56 หรือ +66 81 234 5678",
        "consent_text": "ฉันยินยอมให้ {municipality} เก็บชื่อและเบอร์โทรศัพท์ของฉันไว้ "
        "เพื่อติดต่อเรื่องงาน การศึกษา และกิจกรรม ฉันสามารถถอนความยินยอมได้ทุกเมื่อ",
        "submit_label": "ส่ง",
        "thanks_title": "ขอบคุณ!",
        "thanks_text": "เราได้รับข้อมูลของคุณแล้ว และจะโทรหาคุณภายในไม่กี่วัน",
        "error_required": "กรุณาเขียนชื่อของคุณ",
        "error_phone": "กรุณาเขียนเบอร์โทรศัพท์ที่เราโทรหาได้",
        "error_consent": "กรุณาทำเครื่องหมายหากคุณยินยอม มิฉะนั้นเราไม่สามารถเก็บข้อมูลของคุณได้",
    },
}


def seed(apps, schema_editor):
    PublicFormText = apps.get_model("outreach", "PublicFormText")
    for language, texts in TEXTS.items():
        PublicFormText.objects.get_or_create(language=language, defaults=texts)


def unseed(apps, schema_editor):
    apps.get_model("outreach", "PublicFormText").objects.filter(language__in=TEXTS).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0005_campaigns")]
    operations = [migrations.RunPython(seed, unseed)]
