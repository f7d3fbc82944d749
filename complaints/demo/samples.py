"""Invented names and stories the demo generator draws from. No real person is described."""

from __future__ import annotations

# (language, weight): roughly the languages people affected by Secure Communities speak.
LANGUAGE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("es", 46), ("en", 32), ("zh", 4), ("vi", 4), ("ht", 4), ("tl", 3), ("ko", 3), ("ar", 4),
)  # fmt: skip

GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "es": (
        "José",
        "María",
        "Juan",
        "Guadalupe",
        "Luis",
        "Ana",
        "Carlos",
        "Rosa",
        "Miguel",
        "Sofía",
    ),
    "en": ("Daniel", "Maria", "Jorge", "Grace", "Samuel", "Ruth", "Kevin", "Esther", "Ali", "Joy"),
    "zh": ("Wei", "Na", "Jun", "Min", "Hui", "Lei", "Xiu", "Yan"),
    "vi": ("Minh", "Lan", "Anh", "Tuấn", "Hương", "Dũng", "Mai", "Phúc"),
    "ht": ("Jean", "Marie", "Wilson", "Nadège", "Frantz", "Rose", "Emmanuel", "Guerline"),
    "tl": ("Maria", "Jose", "Mark", "Angelica", "Rommel", "Jocelyn", "Arnel", "Liza"),
    "ko": ("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Soo-ah"),
    "ar": ("Ahmed", "Fatima", "Omar", "Layla", "Youssef", "Mariam", "Khaled", "Huda"),
}
FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "es": ("García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez", "Cruz"),
    "en": ("Morales", "Okafor", "Johnson", "Mensah", "Reyes", "Ibrahim", "Castillo", "Brown"),
    "zh": ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao"),
    "vi": ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"),
    "ht": ("Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Desir", "Augustin"),
    "tl": ("Santos", "Reyes", "Bautista", "dela Cruz", "Garcia", "Mendoza", "Villanueva"),
    "ko": ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon"),
    "ar": ("Haddad", "Khalil", "Nasser", "Saleh", "Mansour", "Aziz", "Hamdan"),
}
COUNTRIES: dict[str, tuple[str, ...]] = {
    "es": ("Mexico", "Guatemala", "Honduras", "El Salvador", "Ecuador", "Colombia"),
    "en": ("Nigeria", "Ghana", "Jamaica", "Liberia", "Mexico", "Guyana"),
    "zh": ("China",),
    "vi": ("Vietnam",),
    "ht": ("Haiti",),
    "tl": ("Philippines",),
    "ko": ("South Korea",),
    "ar": ("Yemen", "Syria", "Egypt", "Iraq", "Sudan"),
}

# Short first-person accounts, one or two per language, as a person might write them.
NARRATIVES: dict[str, tuple[str, ...]] = {
    "es": (
        "Me pararon por una luz trasera rota. Me llevaron a la cárcel y después de pagar la "
        "fianza no me dejaron salir porque dijeron que inmigración tenía un detainer.",
        "Mi esposo fue arrestado en el trabajo. Los cargos fueron retirados pero lo tuvieron "
        "cuatro días más sin explicación y nunca le dieron copia de ningún papel.",
    ),
    "en": (
        "I was stopped at a checkpoint on my way to work. They asked where I was born and took "
        "me to the county jail. I was never charged with anything.",
        "My brother posted bail on Friday but the jail kept him until Wednesday. They said ICE "
        "had a hold on him. Nobody let him call a lawyer.",
    ),
    "zh": ("我因为一个交通违规被拦下，被带到监狱。保释后他们说移民局有拘留令，不让我走。",),
    "vi": (
        "Tôi bị chặn xe vì đèn sau bị hỏng. Sau khi đóng tiền bảo lãnh, nhà tù vẫn giữ tôi "
        "thêm ba ngày vì di trú.",
    ),
    "ht": (
        "Lapolis te kanpe m pou yon limyè machin ki kase. Apre m te peye kosyon, yo kenbe m "
        "twa jou ankò akoz imigrasyon.",
    ),
    "tl": (
        "Pinahinto ako dahil sira ang ilaw ng kotse. Pagkatapos kong magpiyansa, hindi pa rin "
        "nila ako pinalaya dahil daw sa ICE.",
    ),
    "ko": (
        "미등 고장으로 단속되었습니다. "
        "보석금을 냈지만 이민국 구금 요청 때문에 사흘 더 갇혀 있었습니다.",
    ),
    "ar": (
        "أوقفوني بسبب ضوء خلفي مكسور. بعد دفع الكفالة أبقوني في السجن ثلاثة أيام أخرى بسبب "
        "طلب احتجاز من الهجرة.",
    ),
}

OFFENCES: tuple[tuple[str, str, bool], ...] = (
    # (offence, severity, punishable by more than one year)
    ("Driving without a license", "traffic", False),
    ("Broken tail light", "traffic", False),
    ("Speeding", "traffic", False),
    ("Driving under the influence", "misdemeanor", False),
    ("Petty theft", "misdemeanor", False),
    ("Trespass", "misdemeanor", False),
    ("Disorderly conduct", "misdemeanor", False),
    ("Possession of a controlled substance", "felony", True),
    ("Burglary", "felony", True),
    ("Assault", "felony", True),
    ("Fishing without a license", "infraction", False),
)

STAFF_NOTES: tuple[str, ...] = (
    "Called the jail; booking confirms an ICE detainer was lodged.",
    "Requested the booking sheet and the I-247 from the county.",
    "Left a message with the family at the number marked safe to call.",
    "Checked the court docket: charges dismissed at first appearance.",
    "Referred to the pro-bono panel for a bond hearing.",
)
STAFF_MESSAGES: tuple[str, ...] = (
    "Thank you for writing to us. A caseworker is reviewing what you told us.",
    "Could you send a photo of any paper the jail gave you about immigration?",
    "We have contacted the jail about the release date. We will write again soon.",
)
COMPLAINANT_REPLIES: tuple[str, ...] = (
    "Gracias. Le mando la foto del papel mañana.",
    "Thank you. He is still in the jail.",
)

# Used when the shared facility list is not on this machine.
FALLBACK_JURISDICTIONS: tuple[tuple[str, str, str, str], ...] = (
    # (state, county, city, facility)
    ("TX", "HARRIS", "HOUSTON", "HARRIS COUNTY JAIL"),
    ("TX", "EL PASO", "EL PASO", "EL PASO COUNTY JAIL"),
    ("CA", "LOS ANGELES", "LOS ANGELES", "LOS ANGELES COUNTY JAIL"),
    ("AZ", "MARICOPA", "PHOENIX", "MARICOPA COUNTY JAIL"),
    ("FL", "MIAMI-DADE", "MIAMI", "MIAMI-DADE COUNTY JAIL"),
    ("GA", "GWINNETT", "LAWRENCEVILLE", "GWINNETT COUNTY JAIL"),
    ("NC", "MECKLENBURG", "CHARLOTTE", "MECKLENBURG COUNTY JAIL"),
    ("IL", "COOK", "CHICAGO", "COOK COUNTY JAIL"),
    ("NY", "NASSAU", "EAST MEADOW", "NASSAU COUNTY CORRECTIONAL CENTER"),
    ("WA", "KING", "SEATTLE", "KING COUNTY JAIL"),
)
