"""Title texts of the sample offers in the assistant's seven languages other than German.

The German title is the offer's `title`; these are its `titles` in the seed. German names of
institutions a newcomer meets on letters and signs (Kita, Integrationskurs, Berufskolleg) stay
beside the translation.
"""

from __future__ import annotations

import re

# The Kita title, by the youngest age: "Kindertagesbetreuung für Kinder von 2 bis 6 Jahren".
KITA = re.compile(r"Kindertagesbetreuung für Kinder von (?P<min>\d+) bis 6 Jahren")
KITA_TITLES: dict[str, str] = {
    "en": "Kita – childcare for children aged {min} to 6",
    "ar": "حضانة أطفال (Kita) للأطفال من {min} إلى 6 سنوات",
    "fa": "مهدکودک (Kita) برای کودکان {min} تا 6 سال",
    "uk": "Дитячий садок (Kita) для дітей від {min} до 6 років",
    "ru": "Детский сад (Kita) для детей от {min} до 6 лет",
    "tr": "{min}–6 yaş arası çocuklar için kreş (Kita)",
    "fr": "Crèche et jardin d'enfants (Kita) pour les enfants de {min} à 6 ans",
}

# The job-related language courses, by level: "Berufssprachkurs B2 (Deutsch für den Beruf)".
JOB_COURSE = re.compile(r"Berufssprachkurs (?P<level>[ABC][12]) \(Deutsch für den Beruf\)")
JOB_COURSE_TITLES: dict[str, str] = {
    "en": "Job-related German course {level} (Berufssprachkurs)",
    "ar": "دورة اللغة الألمانية للعمل {level} (Berufssprachkurs)",
    "fa": "دوره زبان آلمانی برای کار {level} (Berufssprachkurs)",
    "uk": "Курс німецької для роботи {level} (Berufssprachkurs)",
    "ru": "Курс немецкого для работы {level} (Berufssprachkurs)",
    "tr": "Meslek için Almanca kursu {level} (Berufssprachkurs)",
    "fr": "Cours d'allemand professionnel {level} (Berufssprachkurs)",
}

TITLES: dict[str, dict[str, str]] = {
    # -- schools
    "Grundschule (Klassen 1 bis 4)": {
        "en": "Primary school (Grundschule, years 1 to 4)",
        "ar": "مدرسة ابتدائية (Grundschule، الصفوف 1 إلى 4)",
        "fa": "دبستان (Grundschule، کلاس‌های 1 تا 4)",
        "uk": "Початкова школа (Grundschule, 1–4 класи)",
        "ru": "Начальная школа (Grundschule, 1–4 классы)",
        "tr": "İlkokul (Grundschule, 1.–4. sınıflar)",
        "fr": "École primaire (Grundschule, classes 1 à 4)",
    },
    "Gesamtschule (Klassen 5 bis 13)": {
        "en": "Comprehensive school (Gesamtschule, years 5 to 13)",
        "ar": "مدرسة شاملة (Gesamtschule، الصفوف 5 إلى 13)",
        "fa": "مدرسه جامع (Gesamtschule، کلاس‌های 5 تا 13)",
        "uk": "Загальноосвітня школа (Gesamtschule, 5–13 класи)",
        "ru": "Общеобразовательная школа (Gesamtschule, 5–13 классы)",
        "tr": "Birleşik ortaokul ve lise (Gesamtschule, 5.–13. sınıflar)",
        "fr": "École polyvalente (Gesamtschule, classes 5 à 13)",
    },
    "Gymnasium (Klassen 5 bis 13)": {
        "en": "Academic secondary school (Gymnasium, years 5 to 13)",
        "ar": "مدرسة ثانوية أكاديمية (Gymnasium، الصفوف 5 إلى 13)",
        "fa": "دبیرستان آکادمیک (Gymnasium، کلاس‌های 5 تا 13)",
        "uk": "Гімназія (Gymnasium, 5–13 класи)",
        "ru": "Гимназия (Gymnasium, 5–13 классы)",
        "tr": "Lise (Gymnasium, 5.–13. sınıflar)",
        "fr": "Lycée d'enseignement général (Gymnasium, classes 5 à 13)",
    },
    "Realschule (Klassen 5 bis 10)": {
        "en": "Secondary school (Realschule, years 5 to 10)",
        "ar": "مدرسة إعدادية (Realschule، الصفوف 5 إلى 10)",
        "fa": "مدرسه متوسطه (Realschule، کلاس‌های 5 تا 10)",
        "uk": "Реальна школа (Realschule, 5–10 класи)",
        "ru": "Реальная школа (Realschule, 5–10 классы)",
        "tr": "Ortaokul (Realschule, 5.–10. sınıflar)",
        "fr": "Collège (Realschule, classes 5 à 10)",
    },
    "Sekundarschule (Klassen 5 bis 10)": {
        "en": "Secondary school (Sekundarschule, years 5 to 10)",
        "ar": "مدرسة متوسطة (Sekundarschule، الصفوف 5 إلى 10)",
        "fa": "مدرسه راهنمایی (Sekundarschule، کلاس‌های 5 تا 10)",
        "uk": "Середня школа (Sekundarschule, 5–10 класи)",
        "ru": "Средняя школа (Sekundarschule, 5–10 классы)",
        "tr": "Ortaokul (Sekundarschule, 5.–10. sınıflar)",
        "fr": "Collège (Sekundarschule, classes 5 à 10)",
    },
    # -- counselling
    "Migrationsberatung für Erwachsene (MBE)": {
        "en": "Migration advice for adults (MBE)",
        "ar": "استشارات الهجرة للبالغين (MBE)",
        "fa": "مشاوره مهاجرت برای بزرگسالان (MBE)",
        "uk": "Міграційна консультація для дорослих (MBE)",
        "ru": "Миграционная консультация для взрослых (MBE)",
        "tr": "Yetişkinler için göç danışmanlığı (MBE)",
        "fr": "Conseil en migration pour adultes (MBE)",
    },
    "Jugendmigrationsdienst (JMD)": {
        "en": "Migration service for young people (JMD)",
        "ar": "خدمة الهجرة للشباب (JMD)",
        "fa": "خدمات مهاجرت برای جوانان (JMD)",
        "uk": "Міграційна служба для молоді (JMD)",
        "ru": "Миграционная служба для молодёжи (JMD)",
        "tr": "Gençler için göç danışma servisi (JMD)",
        "fr": "Service migration pour les jeunes (JMD)",
    },
    "Flüchtlingsberatung und Asylverfahrensberatung": {
        "en": "Advice for refugees and on the asylum procedure",
        "ar": "استشارات للاجئين وحول إجراءات اللجوء",
        "fa": "مشاوره برای پناهجویان و درباره روند پناهندگی",
        "uk": "Консультації для біженців і щодо процедури надання притулку",
        "ru": "Консультации для беженцев и по процедуре предоставления убежища",
        "tr": "Mülteci danışmanlığı ve iltica süreci danışmanlığı",
        "fr": "Conseil aux réfugiés et sur la procédure d'asile",
    },
    "Erziehungs- und Familienberatung": {
        "en": "Parenting and family counselling",
        "ar": "استشارات تربوية وأسرية",
        "fa": "مشاوره تربیت فرزند و خانواده",
        "uk": "Консультації з питань виховання та сім'ї",
        "ru": "Консультации по вопросам воспитания и семьи",
        "tr": "Ebeveynlik ve aile danışmanlığı",
        "fr": "Conseil éducatif et familial",
    },
    "Beratung für Frauen": {
        "en": "Counselling for women",
        "ar": "استشارات للنساء",
        "fa": "مشاوره برای زنان",
        "uk": "Консультації для жінок",
        "ru": "Консультации для женщин",
        "tr": "Kadınlar için danışmanlık",
        "fr": "Conseil pour les femmes",
    },
    # -- meeting points and volunteering
    "Begegnungscafé": {
        "en": "Meeting café",
        "ar": "مقهى اللقاء والتعارف",
        "fa": "کافه دیدار و آشنایی",
        "uk": "Кафе зустрічей",
        "ru": "Кафе встреч",
        "tr": "Buluşma kafesi",
        "fr": "Café rencontre",
    },
    "Komm-an-Treffpunkt: Ankommen und Austausch": {
        "en": "Welcome meeting point: settling in and talking together",
        "ar": "نقطة لقاء للقادمين الجدد: الاستقرار وتبادل الحديث",
        "fa": "محل دیدار تازه‌واردان: جاافتادن و گفت‌وگو",
        "uk": "Зустрічі для новоприбулих: облаштування та спілкування",
        "ru": "Место встреч для новоприбывших: адаптация и общение",
        "tr": "Yeni gelenler için buluşma noktası: alışmak ve sohbet etmek",
        "fr": "Point de rencontre pour nouveaux arrivants : s'installer et échanger",
    },
    "Fußballtraining für alle": {
        "en": "Football training for everyone",
        "ar": "تدريب كرة القدم للجميع",
        "fa": "تمرین فوتبال برای همه",
        "uk": "Футбольні тренування для всіх",
        "ru": "Футбольные тренировки для всех",
        "tr": "Herkes için futbol antrenmanı",
        "fr": "Entraînement de football pour tous",
    },
    "Ehrenamtliche Lesepatinnen und Lesepaten gesucht": {
        "en": "Volunteers wanted to read with children",
        "ar": "مطلوب متطوعات ومتطوعون للقراءة مع الأطفال",
        "fa": "داوطلب برای کتاب‌خوانی با کودکان می‌خواهیم",
        "uk": "Шукаємо волонтерів, які читатимуть з дітьми",
        "ru": "Ищем волонтёров для чтения с детьми",
        "tr": "Çocuklarla kitap okuyacak gönüllüler aranıyor",
        "fr": "Bénévoles recherchés pour lire avec des enfants",
    },
    "Internationaler Frauentreff": {
        "en": "International women's meeting",
        "ar": "لقاء دولي للنساء",
        "fa": "دیدار بین‌المللی زنان",
        "uk": "Міжнародні зустрічі для жінок",
        "ru": "Международные встречи для женщин",
        "tr": "Uluslararası kadın buluşması",
        "fr": "Rencontre internationale de femmes",
    },
    "Sprachcafé: Deutsch sprechen üben": {
        "en": "Language café: practise speaking German",
        "ar": "مقهى اللغة: تدرّب على التحدث بالألمانية",
        "fa": "کافه زبان: تمرین صحبت کردن به آلمانی",
        "uk": "Мовне кафе: практика розмовної німецької",
        "ru": "Языковое кафе: практика разговорного немецкого",
        "tr": "Dil kafesi: Almanca konuşma pratiği",
        "fr": "Café des langues : s'entraîner à parler allemand",
    },
    # -- language courses
    "Integrationskurs (allgemeiner Integrationskurs)": {
        "en": "Integration course (Integrationskurs, general course)",
        "ar": "دورة الاندماج (Integrationskurs، الدورة العامة)",
        "fa": "دوره ادغام (Integrationskurs، دوره عمومی)",
        "uk": "Інтеграційний курс (Integrationskurs, загальний)",
        "ru": "Интеграционный курс (Integrationskurs, общий)",
        "tr": "Uyum kursu (Integrationskurs, genel kurs)",
        "fr": "Cours d'intégration (Integrationskurs, cours général)",
    },
    "Integrationskurs mit Alphabetisierung": {
        "en": "Integration course with learning to read and write (Alphabetisierung)",
        "ar": "دورة الاندماج مع تعلّم القراءة والكتابة (Integrationskurs mit Alphabetisierung)",
        "fa": "دوره ادغام همراه با سوادآموزی (Integrationskurs mit Alphabetisierung)",
        "uk": "Інтеграційний курс із навчанням читання та письма (Alphabetisierung)",
        "ru": "Интеграционный курс с обучением чтению и письму (Alphabetisierung)",
        "tr": "Okuma yazma öğrenimli uyum kursu (Integrationskurs mit Alphabetisierung)",
        "fr": "Cours d'intégration avec alphabétisation (Integrationskurs mit Alphabetisierung)",
    },
    "Jugendintegrationskurs": {
        "en": "Integration course for young people (Jugendintegrationskurs)",
        "ar": "دورة الاندماج للشباب (Jugendintegrationskurs)",
        "fa": "دوره ادغام برای جوانان (Jugendintegrationskurs)",
        "uk": "Інтеграційний курс для молоді (Jugendintegrationskurs)",
        "ru": "Интеграционный курс для молодёжи (Jugendintegrationskurs)",
        "tr": "Gençler için uyum kursu (Jugendintegrationskurs)",
        "fr": "Cours d'intégration pour les jeunes (Jugendintegrationskurs)",
    },
    "Eltern- und Frauenintegrationskurs": {
        "en": "Integration course for parents and women (Integrationskurs)",
        "ar": "دورة الاندماج للآباء والأمهات والنساء (Integrationskurs)",
        "fa": "دوره ادغام برای والدین و زنان (Integrationskurs)",
        "uk": "Інтеграційний курс для батьків і жінок (Integrationskurs)",
        "ru": "Интеграционный курс для родителей и женщин (Integrationskurs)",
        "tr": "Ebeveynler ve kadınlar için uyum kursu (Integrationskurs)",
        "fr": "Cours d'intégration pour parents et femmes (Integrationskurs)",
    },
    "Berufssprachkurs C1 – Abendkurs": {
        "en": "Job-related German course C1 (Berufssprachkurs) – evening course",
        "ar": "دورة اللغة الألمانية للعمل C1 (Berufssprachkurs) – دورة مسائية",
        "fa": "دوره زبان آلمانی برای کار C1 (Berufssprachkurs) – کلاس عصرها",
        "uk": "Курс німецької для роботи C1 (Berufssprachkurs) – вечірній курс",
        "ru": "Курс немецкого для работы C1 (Berufssprachkurs) – вечерний курс",
        "tr": "Meslek için Almanca kursu C1 (Berufssprachkurs) – akşam kursu",
        "fr": "Cours d'allemand professionnel C1 (Berufssprachkurs) – cours du soir",
    },
    # -- school to work
    "Berufsorientierung für Neuzugewanderte": {
        "en": "Career guidance for newcomers",
        "ar": "التوجيه المهني للقادمين الجدد",
        "fa": "راهنمایی شغلی برای تازه‌واردان",
        "uk": "Профорієнтація для новоприбулих",
        "ru": "Профориентация для новоприбывших",
        "tr": "Yeni gelenler için meslek yönlendirmesi",
        "fr": "Orientation professionnelle pour les nouveaux arrivants",
    },
    "Ausbildungsberatung und Bewerbungstraining": {
        "en": "Advice on vocational training (Ausbildung) and job application training",
        "ar": "استشارات حول التدريب المهني (Ausbildung) وتدريب على طلبات العمل",
        "fa": "مشاوره آموزش حرفه‌ای (Ausbildung) و تمرین نوشتن درخواست کار",
        "uk": "Консультації щодо професійного навчання (Ausbildung) і тренінг із пошуку роботи",
        "ru": "Консультации по профессиональному обучению (Ausbildung) и тренинг по поиску работы",
        "tr": "Mesleki eğitim (Ausbildung) danışmanlığı ve iş başvurusu eğitimi",
        "fr": "Conseil sur la formation professionnelle (Ausbildung) et atelier de candidature",
    },
    "Jobcafé für junge Menschen": {
        "en": "Job café for young people",
        "ar": "مقهى العمل للشباب",
        "fa": "کافه کار برای جوانان",
        "uk": "Кафе з пошуку роботи для молоді",
        "ru": "Кафе по поиску работы для молодёжи",
        "tr": "Gençler için iş kafesi",
        "fr": "Café emploi pour les jeunes",
    },
    "Internationale Förderklasse (Berufskolleg)": {
        "en": "International support class at a vocational college (Berufskolleg)",
        "ar": "صف دعم دولي في الكلية المهنية (Berufskolleg)",
        "fa": "کلاس حمایتی بین‌المللی در هنرستان (Berufskolleg)",
        "uk": "Міжнародний клас підтримки в професійному коледжі (Berufskolleg)",
        "ru": "Международный класс поддержки в профессиональном колледже (Berufskolleg)",
        "tr": "Meslek okulunda uluslararası destek sınıfı (Berufskolleg)",
        "fr": "Classe d'accueil internationale au lycée professionnel (Berufskolleg)",
    },
}


def title_translations(title: str) -> dict[str, str]:
    """The translations of the German sample title `title` (language -> text).

    Raises KeyError for a title without translations, so that a new title in the generator
    cannot go out in German only by accident.
    """
    kita = KITA.fullmatch(title)
    if kita:
        return {lang: text.format(min=kita["min"]) for lang, text in KITA_TITLES.items()}
    job = JOB_COURSE.fullmatch(title)
    if job:
        return {lang: text.format(level=job["level"]) for lang, text in JOB_COURSE_TITLES.items()}
    return dict(TITLES[title])
