"""Note texts of the sample offers in the assistant's eight languages."""

from __future__ import annotations

NOTES: dict[str, dict[str, str]] = {
    "call_first": {
        "de": "Bitte rufen Sie vorher an und vereinbaren Sie einen Termin.",
        "en": "Please call first to make an appointment.",
        "ar": "يرجى الاتصال مسبقًا لتحديد موعد.",
        "fa": "لطفاً قبلاً تماس بگیرید و وقت بگیرید.",
        "uk": "Будь ласка, спочатку зателефонуйте й домовтеся про зустріч.",
        "ru": "Пожалуйста, сначала позвоните и договоритесь о встрече.",
        "tr": "Lütfen önce arayıp randevu alın.",
        "fr": "Veuillez d'abord appeler pour prendre rendez-vous.",
    },
    "walk_in": {
        "de": "Offener Treff: Sie können ohne Anmeldung vorbeikommen.",
        "en": "Open meeting: you can drop in without registering.",
        "ar": "لقاء مفتوح: يمكنكم الحضور دون تسجيل مسبق.",
        "fa": "دیدار آزاد: می‌توانید بدون ثبت‌نام بیایید.",
        "uk": "Відкрита зустріч: можна прийти без реєстрації.",
        "ru": "Открытая встреча: можно прийти без записи.",
        "tr": "Açık buluşma: kayıt olmadan gelebilirsiniz.",
        "fr": "Rencontre ouverte : vous pouvez venir sans inscription.",
    },
    "childcare": {
        "de": "Während des Kurses werden kleine Kinder im Nebenraum betreut.",
        "en": "Small children are looked after in the next room during the course.",
        "ar": "يتم الاعتناء بالأطفال الصغار في الغرفة المجاورة أثناء الدورة.",
        "fa": "در طول دوره از کودکان خردسال در اتاق کناری نگهداری می‌شود.",
        "uk": "Під час курсу за маленькими дітьми доглядають у сусідній кімнаті.",
        "ru": "Во время курса за маленькими детьми присматривают в соседней комнате.",
        "tr": "Kurs sırasında küçük çocuklara yan odada bakılır.",
        "fr": "Pendant le cours, les jeunes enfants sont gardés dans la salle voisine.",
    },
    "eligibility": {
        "de": "Für den Kurs brauchen Sie einen Berechtigungsschein vom BAMF oder vom Jobcenter. "
        "Wir helfen beim Antrag.",
        "en": "For this course you need an eligibility certificate from the BAMF or the "
        "Jobcenter. We help you apply.",
        "ar": "تحتاجون لهذه الدورة إلى شهادة أهلية من المكتب الاتحادي للهجرة واللاجئين أو من "
        "مركز العمل. نساعدكم في تقديم الطلب.",
        "fa": "برای این دوره به مجوز شرکت از BAMF یا جاب‌سنتر نیاز دارید. در درخواست به شما "
        "کمک می‌کنیم.",
        "uk": "Для курсу потрібен дозвіл (Berechtigungsschein) від BAMF або Jobcenter. "
        "Ми допоможемо із заявою.",
        "ru": "Для курса нужно разрешение (Berechtigungsschein) от BAMF или Jobcenter. "
        "Мы поможем с заявлением.",
        "tr": "Bu kurs için BAMF'tan veya Jobcenter'dan katılım belgesi gerekir. "
        "Başvuruda yardımcı oluyoruz.",
        "fr": "Pour ce cours, il faut une attestation d'admission du BAMF ou du Jobcenter. "
        "Nous vous aidons pour la demande.",
    },
    "interpreter": {
        "de": "Auf Wunsch ist eine Sprachmittlerin oder ein Sprachmittler dabei.",
        "en": "An interpreter can join on request.",
        "ar": "يمكن حضور مترجم أو مترجمة عند الطلب.",
        "fa": "در صورت درخواست، یک مترجم حضور خواهد داشت.",
        "uk": "За бажанням може бути присутній перекладач.",
        "ru": "По желанию может присутствовать переводчик.",
        "tr": "İsteğe bağlı olarak bir tercüman eşlik edebilir.",
        "fr": "Un interprète peut être présent sur demande.",
    },
    "kita_fee": {
        "de": "Der Elternbeitrag richtet sich nach dem Einkommen. Die letzten zwei Kita-Jahre "
        "vor der Schule sind beitragsfrei.",
        "en": "The parents' fee depends on income. The last two Kita years before school are free.",
        "ar": "تعتمد رسوم الوالدين على الدخل. آخر سنتين في الروضة قبل المدرسة مجانيتان.",
        "fa": "هزینهٔ والدین به درآمد بستگی دارد. دو سال آخر مهدکودک پیش از مدرسه رایگان است.",
        "uk": "Внесок батьків залежить від доходу. Останні два роки в дитсадку перед школою "
        "безкоштовні.",
        "ru": "Родительский взнос зависит от дохода. Последние два года в детском саду перед "
        "школой бесплатны.",
        "tr": "Aile katkı payı gelire göre belirlenir. Okuldan önceki son iki Kita yılı "
        "ücretsizdir.",
        "fr": "La participation des parents dépend des revenus. Les deux dernières années de "
        "Kita avant l'école sont gratuites.",
    },
    "school_support_class": {
        "de": "Die Schule hat eine Sprachförderklasse für Kinder, die neu in Deutschland sind.",
        "en": "The school has a German support class for children who are new in Germany.",
        "ar": "في المدرسة صف لدعم اللغة الألمانية للأطفال القادمين حديثًا إلى ألمانيا.",
        "fa": "این مدرسه یک کلاس تقویت زبان آلمانی برای کودکانی دارد که تازه به آلمان آمده‌اند.",
        "uk": "У школі є клас мовної підтримки для дітей, які нещодавно приїхали до Німеччини.",
        "ru": "В школе есть класс языковой поддержки для детей, недавно приехавших в Германию.",
        "tr": "Okulda Almanya'ya yeni gelen çocuklar için bir Almanca destek sınıfı var.",
        "fr": "L'école a une classe de soutien en allemand pour les enfants nouvellement "
        "arrivés en Allemagne.",
    },
    "bring_documents": {
        "de": "Bitte bringen Sie Ihre Unterlagen im Original mit.",
        "en": "Please bring your documents in the original.",
        "ar": "يرجى إحضار مستنداتكم الأصلية.",
        "fa": "لطفاً مدارک خود را به‌صورت اصل همراه بیاورید.",
        "uk": "Будь ласка, візьміть із собою оригінали документів.",
        "ru": "Пожалуйста, возьмите с собой оригиналы документов.",
        "tr": "Lütfen belgelerinizin asıllarını yanınızda getirin.",
        "fr": "Veuillez apporter vos documents originaux.",
    },
    "volunteers_welcome": {
        "de": "Neue Ehrenamtliche sind willkommen, auch mit wenig Deutsch.",
        "en": "New volunteers are welcome, even with little German.",
        "ar": "نرحب بالمتطوعين الجدد، حتى لو كانت لغتهم الألمانية قليلة.",
        "fa": "داوطلبان تازه خوش‌آمدند، حتی با آلمانی کم.",
        "uk": "Нові волонтери вітаються, навіть якщо мало знають німецьку.",
        "ru": "Новые волонтёры приветствуются, даже если мало знают немецкий.",
        "tr": "Az Almanca bilenler dahil yeni gönüllüler memnuniyetle karşılanır.",
        "fr": "Les nouveaux bénévoles sont les bienvenus, même avec peu d'allemand.",
    },
}
