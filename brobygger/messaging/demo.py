"""Demo data for text messages: templates in the target group's languages (synthetic wording,
to be checked by a translator) and consents to text messages for some demo people."""

from __future__ import annotations

from datetime import timedelta

from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.languages.models import Language
from brobygger.people.models import Person, PipelineStatus

from .models import ConsentHow, MessageTemplate, SmsConsent

TEMPLATES: dict[str, dict[str, str]] = {
    "Invitation til informationsmøde": {
        "da": "Hej {first_name}. Du er inviteret til informationsmøde {meeting_date} kl. "
        "{meeting_time}, {meeting_place}. Spørgsmål: ring til {caseworker_name}, "
        "{caseworker_phone}. Svar STOP for ikke at få flere sms'er.",
        "en": "Hello {first_name}. You are invited to an information meeting on "
        "{meeting_date} at {meeting_time}, {meeting_place}. Questions: call "
        "{caseworker_name}, {caseworker_phone}. Reply STOP to get no more texts.",
        "ar": "مرحبا {first_name}. أنت مدعوة إلى اجتماع إعلامي يوم {meeting_date} الساعة "
        "{meeting_time}، {meeting_place}. للأسئلة اتصلي بـ {caseworker_name} "
        "{caseworker_phone}. أرسلي توقف لإيقاف الرسائل.",
        "th": "สวัสดี {first_name} ขอเชิญเข้าร่วมการประชุมให้ข้อมูลวันที่ {meeting_date} เวลา "
        "{meeting_time} ที่ {meeting_place} สอบถาม {caseworker_name} {caseworker_phone} "
        "ตอบ หยุด เพื่อยกเลิก",
        "so": "Salaan {first_name}. Waxaa lagugu martiqaaday kulan macluumaad {meeting_date} "
        "saacadda {meeting_time}, {meeting_place}. Su'aalo: wac {caseworker_name}, "
        "{caseworker_phone}. Ku jawaab JOOJI si aad u joojiso.",
    },
    "Ring venligst": {
        "da": "Hej {first_name}. Jeg vil gerne tale med dig. Ring til mig på "
        "{caseworker_phone}. Venlig hilsen {caseworker_name}, Jobcentret.",
        "ar": "مرحبا {first_name}. أود التحدث معك. اتصلي بي على {caseworker_phone}. "
        "مع التحية، {caseworker_name}، مركز العمل.",
        "th": "สวัสดี {first_name} ฉันอยากคุยกับคุณ โทรหาฉันที่ {caseworker_phone} "
        "{caseworker_name} ศูนย์จัดหางาน",
        "so": "Salaan {first_name}. Waxaan rabaa inaan kula hadlo. Ii soo wac "
        "{caseworker_phone}. {caseworker_name}, Xarunta Shaqada.",
        "tr": "Merhaba {first_name}. Sizinle konuşmak istiyorum. Beni {caseworker_phone} "
        "numaradan arayın. {caseworker_name}, İş Merkezi.",
    },
}
DEMO_CONSENT_SHARE = 3  # every third demo person past "identified" has consented


@step(75)
def text_message_templates(context: DemoContext) -> None:
    languages = {language.code: language for language in Language.objects.all()}
    made = 0
    for name, texts in TEMPLATES.items():
        for code, body in texts.items():
            if code in languages:
                MessageTemplate.objects.update_or_create(
                    name=name, language=languages[code], defaults={"body": body}
                )
                made += 1
    reached = (
        Person.objects.filter(is_demo=True)
        .exclude(status=PipelineStatus.IDENTIFIED)
        .order_by("pk")
        .values_list("pk", "created_at")
    )
    consents = [
        SmsConsent(
            person_id=pk,
            given_on=max(created_at.date(), context.today - timedelta(days=200)),
            given_how=ConsentHow.ORAL if i % 2 else ConsentHow.WRITTEN,
        )
        for i, (pk, created_at) in enumerate(reached.iterator(chunk_size=5_000))
        if i % DEMO_CONSENT_SHARE == 0
    ]
    SmsConsent.objects.bulk_create(consents, batch_size=2_000, ignore_conflicts=True)
    context.counts["sms_templates"] = made
    context.counts["sms_consents"] = len(consents)


def _cleanup() -> None:
    SmsConsent.objects.filter(person__is_demo=True).delete()


DEMO_CLEANUPS.append(_cleanup)
