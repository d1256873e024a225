"""Synthetic name material for demo data: common given names and surnames from the countries
the target group comes from, with the romanisation variants caseworkers meet in real lists.

Each entry is a tuple of spellings of one name; the first is the most common."""

from __future__ import annotations

# country code → (female given names, male given names, surnames)
NAMES: dict[str, tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]]]] = {
    "SY": (
        [
            ("Fatima", "Fatma", "Fatimah"),
            ("Aisha", "Aischa", "Ayesha"),
            ("Rania", "Ranya"),
            ("Lina",),
            ("Nour", "Noor", "Nur"),
            ("Hiba", "Heba"),
            ("Amal",),
            ("Rasha", "Rascha"),
        ],
        [
            ("Mohammed", "Muhammad", "Mohamad", "Mohamed"),
            ("Ahmad", "Ahmed"),
            ("Hussein", "Husain", "Hussain"),
            ("Omar", "Umar"),
            ("Khaled", "Khalid"),
        ],
        [
            ("Al-Hassan", "Alhassan", "El Hassan"),
            ("Haddad",),
            ("Abdullah", "Abdallah"),
            ("Khalil", "Chalil"),
            ("Al-Ali", "Alali"),
            ("Darwish", "Darwisch"),
            ("Saleh", "Salih"),
        ],
    ),
    "IQ": (
        [
            ("Zainab", "Zaynab", "Zeinab"),
            ("Maryam", "Mariam", "Meryem"),
            ("Huda", "Hoda"),
            ("Sara", "Sarah"),
            ("Shaima", "Shaimaa"),
        ],
        [
            ("Ali",),
            ("Hussein", "Husain"),
            ("Abdul Karim", "Abdulkarim", "Abdel Karim"),
            ("Mustafa", "Mostafa"),
        ],
        [
            ("Al-Jubouri", "Aljuburi", "Al Jabouri"),
            ("Al-Tamimi", "Altamimi"),
            ("Kareem", "Karim"),
            ("Jassim", "Jasim", "Qasim"),
        ],
    ),
    "AF": (
        [
            ("Zahra", "Sahra", "Zehra"),
            ("Fereshta", "Fereshteh"),
            ("Mariam", "Maryam"),
            ("Nazanin",),
            ("Shabnam",),
            ("Parwana", "Parvana"),
        ],
        [("Ahmad Shah", "Ahmadshah"), ("Mohammad", "Mohammed"), ("Abdul Rahim", "Abdulrahim")],
        [
            ("Rahimi", "Rahimy"),
            ("Hashimi", "Hashemi"),
            ("Ahmadzai", "Ahmadzay"),
            ("Sultani",),
            ("Hussaini", "Husaini", "Hosseini"),
        ],
    ),
    "SO": (
        [
            ("Hodan", "Hoodan"),
            ("Faadumo", "Fadumo", "Fatuma"),
            ("Sahra", "Zahra"),
            ("Khadra", "Xadra"),
            ("Ayaan", "Ayan"),
            ("Deeqa", "Deka"),
        ],
        [("Abdirahman", "Cabdiraxmaan", "Abdirahmaan"), ("Mohamed", "Maxamed", "Mohammed")],
        [
            ("Warsame", "Warsame"),
            ("Ali", "Cali"),
            ("Hassan", "Xasan", "Hasan"),
            ("Abdi", "Cabdi"),
            ("Farah", "Faarax"),
            ("Jama", "Jaamac"),
        ],
    ),
    "TR": (
        [
            ("Ayşe", "Ayse", "Aysche"),
            ("Fatma",),
            ("Emine",),
            ("Zeynep", "Zeinep"),
            ("Hatice", "Hatidsche"),
            ("Gül", "Gul"),
        ],
        [("Mehmet", "Mehmed"), ("Mustafa",), ("Hüseyin", "Huseyin", "Hussein")],
        [
            ("Yılmaz", "Yilmaz"),
            ("Kaya",),
            ("Demir",),
            ("Çelik", "Celik"),
            ("Şahin", "Sahin"),
            ("Öztürk", "Ozturk"),
        ],
    ),
    "PK": (
        [
            ("Ayesha", "Aisha"),
            ("Fatima",),
            ("Sana",),
            ("Nadia", "Nadiya"),
            ("Rubina",),
            ("Shazia", "Shaziya"),
        ],
        [("Muhammad", "Mohammad"), ("Imran",), ("Asif", "Aasif")],
        [
            ("Khan",),
            ("Hussain", "Husain", "Hussein"),
            ("Chaudhry", "Choudhary", "Chaudhary"),
            ("Malik",),
            ("Qureshi", "Kureshi"),
            ("Butt",),
        ],
    ),
    "ER": (
        [
            ("Semhar",),
            ("Helen",),
            ("Yohana", "Johanna"),
            ("Selam", "Salam"),
            ("Mebrat",),
            ("Freweini", "Frewini"),
        ],
        [("Tesfay", "Tesfai"), ("Yonas", "Jonas"), ("Ghebre", "Gebre")],
        [
            ("Tesfamariam", "Tesfamaryam"),
            ("Ghebremedhin", "Gebremedhin"),
            ("Haile", "Hayle"),
            ("Berhane", "Berhe"),
            ("Woldu", "Weldu"),
        ],
    ),
    "TH": (
        [
            ("Somchai",),
            ("Malee", "Mali"),
            ("Siriporn", "Siripon"),
            ("Nok",),
            ("Pranee", "Pranie"),
            ("Kanokwan",),
            ("Wanida", "Wanidaa"),
            ("Ratana", "Rattana"),
        ],
        [("Somsak",), ("Anan",)],
        [
            ("Srisuk", "Srisook"),
            ("Chaiyaphum", "Chaiyapum"),
            ("Wongsawat", "Vongsawat"),
            ("Saetang", "Sae-Tang"),
            ("Boonmee", "Bunmi"),
            ("Thongchai", "Tongchai"),
        ],
    ),
    "PH": (
        [
            ("Maria Cristina", "Ma. Cristina"),
            ("Jocelyn", "Joselyn"),
            ("Marites",),
            ("Rowena",),
            ("Lourdes",),
            ("Maricel", "Marisel"),
        ],
        [("Jose",), ("Rodrigo",)],
        [
            ("Santos",),
            ("Reyes",),
            ("Cruz", "De la Cruz", "Dela Cruz"),
            ("Bautista",),
            ("Garcia",),
            ("Mendoza",),
        ],
    ),
    "VN": (
        [
            ("Nguyen Thi Lan", "Thi Lan"),
            ("Hoa",),
            ("Huong", "Hương"),
            ("Mai",),
            ("Thu",),
            ("Linh",),
        ],
        [("Minh",), ("Tuan", "Tuấn")],
        [
            ("Nguyen", "Nguyễn", "Nguyen"),
            ("Tran", "Trần"),
            ("Le", "Lê"),
            ("Pham", "Phạm"),
            ("Hoang", "Huynh", "Hoàng"),
            ("Vu", "Võ", "Vo"),
        ],
    ),
}

# Share of the target group by country of origin in the demo (roughly the mix of family
# reunification to Denmark; Thai and Filipino women are a large part of spouse-supported).
COUNTRY_WEIGHTS: dict[str, int] = {
    "TH": 18,
    "PH": 12,
    "SY": 14,
    "TR": 10,
    "IQ": 8,
    "AF": 8,
    "SO": 8,
    "PK": 8,
    "ER": 6,
    "VN": 8,
}

DANISH_FIRST_NAMES = [
    "Mette",
    "Anne",
    "Hanne",
    "Louise",
    "Søren",
    "Lars",
    "Jens",
    "Camilla",
    "Peter",
    "Maria",
    "Rasmus",
    "Sofie",
    "Henrik",
    "Line",
    "Thomas",
]
DANISH_LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
]
