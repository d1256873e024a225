"""Texts in the target group's languages: the public form (with its consent text), the poster
and flyer, and the invitation letter, for Somali, Tigrinya, Farsi, Dari, Urdu, Turkish,
Vietnamese and Tagalog; and the new texts (error summary, links, poster) for Danish, English,
Arabic and Thai.

The wording is synthetic and was drafted without a translator: every text but the Danish is
marked "machine-drafted, to be checked by a translator" until an administrator approves it."""

from django.db import migrations

LETTER_NAME = "Invitation til informationsmøde"

# The fields added in 0013, for the languages seeded before.
EXTRA = {
    "da": {
        "error_summary": "Der er en fejl i formularen",
        "privacy_label": "Sådan behandler vi dine oplysninger",
        "accessibility_label": "Tilgængelighedserklæring",
        "poster_text": "Scan koden med din telefon",
    },
    "en": {
        "error_summary": "There is a problem with the form",
        "privacy_label": "How we handle your information",
        "accessibility_label": "Accessibility statement",
        "poster_text": "Scan the code with your phone",
    },
    "ar": {
        "error_summary": "يوجد خطأ في النموذج",
        "privacy_label": "كيف نتعامل مع بياناتك",
        "accessibility_label": "بيان إمكانية الوصول",
        "poster_text": "امسحي الرمز بهاتفك",
    },
    "th": {
        "error_summary": "แบบฟอร์มมีข้อผิดพลาด",
        "privacy_label": "เราจัดการข้อมูลของคุณอย่างไร",
        "accessibility_label": "คำชี้แจงการเข้าถึง",
        "poster_text": "สแกนรหัสด้วยโทรศัพท์ของคุณ",
    },
}

TEXTS = {
    "so": {
        "title": "Ma rabtaa shaqo, waxbarasho ama hawlo?",
        "intro": "{municipality} waxay kaa caawin kartaa helitaanka shaqo, waxbarasho, "
        "casharro luqadda deenishka iyo bulshada deegaanka. Qor magacaaga iyo lambarka "
        "taleefankaaga, waanu ku soo wacaynaa.",
        "name_label": "Magacaaga",
        "phone_label": "Lambarka taleefankaaga",
        "phone_hint": "Tusaale 20 12 34 56",
        "consent_text": "Waan oggolahay in {municipality} ay kaydiso magacayga iyo lambarka "
        "taleefankayga si ay ila soo xiriirto oo ku saabsan shaqo, waxbarasho iyo hawlo. "
        "Waxaan ka noqon karaa oggolaanshahayga wakhti kasta.",
        "submit_label": "Dir",
        "thanks_title": "Mahadsanid!",
        "thanks_text": "Waxaan helnay macluumaadkaaga, waxaanan ku soo wacaynaa dhowr maalmood gudahood.",
        "error_required": "Fadlan qor magacaaga.",
        "error_phone": "Fadlan qor lambar taleefan oo aan ku soo wici karno.",
        "error_consent": "Calaamadee sanduuqa haddii aad oggoshahay. Haddii kale ma kaydin karno "
        "macluumaadkaaga.",
        "error_summary": "Foomka waxaa ku jira khalad",
        "privacy_label": "Sida aan u maareyno macluumaadkaaga",
        "accessibility_label": "Bayaanka helitaanka",
        "poster_text": "Ku iskaan koodhka taleefankaaga",
        "letter": (
            "Martiqaad kulan macluumaad",
            "Gacaliso {full_name}\n\n{municipality} waxay kugu martiqaadaysaa kulan "
            "macluumaad ah oo aan waajib ahayn oo ku saabsan shaqo, waxbarasho, casharro "
            "luqadda deenishka iyo hawlaha deegaankaaga.\n\nWaad keeni kartaa saaxiibad ama "
            "ninkaaga. I soo wac haddii aad qabto su'aalo.\n\nSalaan\n{caseworker}\n"
            "{municipality}",
        ),
    },
    "ti": {
        "title": "ስራሕ፡ ትምህርቲ ወይ ንጥፈታት ትደልዩ ዶ?",
        "intro": "{municipality} ስራሕ፡ ትምህርቲ፡ ትምህርቲ ቋንቋ ዴንማርክን ማሕበረሰባት ከባቢኹምን "
        "ንምርካብ ክሕግዘኩም ድሉው እዩ። ስምኩምን ቁጽሪ ተሌፎንኩምን ጽሓፉ፡ ክንድውለልኩም ኢና።",
        "name_label": "ስምኩም",
        "phone_label": "ቁጽሪ ተሌፎንኩም",
        "phone_hint": "ንኣብነት 20 12 34 56",
        "consent_text": "{municipality} ብዛዕባ ስራሕ፡ ትምህርትን ንጥፈታትን ምእንቲ ክረኽበኒ ስመይን ቁጽሪ "
        "ተሌፎነይን ክዕቅብ ይሰማማዕ እየ። ስምምዐይ ኣብ ዝኾነ ይኹን እዋን ክስሕቦ እኽእል እየ።",
        "submit_label": "ስደድ",
        "thanks_title": "የቐንየልና!",
        "thanks_text": "ሓበሬታኹም ተቐቢልና ኣለና፡ ኣብ ውሽጢ ቁሩብ መዓልታት ክንድውለልኩም ኢና።",
        "error_required": "በጃኹም ስምኩም ጽሓፉ።",
        "error_phone": "በጃኹም ክንድውለሉ እንኽእል ቁጽሪ ተሌፎን ጽሓፉ።",
        "error_consent": "እንተ ተሰማሚዕኩም ምልክት ግበሩ። እንተዘይኮይኑ ሓበሬታኹም ክንዕቅብ ኣይንኽእልን ኢና።",
        "error_summary": "ኣብቲ ቅጥዒ ጌጋ ኣሎ",
        "privacy_label": "ሓበሬታኹም ብኸመይ ንሕዞ",
        "accessibility_label": "መግለጺ ተበጻሕነት",
        "poster_text": "ነቲ ኮድ ብተሌፎንኩም ስካን ግበሩ",
        "letter": (
            "ዕድመ ናብ ኣኼባ ሓበሬታ",
            "ክብርቲ {full_name}\n\n{municipality} ብዛዕባ ስራሕ፡ ትምህርቲ፡ ትምህርቲ ቋንቋ ዴንማርክን "
            "ንጥፈታት ከባቢኽንን ናብ ዘይግዴታዊ ኣኼባ ሓበሬታ ይዕድመክን።\n\nመሓዛ ወይ በዓል ቤትኪ "
            "ከተምጽኢ ትኽእሊ ኢኺ። ሕቶ እንተሃልዩኪ ደውልለይ።\n\nምስ ሰላምታ\n{caseworker}\n"
            "{municipality}",
        ),
    },
    "fa": {
        "title": "آیا به کار، تحصیل یا فعالیت علاقه دارید؟",
        "intro": "{municipality} با کمال میل به شما در یافتن کار، تحصیل، کلاس زبان دانمارکی و "
        "فعالیت‌های محلی کمک می‌کند. نام و شماره تلفن خود را بنویسید تا با شما تماس بگیریم.",
        "name_label": "نام شما",
        "phone_label": "شماره تلفن شما",
        "phone_hint": "مثلاً 20 12 34 56",
        "consent_text": "موافقم که {municipality} نام و شماره تلفن من را برای تماس درباره کار، "
        "تحصیل و فعالیت‌ها نگه دارد. می‌توانم هر زمان رضایت خود را پس بگیرم.",
        "submit_label": "ارسال",
        "thanks_title": "متشکریم!",
        "thanks_text": "اطلاعات شما را دریافت کردیم و ظرف چند روز با شما تماس می‌گیریم.",
        "error_required": "لطفاً نام خود را بنویسید.",
        "error_phone": "لطفاً شماره تلفنی بنویسید که بتوانیم با آن تماس بگیریم.",
        "error_consent": "اگر موافق هستید، علامت بزنید. در غیر این صورت نمی‌توانیم اطلاعات شما "
        "را نگه داریم.",
        "error_summary": "فرم خطا دارد",
        "privacy_label": "چگونه با اطلاعات شما رفتار می‌کنیم",
        "accessibility_label": "بیانیه دسترسی‌پذیری",
        "poster_text": "کد را با تلفن خود اسکن کنید",
        "letter": (
            "دعوت به جلسه اطلاع‌رسانی",
            "{full_name} عزیز\n\n{municipality} شما را به یک جلسه اطلاع‌رسانی بدون تعهد درباره "
            "کار، تحصیل، کلاس زبان دانمارکی و فعالیت‌های محله‌تان دعوت می‌کند.\n\nمی‌توانید "
            "یک دوست یا همسرتان را همراه بیاورید. اگر سؤالی دارید با من تماس بگیرید.\n\n"
            "با احترام\n{caseworker}\n{municipality}",
        ),
    },
    "prs": {
        "title": "آیا به کار، تعلیم یا فعالیت‌ها علاقه دارید؟",
        "intro": "{municipality} با خوشی به شما در پیدا کردن کار، تعلیم، صنف زبان دنمارکی و "
        "فعالیت‌های محلی کمک می‌کند. نام و نمبر تیلفون خود را بنویسید تا به شما زنگ بزنیم.",
        "name_label": "نام شما",
        "phone_label": "نمبر تیلفون شما",
        "phone_hint": "مثلاً 20 12 34 56",
        "consent_text": "موافق هستم که {municipality} نام و نمبر تیلفون مرا برای تماس در مورد "
        "کار، تعلیم و فعالیت‌ها نگه دارد. می‌توانم هر وقت موافقه خود را پس بگیرم.",
        "submit_label": "روان کردن",
        "thanks_title": "تشکر!",
        "thanks_text": "معلومات شما را گرفتیم و در چند روز آینده به شما زنگ می‌زنیم.",
        "error_required": "لطفاً نام خود را بنویسید.",
        "error_phone": "لطفاً نمبر تیلفونی بنویسید که به آن زنگ زده بتوانیم.",
        "error_consent": "اگر موافق هستید، نشانی بزنید. در غیر آن معلومات شما را نگه داشته "
        "نمی‌توانیم.",
        "error_summary": "در فورم اشتباه وجود دارد",
        "privacy_label": "چطور با معلومات شما رفتار می‌کنیم",
        "accessibility_label": "اعلامیه دسترسی",
        "poster_text": "کود را با تیلفون خود سکن کنید",
        "letter": (
            "دعوت به جلسه معلوماتی",
            "{full_name} گرامی\n\n{municipality} شما را به یک جلسه معلوماتی بدون مکلفیت در "
            "مورد کار، تعلیم، صنف زبان دنمارکی و فعالیت‌های ساحه شما دعوت می‌کند.\n\n"
            "می‌توانید یک دوست یا شوهر خود را همراه بیاورید. اگر سوال دارید به من زنگ بزنید."
            "\n\nبا احترام\n{caseworker}\n{municipality}",
        ),
    },
    "ur": {
        "title": "کیا آپ ملازمت، تعلیم یا سرگرمیوں میں دلچسپی رکھتی ہیں؟",
        "intro": "{municipality} آپ کو ملازمت، تعلیم، ڈینش زبان کی کلاسیں اور مقامی برادری "
        "تلاش کرنے میں خوشی سے مدد کرتی ہے۔ اپنا نام اور فون نمبر لکھیں، ہم آپ کو فون کریں گے۔",
        "name_label": "آپ کا نام",
        "phone_label": "آپ کا فون نمبر",
        "phone_hint": "مثال کے طور پر 20 12 34 56",
        "consent_text": "میں رضامند ہوں کہ {municipality} ملازمت، تعلیم اور سرگرمیوں کے بارے میں "
        "رابطے کے لیے میرا نام اور فون نمبر محفوظ رکھے۔ میں کسی بھی وقت اپنی رضامندی واپس لے "
        "سکتی ہوں۔",
        "submit_label": "بھیجیں",
        "thanks_title": "شکریہ!",
        "thanks_text": "ہمیں آپ کی معلومات مل گئی ہیں اور ہم چند دنوں میں آپ کو فون کریں گے۔",
        "error_required": "براہ کرم اپنا نام لکھیں۔",
        "error_phone": "براہ کرم ایسا فون نمبر لکھیں جس پر ہم فون کر سکیں۔",
        "error_consent": "اگر آپ رضامند ہیں تو نشان لگائیں۔ ورنہ ہم آپ کی معلومات محفوظ نہیں کر "
        "سکتے۔",
        "error_summary": "فارم میں غلطی ہے",
        "privacy_label": "ہم آپ کی معلومات کیسے سنبھالتے ہیں",
        "accessibility_label": "رسائی کا بیان",
        "poster_text": "اپنے فون سے کوڈ اسکین کریں",
        "letter": (
            "معلوماتی اجلاس کی دعوت",
            "محترمہ {full_name}\n\n{municipality} آپ کو ملازمت، تعلیم، ڈینش زبان کی کلاسوں اور "
            "آپ کے علاقے کی سرگرمیوں کے بارے میں ایک معلوماتی اجلاس میں بلا پابندی مدعو کرتی "
            "ہے۔\n\nآپ کسی سہیلی یا اپنے شوہر کو ساتھ لا سکتی ہیں۔ سوالات ہوں تو مجھے فون کریں۔"
            "\n\nنیک تمناؤں کے ساتھ\n{caseworker}\n{municipality}",
        ),
    },
    "tr": {
        "title": "İş, eğitim veya etkinliklerle ilgileniyor musunuz?",
        "intro": "{municipality} iş, eğitim, Danca dersleri ve yerel topluluklar bulmanıza "
        "memnuniyetle yardım eder. Adınızı ve telefon numaranızı yazın, sizi arayalım.",
        "name_label": "Adınız",
        "phone_label": "Telefon numaranız",
        "phone_hint": "Örn. 20 12 34 56",
        "consent_text": "{municipality} kurumunun iş, eğitim ve etkinlikler hakkında benimle "
        "iletişim kurmak için adımı ve telefon numaramı saklamasını kabul ediyorum. Onayımı "
        "istediğim zaman geri çekebilirim.",
        "submit_label": "Gönder",
        "thanks_title": "Teşekkürler!",
        "thanks_text": "Bilgilerinizi aldık ve birkaç gün içinde sizi arayacağız.",
        "error_required": "Lütfen adınızı yazın.",
        "error_phone": "Lütfen arayabileceğimiz bir telefon numarası yazın.",
        "error_consent": "Kabul ediyorsanız kutuyu işaretleyin. Aksi halde bilgilerinizi "
        "saklayamayız.",
        "error_summary": "Formda bir hata var",
        "privacy_label": "Bilgilerinizi nasıl işliyoruz",
        "accessibility_label": "Erişilebilirlik beyanı",
        "poster_text": "Kodu telefonunuzla tarayın",
        "letter": (
            "Bilgilendirme toplantısına davet",
            "Sayın {full_name}\n\n{municipality} sizi iş, eğitim, Danca dersleri ve "
            "bölgenizdeki etkinlikler hakkında yükümlülüğü olmayan bir bilgilendirme "
            "toplantısına davet ediyor.\n\nBir arkadaşınızı veya eşinizi getirebilirsiniz. "
            "Sorularınız varsa beni arayın.\n\nSaygılarımla\n{caseworker}\n{municipality}",
        ),
    },
    "vi": {
        "title": "Bạn có muốn đi làm, đi học hoặc tham gia hoạt động không?",
        "intro": "{municipality} sẵn lòng giúp bạn tìm việc làm, học tập, lớp tiếng Đan Mạch "
        "và cộng đồng tại địa phương. Hãy viết tên và số điện thoại, chúng tôi sẽ gọi cho bạn.",
        "name_label": "Tên của bạn",
        "phone_label": "Số điện thoại của bạn",
        "phone_hint": "Ví dụ 20 12 34 56",
        "consent_text": "Tôi đồng ý để {municipality} lưu tên và số điện thoại của tôi để liên "
        "lạc về việc làm, học tập và hoạt động. Tôi có thể rút lại sự đồng ý bất cứ lúc nào.",
        "submit_label": "Gửi",
        "thanks_title": "Cảm ơn bạn!",
        "thanks_text": "Chúng tôi đã nhận được thông tin và sẽ gọi cho bạn trong vài ngày tới.",
        "error_required": "Vui lòng viết tên của bạn.",
        "error_phone": "Vui lòng viết số điện thoại mà chúng tôi có thể gọi.",
        "error_consent": "Hãy đánh dấu nếu bạn đồng ý. Nếu không, chúng tôi không thể lưu thông "
        "tin của bạn.",
        "error_summary": "Biểu mẫu có lỗi",
        "privacy_label": "Cách chúng tôi xử lý thông tin của bạn",
        "accessibility_label": "Tuyên bố về khả năng tiếp cận",
        "poster_text": "Quét mã bằng điện thoại của bạn",
        "letter": (
            "Thư mời dự buổi thông tin",
            "Chị {full_name} thân mến\n\n{municipality} trân trọng mời chị đến một buổi thông "
            "tin không ràng buộc về việc làm, học tập, lớp tiếng Đan Mạch và các hoạt động "
            "trong khu vực của chị.\n\nChị có thể đi cùng một người bạn hoặc chồng. Hãy gọi "
            "cho tôi nếu có câu hỏi.\n\nTrân trọng\n{caseworker}\n{municipality}",
        ),
    },
    "tl": {
        "title": "Gusto mo ba ng trabaho, pag-aaral o mga aktibidad?",
        "intro": "Ikinagagalak ng {municipality} na tulungan kang makahanap ng trabaho, "
        "pag-aaral, klase sa wikang Danish at mga komunidad sa inyong lugar. Isulat ang iyong "
        "pangalan at numero ng telepono, at tatawagan ka namin.",
        "name_label": "Iyong pangalan",
        "phone_label": "Iyong numero ng telepono",
        "phone_hint": "Hal. 20 12 34 56",
        "consent_text": "Pumapayag ako na itago ng {municipality} ang aking pangalan at numero "
        "ng telepono upang makipag-ugnayan sa akin tungkol sa trabaho, pag-aaral at mga "
        "aktibidad. Maaari kong bawiin ang aking pahintulot anumang oras.",
        "submit_label": "Ipadala",
        "thanks_title": "Salamat!",
        "thanks_text": "Natanggap namin ang iyong impormasyon at tatawagan ka namin sa loob ng "
        "ilang araw.",
        "error_required": "Pakisulat ang iyong pangalan.",
        "error_phone": "Pakisulat ang numero ng telepono na maaari naming tawagan.",
        "error_consent": "Lagyan ng tsek kung pumapayag ka. Kung hindi, hindi namin maitatago ang "
        "iyong impormasyon.",
        "error_summary": "May mali sa form",
        "privacy_label": "Paano namin pinangangasiwaan ang iyong impormasyon",
        "accessibility_label": "Pahayag sa accessibility",
        "poster_text": "I-scan ang code gamit ang iyong telepono",
        "letter": (
            "Paanyaya sa isang pulong pang-impormasyon",
            "Mahal na {full_name}\n\nInaanyayahan ka ng {municipality} sa isang pulong "
            "pang-impormasyon, walang obligasyon, tungkol sa trabaho, pag-aaral, klase sa "
            "wikang Danish at mga aktibidad sa inyong lugar.\n\nMaaari kang magsama ng "
            "kaibigan o ng iyong asawa. Tawagan mo ako kung may tanong ka.\n\nLubos na "
            "gumagalang\n{caseworker}\n{municipality}",
        ),
    },
}


def seed(apps, schema_editor):
    Language = apps.get_model("languages", "Language")
    PublicFormText = apps.get_model("outreach", "PublicFormText")
    LetterTemplate = apps.get_model("outreach", "LetterTemplate")
    for code, extra in EXTRA.items():
        PublicFormText.objects.filter(language__code=code).update(**extra)
    for code, texts in TEXTS.items():
        language = Language.objects.filter(code=code).first()
        if language is None:
            continue
        texts = dict(texts)
        subject, body = texts.pop("letter")
        PublicFormText.objects.get_or_create(
            language=language, defaults={**texts, "review_state": "machine_drafted"}
        )
        LetterTemplate.objects.get_or_create(
            name=LETTER_NAME,
            language=language,
            defaults={"subject": subject, "body": body, "review_state": "machine_drafted"},
        )


def unseed(apps, schema_editor):
    apps.get_model("outreach", "PublicFormText").objects.filter(
        language__code__in=TEXTS
    ).delete()
    apps.get_model("outreach", "LetterTemplate").objects.filter(
        name=LETTER_NAME, language__code__in=TEXTS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0013_texts_per_language")]
    operations = [migrations.RunPython(seed, unseed)]
