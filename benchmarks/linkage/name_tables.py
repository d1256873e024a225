"""Name, street and postal-code tables for the synthetic list generator.

Everything here is hand-made reference data (common given names and surnames per origin,
generic Danish street names, real postal codes), never data about real people.

Tables are written as comma-separated strings, most frequent first. A name may carry an
explicit relative weight after a space ("Fatima 60"); names without one get a Zipf-like
weight from their rank, so a few names are very common and namesakes happen naturally.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, slots=True)
class Table:
    """A weighted list of names, ready for ``random.choices(..., cum_weights=...)``."""

    names: tuple[str, ...]
    cum_weights: tuple[float, ...]


def table(spec: str, *, zipf: float = 0.9, top: float = 40.0) -> Table:
    names: list[str] = []
    weights: list[float] = []
    for rank, raw in enumerate(part.strip() for part in spec.split(",")):
        head, _, tail = raw.rpartition(" ")
        if head and tail.replace(".", "", 1).isdigit():
            names.append(head)
            weights.append(float(tail))
        else:
            names.append(raw)
            weights.append(top / (rank + 1) ** zipf)
    return Table(tuple(names), tuple(accumulate(weights)))


# --- Origins -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Origin:
    country: str  # ISO 3166 alpha-2, for reference only
    culture: str  # key into the name tables below
    weight: float  # share of entities
    refugee: bool  # many arrived as refugees: birth dates often unknown (1 January)


ORIGINS: tuple[Origin, ...] = (
    Origin("SY", "arabic", 17, True),
    Origin("IQ", "arabic", 8, True),
    Origin("AF", "dari", 10, True),
    Origin("IR", "persian", 5, False),
    Origin("PK", "urdu", 7, False),
    Origin("SO", "somali", 9, True),
    Origin("ER", "tigrinya", 7, True),
    Origin("TR", "turkish", 9, False),
    Origin("TH", "thai", 6, False),
    Origin("VN", "vietnamese", 5, False),
    Origin("PH", "filipino", 6, False),
    Origin("DK", "danish", 11, False),
)


# --- Given names, surnames and middle names per culture -----------------------------------

FEMALE: dict[str, Table] = {
    "arabic": table(
        "Fatima 40, Aisha 20, Maryam 20, Zainab 18, Noor 15, Amina 14, Khadija 14, Huda, "
        "Layla, Rania, Hanan, Samira, Salma, Rasha, Reem, Yasmin, Asma, Sara, Nadia, Ghada, "
        "Iman, Hiba, Shaimaa, Ruqayya, Wafaa, Nisreen, Lina, Hala, Suha, Amal, Rahaf, Bushra, "
        "Dalia, Manal, Lubna, Ruba, Shilan, Berivan, Nazdar, Rojin, Hadeel, Alaa, Doaa, Israa"
    ),
    "persian": table(
        "Fatemeh 35, Zahra 35, Maryam 25, Masoumeh, Leila, Roya, Shirin, Parisa, Nasrin, Mina, "
        "Somayeh, Farzaneh, Azadeh, Mahnaz, Elham, Sakineh, Zeynab, Narges, Fereshteh, Shahla, "
        "Mahsa, Nazanin, Golnaz, Sepideh, Atefeh, Tahereh, Marjan, Shabnam, Soheila, Negar"
    ),
    "dari": table(
        "Zahra 30, Fatima 30, Maryam 22, Mursal, Nargis, Shabnam, Farida, Laila, Marzia, "
        "Sakina, Gulalai, Freshta, Parwana, Najiba, Khadija, Hamida, Shakila, Zarghona, "
        "Nilofar, Mahbooba, Storai, Halima, Sima, Habiba, Malalai, Soraya, Nazira, Rahima, "
        "Zakia, Hosai, Basira, Latifa, Gulbadan, Roya, Masuma"
    ),
    "urdu": table(
        "Fatima 30, Ayesha 25, Saima, Nasreen, Shazia, Rubina, Samina, Sadia, Nazia, Kiran, "
        "Amna, Bushra, Rabia, Sana, Farzana, Parveen, Shabana, Tahira, Zainab, Mehwish, Uzma, "
        "Asma, Sobia, Naila, Nighat, Shagufta, Rukhsana, Irum, Hina, Maria, Sumera, Lubna"
    ),
    "somali": table(
        "Fadumo 35, Hodan 15, Sahra 15, Amina 14, Khadija 14, Hawa 12, Asha 12, Maryan, Ifrah, "
        "Nimo, Sagal, Deqa, Hibo, Ubah, Nasra, Halima, Ayan, Ladan, Filsan, Muna, Ruqiya, "
        "Safiya, Hamdi, Sucaad, Idil, Kowsar, Istahil, Layla, Zamzam, Anab, Faisa, Shukri, "
        "Hinda, Warsan"
    ),
    "tigrinya": table(
        "Helen 18, Senait 18, Mebrat, Saba, Tsega, Yordanos, Selam, Luwam, Rahel, Winta, "
        "Semhar, Lidia, Hiwet, Almaz, Feven, Eden, Ruta, Freweini, Abeba, Tsehaye, Mulu, "
        "Rigat, Yohana, Simret, Nebiat, Azieb, Elsa, Meron, Tirhas, Genet, Akberet"
    ),
    "turkish": table(
        "Ayşe 25, Fatma 25, Emine 20, Hatice 20, Zeynep 16, Elif, Meryem, Şerife, Sultan, "
        "Hanife, Zehra, Hülya, Gül, Gülsüm, Özlem, Esra, Büşra, Melek, Derya, Songül, Nurcan, "
        "Yasemin, Sevgi, Aynur, Filiz, Dilek, Nesrin, Şükran, Gülay, Tuba, Kübra, Merve, Hacer"
    ),
    "thai": table(
        "Siriporn, Supaporn, Pranee, Malee, Kanya, Wanida, Sunisa, Ratana, Nittaya, Porntip, "
        "Jintana, Kanokwan, Duangjai, Lamai, Achara, Pimchanok, Somjit, Buppha, Nongnuch, "
        "Rungnapa, Chanida, Kannika, Orathai, Jiraporn, Sasithorn, Thanya, Yupin, Sukanya, "
        "Araya, Napaporn, Ladda, Kulap, Pensri, Nok",
        zipf=0.5,
    ),
    "vietnamese": table(
        "Lan, Hoa, Hương, Mai, Linh, Thảo, Ngọc, Hạnh, Trang, Thu, Hà, Phương, Anh, Hằng, "
        "Nhung, Dung, Yến, Loan, Hiền, Thủy, Oanh, Tuyết, Nga, Liên, Hồng, Vân, Diệp, Tâm, Xuân",
        zipf=0.6,
    ),
    "filipino": table(
        "Maria 25, Jocelyn, Rowena, Marites, Maricel, Cristina, Rosalie, Analyn, Jennifer, "
        "Mary Grace, Lorna, Lourdes, Evelyn, Rosemarie, Marilou, Gemma, Marivic, Rhea, Joy, "
        "Mary Ann, Teresita, Leonora, Divina, Arlene, Lea, Cherry, Glenda, Josephine, Rachelle"
    ),
    "danish": table(
        "Anne, Mette, Kirsten, Hanne, Susanne, Lene, Maria, Marianne, Camilla, Louise, "
        "Charlotte, Pia, Julie, Sofie, Ida, Emma, Mathilde, Freja, Karen, Birgit, Tina, Helle, "
        "Line, Signe, Maja, Cecilie, Katrine, Lise, Dorthe, Bente, Gitte, Jytte, Inge, Åse",
        zipf=0.6,
    ),
}

MALE: dict[str, Table] = {
    "arabic": table(
        "Mohammed 70, Ahmed 30, Ali 26, Hussein 18, Hassan 18, Omar, Mahmoud, Khaled, Ibrahim, "
        "Abdullah, Youssef, Mustafa, Abdulrahman, Said, Karim, Tariq, Ammar, Bilal, Hamza, "
        "Jamal, Nabil, Walid, Adnan, Fadi, Samir, Zaid, Rami, Abdel Karim, Yaser, Haitham"
    ),
    "persian": table(
        "Mohammad 50, Ali 40, Hossein 30, Reza 25, Mehdi, Ahmad, Hassan, Amir, Javad, Mahmoud, "
        "Majid, Saeed, Hamid, Abbas, Morteza, Mostafa, Behrouz, Dariush, Kourosh, Farhad"
    ),
    "dari": table(
        "Mohammad 50, Ahmad 25, Ali 22, Ghulam 14, Abdul Rahim, Abdul Wahid, Mahmood, Hamid, "
        "Jawad, Rahim, Karim, Nasir, Wahid, Farid, Sayed, Najib, Qasim, Zabihullah, "
        "Hekmatullah, Noorullah, Habibullah, Mirwais, Ahmad Shah"
    ),
    "urdu": table(
        "Muhammad 70, Ali 22, Imran, Asif, Tariq, Naveed, Zubair, Kashif, Shahid, "
        "Abdul Rehman, Usman, Bilal, Faisal, Khalid, Nadeem, Waqas, Adnan, Rashid, Amjad, Javed"
    ),
    "somali": table(
        "Mohamed 55, Abdi 28, Ahmed 22, Hassan 18, Ali 18, Abdullahi 14, Omar, Yusuf, Ismail, "
        "Abdirahman, Osman, Abdulkadir, Mahad, Liban, Said, Bashir, Jama, Farah, Mukhtar"
    ),
    "tigrinya": table(
        "Yonas, Tesfay, Daniel, Samuel, Dawit, Tekle, Filmon, Habtom, Yemane, Merhawi, Kibrom, "
        "Michael, Yohannes, Amanuel, Berhane, Tesfamariam, Goitom, Robel, Teklay, Mussie"
    ),
    "turkish": table(
        "Mehmet 35, Mustafa 25, Ahmet 22, Ali 22, Hüseyin 18, Hasan, İbrahim, Murat, İsmail, "
        "Osman, Yusuf, Ömer, Ramazan, Halil, Süleyman, Abdullah, Recep, Fatih, Kemal, Orhan"
    ),
    "thai": table(
        "Somchai, Somsak, Prasert, Wichai, Sompong, Chaiwat, Anan, Surachai, Thanakorn, Niran"
    ),
    "vietnamese": table(
        "Minh, Hùng, Dũng, Tuấn, Nam, Quang, Hải, Sơn, Thắng, Long, Hoàng, Khánh, Phúc, Trung"
    ),
    "filipino": table(
        "Jose, Juan, Mark, John Paul, Romeo, Rodel, Ramon, Eduardo, Ricardo, Jun, Roberto"
    ),
    "danish": table(
        "Peter, Jens, Lars, Michael, Henrik, Søren, Thomas, Anders, Niels, Jørgen, Mads, "
        "Rasmus, Mikkel, Frederik, Morten, Martin, Christian, Jesper, Ole, Kim, Bjørn",
        zipf=0.6,
    ),
}

SURNAMES: dict[str, Table] = {
    "arabic": table(
        "Ali 30, Ahmed 30, Mohammed 26, Hassan 22, Hussein 20, Al-Hassan 12, Ibrahim, Khalil, "
        "Abdullah, Al-Ahmad, Mahmoud, Saleh, Othman, Al-Khatib, Haddad, Darwish, Abdul Karim, "
        "Al-Jaburi, Al-Obaidi, Hamdan, Nasser, Yousef, Jaber, Qassem, Kurdi, Al-Rashid, "
        "Al-Tamimi, Al-Saadi, Al-Dulaimi, El-Sayed, Abdel Aziz, Al-Masri, Suleiman, Hamoud, "
        "Al-Shami, Al-Halabi, Zaher, Mustafa, Omar, Khalaf, Sheikh, Abbas, Jasim, Kadhim, "
        "Al-Hashimi, Issa, Al-Kurdi, Ramadan, Hamid, Abdel Rahman",
        zipf=0.7,
    ),
    "persian": table(
        "Ahmadi 20, Mohammadi 20, Hosseini 18, Rahimi, Karimi, Rezaei, Hashemi, Jafari, Moradi, "
        "Amiri, Akbari, Sadeghi, Ghasemi, Alizadeh, Hosseinzadeh, Ebrahimi, Kazemi, Azizi, "
        "Rostami, Habibi, Heidari, Safari, Mousavi, Nazari, Sharifi, Tehrani, Shirazi, "
        "Rahmani, Bagheri, Asadi",
        zipf=0.6,
    ),
    "dari": table(
        "Ahmadi 28, Mohammadi 25, Hussaini 18, Rahimi, Karimi, Sultani, Noori, Jafari, Rahmani, "
        "Sadat, Azizi, Habibi, Akbari, Haidari, Samadi, Popal, Stanikzai, Wardak, Amiri, "
        "Nazari, Hakimi, Safi, Mohammadzai, Sharifi, Qaderi, Yousufzai, Barakzai, Durrani, "
        "Hotak, Nawabi, Rasuli, Mirzaei, Sherzad, Naseri, Faizi",
        zipf=0.6,
    ),
    "urdu": table(
        "Khan 45, Ahmed 22, Ali 20, Hussain 20, Malik 15, Butt, Chaudhry, Qureshi, Shah, "
        "Iqbal, Raza, Siddiqui, Akhtar, Rana, Bibi, Begum, Javed, Aslam, Mirza, Sheikh, Baig, "
        "Abbasi, Awan, Hashmi, Rehman, Mahmood, Anwar, Bashir, Riaz, Saleem",
        zipf=0.7,
    ),
    "somali": table(
        "Mohamed 40, Ahmed 28, Ali 25, Hassan 20, Abdi 20, Abdullahi 16, Omar, Farah, Warsame, "
        "Yusuf, Osman, Ismail, Jama, Hersi, Aden, Nur, Egal, Abdirahman, Hussein, Ibrahim, "
        "Mahmoud, Elmi, Dualeh, Guled, Samatar, Barre, Shire, Gedi, Isse, Abdulkadir",
        zipf=0.7,
    ),
    "tigrinya": table(
        "Tesfay 14, Tekle, Gebremariam, Haile, Kidane, Berhane, Ghebreyesus, Woldemichael, "
        "Tesfamariam, Mehari, Yohannes, Habte, Negash, Andemariam, Asmerom, Ghirmay, Abraha, "
        "Kahsay, Okbay, Gebremedhin, Tewelde, Ghebrehiwet, Zerai, Mesfin, Weldu, Asfaha, "
        "Tsegay, Hagos, Kiflom, Amanuel",
        zipf=0.5,
    ),
    "turkish": table(
        "Yılmaz 25, Kaya 16, Demir 16, Şahin 14, Çelik 14, Yıldız, Yıldırım, Öztürk, Aydın, "
        "Özdemir, Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, "
        "Korkmaz, Karataş, Erdoğan, Güneş, Aksoy, Bulut, Tekin, Uçar, Keskin, Gül, Ateş, Turan",
        zipf=0.6,
    ),
    "thai": table(
        "Saetang, Srisuk, Chaiyaporn, Wongsawat, Sukprasert, Thongchai, Boonmee, Kaewkla, "
        "Phromma, Rattanakorn, Jaidee, Sombat, Srisawat, Chanthaphan, Phanthong, Wongsuwan, "
        "Khamsri, Intharasuk, Pongpanich, Saelim, Sirisombat, Kongkaew, Thongdee, Suwannarat, "
        "Chaisri, Boonsong, Kaewmanee, Nakprasert, Charoensuk, Suksawat",
        zipf=0.2,
    ),
    "vietnamese": table(
        "Nguyễn 380, Trần 110, Lê 95, Phạm 70, Hoàng 50, Huỳnh 45, Phan 40, Vũ 35, Võ 30, "
        "Đặng 20, Bùi 20, Đỗ 15, Hồ 15, Ngô 15, Dương 10, Lý 10, Đinh 8, Trương 8, Lâm 6, "
        "Mai 5, Đoàn 5, Cao 5, Lưu 4, Tạ 3"
    ),
    "filipino": table(
        "Santos 16, Reyes 16, Cruz 12, Bautista, Ocampo, Garcia, Mendoza, Torres, Dela Cruz, "
        "Villanueva, Ramos, Aquino, Castillo, De Guzman, Flores, Gonzales, Fernandez, Lopez, "
        "Rivera, Navarro, Mercado, Aguilar, Pascual, Santiago, Soriano, Del Rosario, Manalo, "
        "Tolentino, Salazar, Dizon",
        zipf=0.6,
    ),
    "danish": table(
        "Nielsen 20, Jensen 20, Hansen 17, Pedersen 13, Andersen 13, Christensen 10, "
        "Larsen 10, Sørensen 9, Rasmussen 8, Jørgensen 7, Petersen 7, Madsen 5, Kristensen 5, "
        "Olsen 5, Thomsen 4, Christiansen 4, Poulsen 3, Johansen 3, Møller 3, Mortensen 3, "
        "Knudsen 2, Jakobsen 2, Mikkelsen 2, Olesen 2, Frederiksen 2, Laursen 2, Henriksen 2, "
        "Lund 2, Schmidt 2, Eriksen 2, Holm 2, Kristiansen 2, Clausen 2, Simonsen 2, "
        "Svendsen 2, Andreasen 2, Iversen 1, Jeppesen 1, Vestergaard 1, Nørgaard 1, Dahl 1, "
        "Bach 1, Østergaard 1, Kjær 1, Lauridsen 1"
    ),
}

VIETNAMESE_MIDDLE_FEMALE = table("Thị 85, Ngọc 5, Thu 3, Kim 3, Hồng 2, Thanh 2")
VIETNAMESE_MIDDLE_MALE = table("Văn 70, Đức 8, Hữu 8, Minh 7, Quốc 7")
DANISH_MIDDLE = table(
    "Marie, Louise, Holm, Skov, Lund, Bach, Dahl, Juul, Krogh, Friis, Kjær, Vinther, Brandt, "
    "Bøgh, Højgaard",
    zipf=0.5,
)

# Probability that a person of the culture carries the father's given name as a middle name
# (Arabic, Somali, Tigrinya and Afghan naming), or another middle name for the rest.
MIDDLE_NAME_SHARE: dict[str, float] = {
    "arabic": 0.40,
    "persian": 0.12,
    "dari": 0.20,
    "urdu": 0.20,
    "somali": 0.50,
    "tigrinya": 0.30,
    "turkish": 0.15,
    "thai": 0.0,
    "vietnamese": 1.0,
    "filipino": 0.60,
    "danish": 0.30,
}

# How strongly rule-based romanisation noise applies to a culture's names.
TRANSLITERATION_WEIGHT: dict[str, float] = {
    "arabic": 1.0,
    "persian": 1.0,
    "dari": 1.0,
    "urdu": 1.0,
    "somali": 1.0,
    "tigrinya": 1.0,
    "turkish": 0.6,
    "thai": 1.0,
    "vietnamese": 0.5,
    "filipino": 0.3,
    "danish": 0.0,
}

# --- Curated romanisation variants ---------------------------------------------------------
# Each tuple lists spellings of one name seen on Danish lists. A record may show any member
# instead of the entity's own spelling. Rule-based noise (see generator.py) adds more.

VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamad", "Mohamed", "Mohammad", "Muhammed", "Mehmet",
     "Maxamed", "Mohd", "Mouhamed"),
    ("Ahmed", "Ahmad", "Ahmet", "Axmed", "Achmad"),
    ("Abdel", "Abdul", "Abd al", "Abd el", "Abdal", "Abdol", "Cabdul"),
    ("Abdulrahman", "Abdel Rahman", "Abd al-Rahman", "Abdirahman", "Cabdiraxmaan",
     "Abdurrahman", "Abdul Rehman", "Abdelrahman"),
    ("Abdullah", "Abdallah", "Abdulla", "Abdullahi", "Cabdullaahi", "Abdollah"),
    ("Abdulkadir", "Abdul Qadir", "Abdelkader", "Cabdulqaadir", "Abdulqadir"),
    ("Abdul Karim", "Abdulkarim", "Abdel Karim", "Abdelkarim", "Abd al-Karim"),
    ("Abdel Aziz", "Abdulaziz", "Abdelaziz", "Abdul Aziz"),
    ("Abdi", "Cabdi", "Abdie"),
    ("Hussein", "Husain", "Hussain", "Huseyin", "Hüseyin", "Hossein", "Husein", "Xuseen",
     "Hosein", "Hussien"),
    ("Hassan", "Hasan", "Xasan", "Hassen", "Hasaan"),
    ("Fatima", "Fatma", "Fatemeh", "Fadumo", "Faduma", "Fatuma", "Fatimah", "Fatime",
     "Fadhumo"),
    ("Khadija", "Khadiija", "Hadiya", "Khadidja", "Hatice", "Kadija", "Hadija", "Khadijeh",
     "Xadiija", "Khadeeja"),
    ("Aisha", "Aicha", "Ayesha", "Aysha", "Ayşe", "Ayse", "Caasha", "Asha", "Aischa"),
    ("Maryam", "Mariam", "Meryem", "Maryan", "Mariyam", "Mirjam"),
    ("Zainab", "Zeinab", "Zaynab", "Zeynep", "Seinab", "Zeynab", "Zenab"),
    ("Zahra", "Sahra", "Zehra", "Sahro", "Zahraa", "Zohra"),
    ("Amina", "Aamina", "Aminah", "Ameena", "Emine", "Amine"),
    ("Noor", "Nur", "Nour", "Nuur"),
    ("Leila", "Layla", "Laila", "Leyla", "Lajla"),
    ("Yasmin", "Yasmine", "Jasmin", "Yasemin", "Yassmin"),
    ("Iman", "Eman", "Imaan", "Imane"),
    ("Ruqayya", "Ruqiya", "Rukiye", "Ruqia", "Rokaya", "Ruqaya"),
    ("Samira", "Sameera", "Semira", "Samiira"),
    ("Nasrin", "Nasreen", "Nesrin", "Nisreen", "Nasriin"),
    ("Halima", "Xaliimo", "Halimah", "Haleema", "Halime"),
    ("Hawa", "Xaawo", "Hawwa", "Havva", "Hawo"),
    ("Hodan", "Xodan", "Hoodan"),
    ("Omar", "Cumar", "Umar", "Ömer", "Omer"),
    ("Ali", "Cali", "Aly"),
    ("Yusuf", "Yousef", "Youssef", "Yuusuf", "Yusef", "Jusuf"),
    ("Ibrahim", "İbrahim", "Ebrahim", "Ibraahim", "Brahim"),
    ("Ismail", "İsmail", "Esmail", "Ismaaciil", "Ismael"),
    ("Osman", "Othman", "Usman", "Cusmaan", "Uthman"),
    ("Mustafa", "Mostafa", "Mustapha", "Moustafa"),
    ("Mahmoud", "Mahmud", "Mahmood", "Mehmood", "Maxamuud", "Mohamud", "Mahmut"),
    ("Khalid", "Khaled", "Halid", "Xaalid", "Chalid"),
    ("Khalil", "Halil", "Khaleel", "Chalil"),
    ("Said", "Saeed", "Sayed", "Saiid"),
    ("Saleh", "Salih", "Saalax"),
    ("Suleiman", "Sulaiman", "Süleyman", "Suleyman", "Sleiman"),
    ("Ramadan", "Ramazan", "Ramadhan"),
    ("Nasser", "Nasir", "Naser", "Naasir"),
    ("Jaber", "Jabir", "Djaber"),
    ("Hamid", "Hamed", "Xamid"),
    ("Qassem", "Kassem", "Qasim", "Kasim", "Qassim", "Kassim"),
    ("Reza", "Riza", "Raza", "Rıza"),
    ("Mahdi", "Mehdi"),
    ("Rania", "Raniya", "Ranya"),
    ("Reem", "Rim", "Riim"),
    ("Huda", "Hoda", "Houda"),
    ("Hiba", "Heba", "Hibah"),
    ("Shaimaa", "Shaima", "Chaima", "Shayma"),
    ("Bushra", "Boushra", "Büşra", "Busra"),
    ("Lubna", "Loubna"),
    ("Masoumeh", "Masuma", "Massoumeh", "Masoma"),
    ("Somayeh", "Sumaya", "Somaye", "Sumayyah"),
    ("Sakineh", "Sakina", "Sakine"),
    ("Fereshteh", "Freshta", "Fereshta", "Freshteh"),
    ("Narges", "Nargis", "Nergis"),
    ("Tahereh", "Tahira", "Tahere"),
    ("Nilofar", "Nilufar", "Nilofer", "Nilüfer"),
    ("Mahbooba", "Mahbuba", "Mahboobeh"),
    ("Zakia", "Zakiya", "Zakiyah"),
    ("Ghulam", "Gholam", "Gulam"),
    ("Habibullah", "Habib Ullah", "Habibollah"),
    ("Noorullah", "Nurullah", "Noor Ullah"),
    ("Zabihullah", "Zabiullah", "Zabih Ullah"),
    ("Jafari", "Jaafari", "Djafari"),
    ("Hosseini", "Husseini", "Hoseini", "Hussaini", "Husaini"),
    ("Mohammadi", "Muhammadi", "Mohamadi", "Mohammedi"),
    ("Ahmadi", "Ahmedi", "Ahmady"),
    ("Noori", "Nuri", "Nouri", "Noory"),
    ("Sultani", "Soltani", "Sultany"),
    ("Saima", "Sayma", "Saimah"),
    ("Rubina", "Robina", "Rubeena"),
    ("Samina", "Sameena"),
    ("Rabia", "Rabiya", "Rabiah"),
    ("Mehwish", "Mahwish", "Mehvish"),
    ("Rukhsana", "Ruksana", "Rukhsanah"),
    ("Parveen", "Perveen", "Parvin", "Parween", "Parwin"),
    ("Shazia", "Shaziya", "Schazia"),
    ("Chaudhry", "Chaudhary", "Choudhry", "Chaudhri", "Chowdhury", "Choudhary"),
    ("Qureshi", "Kureshi", "Quraishi"),
    ("Siddiqui", "Siddiqi", "Sidiqi"),
    ("Begum", "Begom", "Begam"),
    ("Rehman", "Rahman", "Rehmaan"),
    ("Naveed", "Navid", "Naved"),
    ("Zubair", "Zubeir", "Zobair"),
    ("Faisal", "Faysal", "Feisal"),
    ("Warsame", "Warsama"),
    ("Jama", "Jaamac", "Jamac"),
    ("Farah", "Faarax", "Farax"),
    ("Hersi", "Xirsi", "Hirsi"),
    ("Aden", "Aadan", "Adan"),
    ("Elmi", "Cilmi"),
    ("Sagal", "Saagal"),
    ("Deqa", "Deeqa", "Dheeqa"),
    ("Ubah", "Ubax", "Ubaah"),
    ("Kowsar", "Kawsar", "Kowthar"),
    ("Sucaad", "Suad", "Souad", "Suaad"),
    ("Obaidi", "Ubaidi", "Obeidi"),
    ("Jaburi", "Jabouri", "Jubouri", "Jabori", "Juburi"),
    ("Khatib", "Khateeb", "Chatib"),
    ("Dulaimi", "Dulaymi", "Duleimi"),
    ("Tesfay", "Tesfai", "Tesfaye"),
    ("Gebremariam", "Ghebremariam", "Gebre Mariam", "Gebremaryam"),
    ("Ghebreyesus", "Gebreyesus", "Gebre Yesus"),
    ("Woldemichael", "Weldemichael", "Wolde Michael", "Weldemikael"),
    ("Gebremedhin", "Ghebremedhin", "Gebremedin"),
    ("Haile", "Hayle"),
    ("Yohannes", "Johannes", "Yohanes"),
    ("Senait", "Senayt", "Senaid"),
    ("Berhane", "Birhane", "Berhan"),
    ("Yordanos", "Jordanos"),
    ("Luwam", "Luam", "Lwam"),
    ("Hiwet", "Hiwot"),
    ("Tsehaye", "Tsehay"),
    ("Rahel", "Rachel"),
    ("Helen", "Hellen", "Helena"),
    ("Dawit", "Dawid", "Davit"),
    ("Yonas", "Jonas"),
    ("Supaporn", "Suphaporn", "Supaphon"),
    ("Siriporn", "Siripon", "Siriphon"),
    ("Porntip", "Pornthip", "Porntib"),
    ("Jintana", "Chintana", "Jinthana"),
    ("Jiraporn", "Chiraporn", "Jiraphon"),
    ("Wanida", "Vanida"),
    ("Nittaya", "Nitaya"),
    ("Kanokwan", "Kanogwan"),
    ("Nguyễn", "Nguyen", "Nguyên", "Nguyenn"),
    ("Thị", "Thi", "Thy"),
    ("Hương", "Huong", "Houng"),
    ("Şahin", "Sahin", "Shahin", "Schahin"),
    ("Çelik", "Celik", "Tschelik", "Chelik"),
    ("Yılmaz", "Yilmaz", "Jilmaz"),
    ("Öztürk", "Ozturk", "Oeztuerk"),
    ("Gül", "Gul", "Guel"),
    ("Dela Cruz", "De la Cruz", "Delacruz", "Dela-Cruz"),
    ("De Guzman", "Deguzman", "De-Guzman"),
    ("Del Rosario", "Delrosario", "Del-Rosario"),
    ("Maria", "Ma.", "Marie"),
    ("Mary Grace", "Marygrace", "Mary-Grace"),
    ("Mary Ann", "Maryann", "Mary-Ann"),
    ("John Paul", "Johnpaul", "John-Paul"),
    ("Camilla", "Kamilla"),
)  # fmt: skip


def _variant_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for number, group in enumerate(VARIANT_GROUPS):
        for spelling in group:
            index.setdefault(spelling.casefold(), number)
    return index


VARIANT_INDEX: dict[str, int] = _variant_index()


# --- Danish addresses ------------------------------------------------------------------------

STREETS = table(
    "Vestergade, Østergade, Nørregade, Søndergade, Jernbanegade, Stationsvej, Skolevej, "
    "Kirkevej, Møllevej, Nordre Ringvej, Søndre Ringvej, Sankt Jørgens Vej, Sankt Hans Gade, "
    "Gammel Kongevej, Gammel Køge Landevej, Store Kongensgade, Lille Strandstræde, "
    "Tingbjerg Allé, Gadelandet, Bispehavevej, Rosenhøj, Mjølnerparken, Blågårdsgade, "
    "Nørrebrogade, Amagerbrogade, Folehaven, Hvidovrevej, Vejlebrovej, Ishøj Strandvej, "
    "Brøndby Nord Vej, Vollsmose Allé, Skovparken, Hasselager Allé, Vestre Ringgade, "
    "Østre Allé, Nordre Fasanvej, Søndre Boulevard, Kongens Vænge, Tåsingevej, Ålekistevej, "
    "Bellahøjvej, Frederikssundsvej, Jyllingevej, Roskildevej, Hyldespjældet, Galgebakken, "
    "Brøndbyvester Boulevard, Taastrupgårdsvej, Gellerupvej, Tovshøjvej, Odinsvej, Thorsvej, "
    "Frejasvej, Lindevej, Egevej, Birkevej, Bøgevej, Ahornvej, Rosenvænget, Solvænget, "
    "Engvej, Markvej, Havnegade, Strandvejen, Parkvej, Grønnegade, Torvegade, Algade, "
    "Slotsgade, Kongevejen, Dronning Louises Vej, Kong Christians Allé, Nørre Allé, "
    "Store Mølle Vej, Lille Kirkestræde, Sankt Peders Stræde, Gammel Mønt, Vestre Allé",
    zipf=0.3,
)

# (postal code, city, relative weight): where the target group lives, roughly.
POSTAL_CODES: tuple[tuple[str, str, float], ...] = (
    ("2200", "København N", 8), ("2300", "København S", 5), ("2400", "København NV", 8),
    ("2450", "København SV", 5), ("2500", "Valby", 4), ("2600", "Glostrup", 2),
    ("2620", "Albertslund", 4), ("2630", "Taastrup", 4), ("2635", "Ishøj", 5),
    ("2650", "Hvidovre", 4), ("2660", "Brøndby Strand", 5), ("2605", "Brøndby", 3),
    ("2700", "Brønshøj", 5), ("2720", "Vanløse", 2), ("2730", "Herlev", 2),
    ("2750", "Ballerup", 2), ("2860", "Søborg", 2), ("2800", "Kongens Lyngby", 2),
    ("8000", "Aarhus C", 3), ("8200", "Aarhus N", 4), ("8210", "Aarhus V", 5),
    ("8220", "Brabrand", 6), ("8260", "Viby J", 3), ("8270", "Højbjerg", 2),
    ("5000", "Odense C", 3), ("5200", "Odense V", 2), ("5220", "Odense SØ", 3),
    ("5240", "Odense NØ", 5), ("9000", "Aalborg", 3), ("9200", "Aalborg SV", 2),
    ("9220", "Aalborg Øst", 3), ("6000", "Kolding", 2), ("7100", "Vejle", 2),
    ("8700", "Horsens", 2), ("4000", "Roskilde", 2), ("3400", "Hillerød", 1),
    ("4700", "Næstved", 2), ("6700", "Esbjerg", 2), ("7400", "Herning", 2),
    ("8900", "Randers C", 2), ("4200", "Slagelse", 2), ("6400", "Sønderborg", 1),
    ("4600", "Køge", 2), ("3000", "Helsingør", 2), ("7000", "Fredericia", 1),
    ("6100", "Haderslev", 1), ("8800", "Viborg", 1), ("4300", "Holbæk", 2),
    ("9800", "Hjørring", 1), ("5700", "Svendborg", 1), ("4800", "Nykøbing F", 1),
)  # fmt: skip

# Word-level abbreviations seen in Danish addresses ("Ndr. Ringvej", "Skt. Jørgens V.").
STREET_WORD_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "Nordre": ("Ndr.", "Ndr"),
    "Søndre": ("Sdr.", "Sdr"),
    "Sankt": ("Skt.", "Sct.", "Skt"),
    "Gammel": ("Gl.", "Gl"),
    "Store": ("St.",),
    "Lille": ("Ll.", "Lll."),
    "Nørre": ("Nr.", "Nr"),
    "Østre": ("Ø.",),
    "Vestre": ("V.", "Vestr."),
    "Kongens": ("Kgs.",),
    "Dronning": ("Dronn.",),
    "Boulevard": ("Blvd.", "Boul."),
    "Vej": ("V.",),
    "Allé": ("Alle", "Allé"),
    "Stræde": ("Str.",),
    "Gade": ("G.",),
}

DANISH_MOBILE_PREFIXES: tuple[str, ...] = (
    "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42",
    "50", "51", "52", "53", "60", "61", "71", "81", "91", "92", "93",
)  # fmt: skip

EMAIL_DOMAINS = table(
    "gmail.com 40, hotmail.com 20, hotmail.dk 10, yahoo.com 8, outlook.dk 6, live.dk 6, "
    "mail.dk 4, outlook.com 4, icloud.com 3"
)
