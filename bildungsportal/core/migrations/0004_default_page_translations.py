"""Translations of the default imprint, privacy notice and accessibility statement.

Filled in only where a page still holds the German default text of 0002 and has no
translations yet: an edited page keeps its German text (and shows it with a note) until the
office adds translations of its own. Addresses and official names stay German, marked lang="de".
"""

import importlib

from django.db import migrations

ADDR_PUBLISHER = """<address lang="de">Kreis Bergstraße<br>Der Kreisausschuss<br>[Fachbereich / Bildungsbüro]<br>
[Straße und Hausnummer]<br>[PLZ] Heppenheim</address>"""
ADDR_CONTROLLER = """<address lang="de">Kreis Bergstraße, Der Kreisausschuss<br>[Anschrift wie im Impressum]</address>"""
ADDR_OFFICE = """<address lang="de">Kreis Bergstraße, Bildungsbüro<br>[Anschrift wie im Impressum]<br>
Telefon: [Telefonnummer]<br>E-Mail: [E-Mail-Adresse des Bildungsbüros]</address>"""
ADDR_BGG = """<address lang="de">Schlichtungsstelle nach dem Behindertengleichstellungsgesetz<br>
bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen<br>
Mauerstraße 53<br>10117 Berlin<br>
Telefon: 030 18 527-2805<br>
E-Mail: info@schlichtungsstelle-bgg.de<br>
Internet: <a href="https://www.schlichtungsstelle-bgg.de">www.schlichtungsstelle-bgg.de</a></address>"""
HBDI = """<span lang="de">Der Hessische Beauftragte für Datenschutz und Informationsfreiheit,
Postfach 3163, 65021 Wiesbaden</span>"""
PARTS = {"{ADDR_PUBLISHER}": ADDR_PUBLISHER, "{ADDR_CONTROLLER}": ADDR_CONTROLLER,
         "{ADDR_OFFICE}": ADDR_OFFICE, "{ADDR_BGG}": ADDR_BGG, "{HBDI}": HBDI}

TRANSLATIONS = {
    "en": {
        "impressum": ('Legal notice', """
<p>The Bildungsportal is a service of the District of Bergstraße (Kreis Bergstraße).</p>
<h2>Publisher</h2>
<address lang="de">Kreis Bergstraße<br>Der Kreisausschuss<br>[Fachbereich / Bildungsbüro]<br>
[Straße und Hausnummer]<br>[PLZ] Heppenheim</address>
<p>The District of Bergstraße is a public-law corporation. It is represented by
[name of the District Administrator].</p>
<h2>Contact</h2>
<p>Phone: [phone number]<br>E-mail: [e-mail address of the Education Office]</p>
<h2>VAT identification number</h2>
<p>[VAT ID under § 27a of the German VAT Act, if any]</p>
<h2>Responsible for the content</h2>
<p>[Name], [address as above]</p>
<h2>Offers in the catalogue</h2>
<p>The providers are responsible for the content, dates and prices of their offers. The
Education Office checks the entries but cannot guarantee that they are complete and correct.
We are glad to hear about any mistakes.</p>
<h2>Software</h2>
<p>The Bildungsportal is free software (GNU Affero General Public License, version 3 or
later). Other districts and towns can run it too.</p>
"""),
        "datenschutz": ('Privacy', """
<p>We take the protection of your data seriously and collect as little as possible. This
information is provided under Art. 13 of the General Data Protection Regulation (GDPR).</p>
<h2>Controller</h2>
<address lang="de">Kreis Bergstraße, Der Kreisausschuss<br>[Anschrift wie im Impressum]</address>
<p>Data protection officer: [name, address, e-mail]</p>
<h2>Visiting the website</h2>
<ul>
<li>We use <strong>no tracking</strong> and no analytics tools.</li>
<li>The pages load <strong>no third-party content</strong>: no external fonts, maps, videos,
scripts or advertising. Your browser connects only to our server.</li>
<li>Browsing the catalogue needs no cookies, and none are set.</li>
<li>For technical reasons the web server processes your IP address in order to deliver the
page. We do <strong>not store IP addresses together with anything you enter</strong> (for
example search terms or answers to a survey).</li>
</ul>
<h2>Searches</h2>
<p>To see which education offers are missing in the district, we evaluate search terms and
chosen filters anonymously and in aggregate. Nothing is stored that could identify you.</p>
<h2>Surveys and contact</h2>
<p>If you take part in an education survey or write to us, we process only the information
you give yourself, and only for the stated purpose (Art. 6(1)(e) GDPR in conjunction with § 3
of the Hessian Data Protection and Freedom of Information Act).</p>
<h2>Your rights</h2>
<p>You have the right of access, rectification, erasure, restriction of processing and
objection (Art. 15 to 21 GDPR), and the right to lodge a complaint with the supervisory
authority: <span lang="de">Der Hessische Beauftragte für Datenschutz und Informationsfreiheit,
Postfach 3163, 65021 Wiesbaden</span>.</p>
"""),
        "barrierefreiheit": ('Accessibility statement', """
<p>The District of Bergstraße strives to make the Bildungsportal accessible in accordance
with the German Barrier-Free Information Technology Ordinance (BITV 2.0) and the Web Content
Accessibility Guidelines (WCAG) 2.1, level AA. This statement applies to the public pages of
the Bildungsportal.</p>
<h2>Compliance status</h2>
<p>The website largely complies with the requirements. All pages work without JavaScript,
can be used entirely with the keyboard and are checked automatically for barriers with every
change.</p>
<h2>Content that is not accessible</h2>
<ul>
<li>The descriptions of the offers come from the providers. They are not always written in
plain language.</li>
<li>Content in Easy Language and in German Sign Language is still being added.</li>
</ul>
<h2>Preparation of this statement</h2>
<p>This statement was prepared on [date] on the basis of a self-assessment and last reviewed
on [date].</p>
<h2>Feedback and contact</h2>
<p>Have you noticed any barriers? Or do you need information in a form that is accessible to
you? Then please contact:</p>
<address lang="de">Kreis Bergstraße, Bildungsbüro<br>[Anschrift wie im Impressum]<br>
Telefon: [Telefonnummer]<br>E-Mail: [E-Mail-Adresse des Bildungsbüros]</address>
<p>We answer your enquiry within six weeks.</p>
<h2>Conciliation procedure</h2>
<p>If your feedback to the contact above does not lead to a satisfactory solution, you can
turn to the conciliation body under § 16 of the German Disability Equality Act (BGG). Its task
is to help settle disputes about accessibility between people with disabilities and public
bodies out of court. The conciliation procedure is free of charge. You do not need a lawyer.</p>
<address lang="de">Schlichtungsstelle nach dem Behindertengleichstellungsgesetz<br>
bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen<br>
Mauerstraße 53<br>10117 Berlin<br>
Telefon: 030 18 527-2805<br>
E-Mail: info@schlichtungsstelle-bgg.de<br>
Internet: <a href="https://www.schlichtungsstelle-bgg.de">www.schlichtungsstelle-bgg.de</a></address>
"""),
    },
    "tr": {
        "impressum": ('Künye', """
<p>Bildungsportal, Bergstraße İlçesinin (Kreis Bergstraße) bir hizmetidir.</p>
<h2>Yayımcı</h2>
{ADDR_PUBLISHER}
<p>Bergstraße İlçesi bir kamu tüzel kişisidir. İlçeyi [İlçe Yöneticisinin adı] temsil eder.</p>
<h2>İletişim</h2>
<p>Telefon: [telefon numarası]<br>E-posta: [Eğitim Bürosunun e-posta adresi]</p>
<h2>KDV kimlik numarası</h2>
<p>[Alman KDV Kanunu § 27a uyarınca KDV kimlik numarası, varsa]</p>
<h2>İçerikten sorumlu</h2>
<p>[Ad], [adres yukarıdaki gibi]</p>
<h2>Katalogdaki teklifler</h2>
<p>Tekliflerin içeriğinden, tarihlerinden ve fiyatlarından ilgili sağlayıcılar sorumludur.
Eğitim Bürosu kayıtları kontrol eder, ancak eksiksiz ve doğru olduklarını garanti edemez.
Hataları bize bildirirseniz seviniriz.</p>
<h2>Yazılım</h2>
<p>Bildungsportal özgür bir yazılımdır (GNU Affero Genel Kamu Lisansı, sürüm 3 veya sonrası).
Başka ilçeler ve şehirler de onu işletebilir.</p>
"""),
        "datenschutz": ('Veri koruma', """
<p>Verilerinizin korunmasını ciddiye alıyor ve mümkün olduğunca az veri topluyoruz. Aşağıdaki
bilgiler Genel Veri Koruma Tüzüğü'nün (GDPR) 13. maddesi uyarınca verilmektedir.</p>
<h2>Sorumlu kurum</h2>
{ADDR_CONTROLLER}
<p>Veri koruma görevlisi: [ad, adres, e-posta]</p>
<h2>Web sitesinin ziyareti</h2>
<ul>
<li><strong>Hiçbir izleme</strong> ve analiz aracı kullanmıyoruz.</li>
<li>Sayfalar <strong>üçüncü taraflardan içerik yüklemez</strong>: harici yazı tipi, harita,
video, betik veya reklam yoktur. Tarayıcınız yalnızca bizim sunucumuza bağlanır.</li>
<li>Kataloğa göz atmak için çereze gerek yoktur ve hiçbir çerez yerleştirilmez.</li>
<li>Web sunucusu, sayfayı iletebilmek için teknik nedenlerle IP adresinizi işler. IP
adreslerini <strong>girdiğiniz içeriklerle birlikte saklamayız</strong> (örneğin arama terimleri
veya anket yanıtları).</li>
</ul>
<h2>Aramalar</h2>
<p>İlçede hangi eğitim tekliflerinin eksik olduğunu görmek için arama terimlerini ve seçilen
filtreleri anonim ve toplu olarak değerlendiririz. Sizi kişi olarak tanımlayabilecek hiçbir şey
saklanmaz.</p>
<h2>Anketler ve iletişim</h2>
<p>Bir eğitim anketine katılırsanız veya bize yazarsanız, yalnızca sizin verdiğiniz bilgileri ve
yalnızca belirtilen amaç için işleriz (GDPR madde 6 fıkra 1 bent e ile Hessen Veri Koruma ve
Bilgi Edinme Özgürlüğü Kanunu § 3).</p>
<h2>Haklarınız</h2>
<p>Bilgi alma, düzeltme, silme, işlemenin kısıtlanması ve itiraz hakkına (GDPR madde 15–21) ve
denetim makamına şikâyette bulunma hakkına sahipsiniz: {HBDI}.</p>
"""),
        "barrierefreiheit": ('Erişilebilirlik beyanı', """
<p>Bergstraße İlçesi, Bildungsportal'ı Engelsiz Bilgi Teknolojisi Yönetmeliği (BITV 2.0) ve Web
İçeriği Erişilebilirlik Yönergeleri (WCAG) 2.1, AA düzeyi uyarınca erişilebilir kılmaya
çalışmaktadır. Bu beyan, Bildungsportal'ın herkese açık sayfaları için geçerlidir.</p>
<h2>Gerekliliklere uygunluk durumu</h2>
<p>Web sitesi gerekliliklerle büyük ölçüde uyumludur. Tüm sayfalar JavaScript olmadan çalışır,
tamamen klavyeyle kullanılabilir ve her değişiklikte engellere karşı otomatik olarak denetlenir.</p>
<h2>Erişilebilir olmayan içerikler</h2>
<ul>
<li>Tekliflerin açıklamaları sağlayıcılardan gelir. Her zaman sade bir dille yazılmış
değildir.</li>
<li>Kolay Dil (Leichte Sprache) ve Alman İşaret Dili içerikleri henüz eklenmektedir.</li>
</ul>
<h2>Bu beyanın hazırlanması</h2>
<p>Bu beyan [tarih] tarihinde bir öz değerlendirmeye dayanarak hazırlanmış ve en son [tarih]
tarihinde gözden geçirilmiştir.</p>
<h2>Geri bildirim ve iletişim</h2>
<p>Erişilebilirlikle ilgili eksiklikler mi fark ettiniz? Ya da bilgilere sizin için erişilebilir
bir biçimde mi ihtiyacınız var? Lütfen şu adrese başvurun:</p>
{ADDR_OFFICE}
<p>Talebinizi altı hafta içinde yanıtlarız.</p>
<h2>Uzlaştırma süreci</h2>
<p>Yukarıdaki iletişim adresine geri bildiriminize rağmen tatmin edici bir çözüm bulunamazsa,
Engelli Eşitliği Kanunu'nun (BGG) § 16'sı uyarınca uzlaştırma kurumuna başvurabilirsiniz. Bu
kurumun görevi, engelli kişiler ile kamu kurumları arasındaki erişilebilirlik anlaşmazlıklarında
mahkeme dışı çözümü desteklemektir. Uzlaştırma süreci ücretsizdir. Avukat tutmanız gerekmez.</p>
{ADDR_BGG}
"""),
    },
    "ar": {
        "impressum": ('بيانات الناشر', """
<p>بوابة التعليم (Bildungsportal) خدمة تقدمها مقاطعة بيرغشتراسه (Kreis Bergstraße).</p>
<h2>الناشر</h2>
{ADDR_PUBLISHER}
<p>مقاطعة بيرغشتراسه هيئة من هيئات القانون العام، ويمثلها [اسم رئيس/رئيسة المقاطعة].</p>
<h2>التواصل</h2>
<p>الهاتف: [رقم الهاتف]<br>البريد الإلكتروني: [عنوان البريد الإلكتروني لمكتب التعليم]</p>
<h2>رقم التعريف الضريبي لضريبة القيمة المضافة</h2>
<p>[رقم التعريف الضريبي وفق المادة 27a من قانون ضريبة القيمة المضافة الألماني، إن وُجد]</p>
<h2>المسؤول عن المحتوى</h2>
<p>[الاسم]، [العنوان كما ورد أعلاه]</p>
<h2>العروض في الفهرس</h2>
<p>يتحمل مقدمو العروض المسؤولية عن محتوى عروضهم ومواعيدها وأسعارها. يراجع مكتب التعليم
الإدخالات، لكنه لا يستطيع ضمان اكتمالها وصحتها. يسعدنا أن تخبرونا بأي أخطاء.</p>
<h2>البرمجيات</h2>
<p>بوابة التعليم برمجية حرة (رخصة جنو أفيرو العمومية، الإصدار 3 أو أحدث). ويمكن لمقاطعات
ومدن أخرى تشغيلها أيضًا.</p>
"""),
        "datenschutz": ('حماية البيانات', """
<p>نأخذ حماية بياناتك على محمل الجد ونجمع أقل قدر ممكن منها. تُقدَّم المعلومات التالية وفق
المادة 13 من اللائحة العامة لحماية البيانات (GDPR).</p>
<h2>الجهة المسؤولة</h2>
{ADDR_CONTROLLER}
<p>مسؤول/ة حماية البيانات: [الاسم، العنوان، البريد الإلكتروني]</p>
<h2>زيارة الموقع</h2>
<ul>
<li>لا نستخدم <strong>أي تتبع</strong> ولا أدوات تحليل.</li>
<li>لا تحمّل الصفحات <strong>أي محتوى من جهات خارجية</strong>: لا خطوط خارجية ولا خرائط ولا
مقاطع فيديو ولا نصوص برمجية ولا إعلانات. يتصل متصفحك بخادمنا فقط.</li>
<li>لا حاجة إلى ملفات تعريف الارتباط (الكوكيز) لتصفح الفهرس، ولا يُضبط أي منها.</li>
<li>يعالج خادم الويب عنوان IP الخاص بك لأسباب تقنية من أجل عرض الصفحة. <strong>لا نحفظ عناوين
IP مع ما تُدخله</strong> (مثل كلمات البحث أو الإجابات في استطلاع).</li>
</ul>
<h2>عمليات البحث</h2>
<p>لمعرفة عروض التعليم الناقصة في المقاطعة، نحلل كلمات البحث والمرشحات المختارة بشكل مجهول
ومجمّع. ولا يُحفظ أي شيء يمكن أن يدل عليك شخصيًا.</p>
<h2>الاستطلاعات والتواصل</h2>
<p>إذا شاركت في استطلاع حول التعليم أو راسلتنا، فإننا نعالج فقط البيانات التي تقدمها بنفسك،
وللغرض المذكور فقط (المادة 6، الفقرة 1، البند e من اللائحة العامة لحماية البيانات، بالاقتران
مع المادة 3 من قانون ولاية هسن لحماية البيانات وحرية المعلومات).</p>
<h2>حقوقك</h2>
<p>لك الحق في الاطلاع والتصحيح والحذف وتقييد المعالجة والاعتراض (المواد 15 إلى 21 من اللائحة
العامة لحماية البيانات)، والحق في تقديم شكوى إلى السلطة الرقابية: {HBDI}.</p>
"""),
        "barrierefreiheit": ('بيان إمكانية الوصول', """
<p>تسعى مقاطعة بيرغشتراسه إلى جعل بوابة التعليم متاحة للجميع دون عوائق وفقًا للائحة الألمانية
لتقنية المعلومات الخالية من العوائق (BITV 2.0) وإرشادات الوصول إلى محتوى الويب (WCAG) 2.1،
المستوى AA. ينطبق هذا البيان على الصفحات العامة لبوابة التعليم.</p>
<h2>مدى التوافق مع المتطلبات</h2>
<p>الموقع متوافق مع المتطلبات إلى حد كبير. تعمل جميع الصفحات دون JavaScript، ويمكن استخدامها
بالكامل بلوحة المفاتيح، وتُفحص تلقائيًا بحثًا عن العوائق عند كل تغيير.</p>
<h2>محتوى غير متاح دون عوائق</h2>
<ul>
<li>أوصاف العروض مصدرها مقدمو العروض، وهي ليست مكتوبة دائمًا بلغة بسيطة.</li>
<li>المحتوى باللغة المبسطة (Leichte Sprache) وبلغة الإشارة الألمانية ما زال قيد الإضافة.</li>
</ul>
<h2>إعداد هذا البيان</h2>
<p>أُعدّ هذا البيان في [التاريخ] على أساس تقييم ذاتي، وراجعناه آخر مرة في [التاريخ].</p>
<h2>الملاحظات والتواصل</h2>
<p>هل لاحظت عوائق في الوصول؟ أو هل تحتاج إلى معلومات بصيغة يسهل عليك الوصول إليها؟ يرجى
التواصل مع:</p>
{ADDR_OFFICE}
<p>نرد على استفسارك خلال ستة أسابيع.</p>
<h2>إجراءات التسوية</h2>
<p>إذا لم يُتوصَّل إلى حل مُرضٍ حتى بعد ملاحظاتك إلى جهة التواصل المذكورة أعلاه، فيمكنك
التوجه إلى هيئة التسوية وفق المادة 16 من قانون المساواة لذوي الإعاقة (BGG). تتمثل مهمة هيئة
التسوية في دعم الحل الودي خارج المحاكم للخلافات المتعلقة بإمكانية الوصول بين الأشخاص ذوي
الإعاقة والجهات العامة. إجراءات التسوية مجانية، ولا يلزم الاستعانة بمحامٍ.</p>
{ADDR_BGG}
"""),
    },
    "uk": {
        "impressum": ('Вихідні дані', """
<p>Bildungsportal — це сервіс району Бергштрасе (Kreis Bergstraße).</p>
<h2>Видавець</h2>
{ADDR_PUBLISHER}
<p>Район Бергштрасе є юридичною особою публічного права. Його представляє [ім’я голови
району].</p>
<h2>Контакти</h2>
<p>Телефон: [номер телефону]<br>Електронна пошта: [адреса електронної пошти Освітнього бюро]</p>
<h2>Ідентифікаційний номер платника ПДВ</h2>
<p>[Номер платника ПДВ згідно з § 27a Закону Німеччини про ПДВ, якщо є]</p>
<h2>Відповідальний за зміст</h2>
<p>[Ім’я], [адреса, як зазначено вище]</p>
<h2>Пропозиції в каталозі</h2>
<p>За зміст, дати й ціни окремих пропозицій відповідають їхні надавачі. Освітнє бюро перевіряє
записи, але не може гарантувати їхню повноту й правильність. Будемо раді, якщо ви повідомите
нам про помилки.</p>
<h2>Програмне забезпечення</h2>
<p>Bildungsportal — вільне програмне забезпечення (GNU Affero General Public License, версія 3
або пізніша). Інші райони й міста також можуть його використовувати.</p>
"""),
        "datenschutz": ('Захист даних', """
<p>Ми серйозно ставимося до захисту ваших даних і збираємо їх якомога менше. Ця інформація
надається відповідно до ст. 13 Загального регламенту про захист даних (GDPR).</p>
<h2>Відповідальна установа</h2>
{ADDR_CONTROLLER}
<p>Уповноважена особа з питань захисту даних: [ім’я, адреса, електронна пошта]</p>
<h2>Відвідування вебсайту</h2>
<ul>
<li>Ми <strong>не використовуємо відстеження</strong> та інструменти аналітики.</li>
<li>Сторінки <strong>не завантажують вмісту третіх сторін</strong>: жодних зовнішніх шрифтів,
мап, відео, скриптів чи реклами. Ваш браузер з’єднується лише з нашим сервером.</li>
<li>Для перегляду каталогу файли cookie не потрібні, і жодних не встановлюється.</li>
<li>З технічних причин вебсервер обробляє вашу IP-адресу, щоб показати сторінку. Ми <strong>не
зберігаємо IP-адреси разом із тим, що ви вводите</strong> (наприклад, пошукові запити чи відповіді
в опитуванні).</li>
</ul>
<h2>Пошукові запити</h2>
<p>Щоб зрозуміти, яких освітніх пропозицій бракує в районі, ми анонімно й узагальнено аналізуємо
пошукові запити та вибрані фільтри. Нічого, що могло б вказати на вас особисто, не зберігається.</p>
<h2>Опитування та зв’язок</h2>
<p>Якщо ви берете участь в освітньому опитуванні або пишете нам, ми обробляємо лише ті дані, які
ви надаєте самі, і лише для зазначеної мети (ст. 6 ч. 1 п. e GDPR у поєднанні з § 3 Закону
землі Гессен про захист даних і свободу інформації).</p>
<h2>Ваші права</h2>
<p>Ви маєте право на доступ, виправлення, видалення, обмеження обробки та заперечення (ст. 15–21
GDPR), а також право подати скаргу до наглядового органу: {HBDI}.</p>
"""),
        "barrierefreiheit": ('Заява про доступність', """
<p>Район Бергштрасе прагне зробити Bildungsportal доступним відповідно до Постанови про
безбар’єрні інформаційні технології (BITV 2.0) та Настанов щодо доступності вебвмісту (WCAG)
2.1, рівень AA. Ця заява стосується публічних сторінок Bildungsportal.</p>
<h2>Стан відповідності вимогам</h2>
<p>Вебсайт здебільшого відповідає вимогам. Усі сторінки працюють без JavaScript, ними можна
повністю користуватися за допомогою клавіатури, і після кожної зміни їх автоматично перевіряють
на бар’єри.</p>
<h2>Недоступний вміст</h2>
<ul>
<li>Описи пропозицій надають самі надавачі. Вони не завжди написані простою мовою.</li>
<li>Вміст легкою мовою (Leichte Sprache) та німецькою жестовою мовою ще додається.</li>
</ul>
<h2>Складання цієї заяви</h2>
<p>Цю заяву складено [дата] на основі самооцінки й востаннє перевірено [дата].</p>
<h2>Зворотний зв’язок і контакти</h2>
<p>Ви помітили бар’єри? Або вам потрібна інформація в доступній для вас формі? Тоді зверніться,
будь ласка, до:</p>
{ADDR_OFFICE}
<p>Ми відповімо на ваш запит протягом шести тижнів.</p>
<h2>Процедура врегулювання</h2>
<p>Якщо й після вашого звернення до зазначеного вище контакту задовільного рішення не знайдено,
ви можете звернутися до органу врегулювання згідно з § 16 Закону про рівність осіб з
інвалідністю (BGG). Його завдання — сприяти позасудовому вирішенню конфліктів щодо доступності
між людьми з інвалідністю та державними установами. Процедура врегулювання безкоштовна. Адвокат
не потрібен.</p>
{ADDR_BGG}
"""),
    },
    "ru": {
        "impressum": ('Выходные данные', """
<p>Bildungsportal — это сервис района Бергштрасе (Kreis Bergstraße).</p>
<h2>Издатель</h2>
{ADDR_PUBLISHER}
<p>Район Бергштрасе является юридическим лицом публичного права. Его представляет [имя главы
района].</p>
<h2>Контакты</h2>
<p>Телефон: [номер телефона]<br>Электронная почта: [адрес электронной почты Бюро образования]</p>
<h2>Идентификационный номер плательщика НДС</h2>
<p>[Номер плательщика НДС согласно § 27a Закона Германии об НДС, если есть]</p>
<h2>Ответственный за содержание</h2>
<p>[Имя], [адрес, как указано выше]</p>
<h2>Предложения в каталоге</h2>
<p>За содержание, даты и цены отдельных предложений отвечают их поставщики. Бюро образования
проверяет записи, но не может гарантировать их полноту и правильность. Мы будем рады, если вы
сообщите нам об ошибках.</p>
<h2>Программное обеспечение</h2>
<p>Bildungsportal — свободное программное обеспечение (GNU Affero General Public License, версия
3 или более поздняя). Другие районы и города тоже могут его использовать.</p>
"""),
        "datenschutz": ('Защита данных', """
<p>Мы серьёзно относимся к защите ваших данных и собираем их как можно меньше. Эта информация
предоставляется в соответствии со ст. 13 Общего регламента по защите данных (GDPR).</p>
<h2>Ответственное учреждение</h2>
{ADDR_CONTROLLER}
<p>Уполномоченный по защите данных: [имя, адрес, электронная почта]</p>
<h2>Посещение сайта</h2>
<ul>
<li>Мы <strong>не используем отслеживание</strong> и инструменты аналитики.</li>
<li>Страницы <strong>не загружают содержимое третьих сторон</strong>: никаких внешних шрифтов,
карт, видео, скриптов или рекламы. Ваш браузер соединяется только с нашим сервером.</li>
<li>Для просмотра каталога файлы cookie не нужны, и они не устанавливаются.</li>
<li>По техническим причинам веб-сервер обрабатывает ваш IP-адрес, чтобы показать страницу. Мы
<strong>не храним IP-адреса вместе с тем, что вы вводите</strong> (например, поисковые запросы
или ответы в опросе).</li>
</ul>
<h2>Поисковые запросы</h2>
<p>Чтобы понять, каких образовательных предложений не хватает в районе, мы анонимно и в
обобщённом виде анализируем поисковые запросы и выбранные фильтры. Ничего, что позволило бы
установить вашу личность, не сохраняется.</p>
<h2>Опросы и обратная связь</h2>
<p>Если вы участвуете в образовательном опросе или пишете нам, мы обрабатываем только те данные,
которые вы сообщаете сами, и только для указанной цели (ст. 6 ч. 1 п. e GDPR в сочетании с § 3
Закона земли Гессен о защите данных и свободе информации).</p>
<h2>Ваши права</h2>
<p>Вы имеете право на доступ, исправление, удаление, ограничение обработки и возражение (ст.
15–21 GDPR), а также право подать жалобу в надзорный орган: {HBDI}.</p>
"""),
        "barrierefreiheit": ('Заявление о доступности', """
<p>Район Бергштрасе стремится сделать Bildungsportal доступным в соответствии с Постановлением о
безбарьерных информационных технологиях (BITV 2.0) и Руководством по доступности веб-контента
(WCAG) 2.1, уровень AA. Это заявление относится к публичным страницам Bildungsportal.</p>
<h2>Степень соответствия требованиям</h2>
<p>Сайт в основном соответствует требованиям. Все страницы работают без JavaScript, ими можно
полностью пользоваться с клавиатуры, и после каждого изменения они автоматически проверяются на
барьеры.</p>
<h2>Недоступное содержимое</h2>
<ul>
<li>Описания предложений предоставляют сами поставщики. Они не всегда написаны простым
языком.</li>
<li>Материалы на лёгком языке (Leichte Sprache) и на немецком жестовом языке ещё добавляются.</li>
</ul>
<h2>Составление этого заявления</h2>
<p>Это заявление составлено [дата] на основе самооценки и в последний раз проверено [дата].</p>
<h2>Обратная связь и контакты</h2>
<p>Вы заметили барьеры? Или вам нужна информация в доступной для вас форме? Тогда, пожалуйста,
обратитесь:</p>
{ADDR_OFFICE}
<p>Мы ответим на ваш запрос в течение шести недель.</p>
<h2>Процедура урегулирования</h2>
<p>Если и после вашего обращения по указанному выше контакту удовлетворительное решение не
найдено, вы можете обратиться в орган урегулирования согласно § 16 Закона о равноправии людей с
инвалидностью (BGG). Его задача — содействовать внесудебному разрешению споров о доступности
между людьми с инвалидностью и государственными учреждениями. Процедура урегулирования
бесплатна. Адвокат не нужен.</p>
{ADDR_BGG}
"""),
    },
}


def body_of(text):
    for token, part in PARTS.items():
        text = text.replace(token, part)
    return text.strip()


def add_translations(apps, schema_editor):
    Page = apps.get_model("core", "Page")
    defaults = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    for slug, title, body in defaults.PAGES:
        page = Page.objects.filter(slug=slug).first()
        if page is None or page.translations or (page.title, page.body) != (title, body.strip()):
            continue
        page.translations = {
            code: {"title": pages[slug][0], "body": body_of(pages[slug][1])}
            for code, pages in TRANSLATIONS.items()
        }
        page.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_page_translations")]

    # Reversing keeps the translations: they may have been edited since.
    operations = [migrations.RunPython(add_translations, migrations.RunPython.noop)]
