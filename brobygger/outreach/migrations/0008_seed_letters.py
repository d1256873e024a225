"""An invitation letter to an information meeting in Danish, English, Arabic and Thai."""

from django.db import migrations

NAME = "Invitation til informationsmøde"
LETTERS = {
    "da": ("Invitation til informationsmøde",
           "Kære {full_name}\n\n{municipality} inviterer dig til et uforpligtende "
           "informationsmøde om job, uddannelse, danskundervisning og aktiviteter i dit "
           "lokalområde.\n\nDu er velkommen til at tage en veninde eller din ægtefælle med. "
           "Ring til mig, hvis du har spørgsmål, eller hvis du hellere vil have en samtale "
           "alene.\n\nVenlig hilsen\n{caseworker}\n{municipality}"),
    "en": ("Invitation to an information meeting",
           "Dear {full_name}\n\n{municipality} invites you to an information meeting, with "
           "no obligation, about jobs, education, Danish lessons and activities in your local "
           "area.\n\nYou are welcome to bring a friend or your spouse. Call me if you have "
           "questions, or if you would rather talk to me alone.\n\nKind regards\n"
           "{caseworker}\n{municipality}"),
    "ar": ("دعوة إلى اجتماع إعلامي",
           "عزيزتي {full_name}\n\nيدعوك {municipality} إلى اجتماع إعلامي دون أي التزام حول "
           "العمل والتعليم ودروس اللغة الدنماركية والأنشطة في منطقتك.\n\nيمكنك إحضار صديقة أو "
           "زوجك. اتصلي بي إذا كانت لديك أسئلة أو إذا كنت تفضلين الحديث معي على انفراد.\n\n"
           "مع أطيب التحيات\n{caseworker}\n{municipality}"),
    "th": ("ขอเชิญเข้าร่วมการประชุมให้ข้อมูล",
           "เรียน คุณ{full_name}\n\n{municipality} ขอเชิญคุณเข้าร่วมการประชุมให้ข้อมูลโดยไม่มี"
           "ข้อผูกมัด เกี่ยวกับงาน การศึกษา การเรียนภาษาเดนมาร์ก และกิจกรรมในชุมชนของคุณ\n\n"
           "คุณสามารถพาเพื่อนหรือคู่สมรสมาด้วยได้ โทรหาฉันได้หากมีคำถาม หรือหากต้องการคุยเป็น"
           "การส่วนตัว\n\nด้วยความเคารพ\n{caseworker}\n{municipality}"),
}


def seed(apps, schema_editor):
    LetterTemplate = apps.get_model("outreach", "LetterTemplate")
    for language, (subject, body) in LETTERS.items():
        LetterTemplate.objects.get_or_create(
            name=NAME, language=language,
            defaults={"subject": subject, "body": body},
        )


def unseed(apps, schema_editor):
    apps.get_model("outreach", "LetterTemplate").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0007_letters")]
    operations = [migrations.RunPython(seed, unseed)]
