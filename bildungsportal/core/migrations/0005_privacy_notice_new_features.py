"""The privacy notice explains the Merkliste, search alerts, the finder and the rate limits.

Only where the Datenschutz page still holds the German default of 0002: four sections go in
before „Ihre Rechte“, in German and in every translation that is still the one 0004 shipped
(or missing), and those translations stay current. Texts are compared after the cleaning
Page.save applies, so a page saved unchanged in the admin still counts as unedited. A
translation the office wrote itself is kept and marked outdated (what Page.save does when the
German text changes). An edited German page is left alone; docs/operations.md („Upgrading“)
says what to add by hand.
"""

import importlib

import nh3
from django.db import migrations

SLUG = "datenschutz"
# Page.save's tag list as of this migration (frozen: the comparison must not drift).
TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "abbr",
    "address", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption",
}

SECTIONS = {
    "de": """
<h2>Merkliste</h2>
<p>Wenn Sie bei einem Angebot „Merken“ wählen, speichern wir die Nummer des Angebots und den
Zeitpunkt in einem Cookie namens „merkliste“ in Ihrem Browser – sonst nichts, und nichts davon
auf unserem Server. Das Cookie ist signiert (es kann nicht verfälscht werden), für Skripte nicht
lesbar (HttpOnly) und gilt ein Jahr. Es ist für die von Ihnen gewünschte Merkliste technisch
notwendig (§ 25 Abs. 2 Nr. 2 TDDDG); eine Einwilligung ist dafür nicht nötig. Es verschwindet,
wenn Sie „Liste leeren“ wählen oder die Cookies Ihres Browsers löschen. Ein Link zum Teilen der
Liste enthält nur die Nummern der Angebote.</p>
<h2>Suchabo per E-Mail und Feed</h2>
<ul>
<li>Sie können einer Suche per E-Mail folgen. Dazu schicken wir Ihnen zuerst einen
Bestätigungslink. <strong>Bis Sie bestätigen, speichern wir nichts</strong>: Ihre Angaben
stehen nur elektronisch signiert im Link selbst, und der Link gilt 48 Stunden.</li>
<li>Erst nach Ihrer Bestätigung speichern wir Ihre E-Mail-Adresse, die Suche, die Häufigkeit
(täglich oder wöchentlich) und die Sprache, dazu technische Angaben für den Versand (wann
zuletzt geprüft und gesendet wurde). Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1
lit. a DSGVO).</li>
<li>Jede E-Mail enthält einen Link zum Abmelden; viele E-Mail-Programme bieten dafür auch eine
eigene Schaltfläche. Mit der Abmeldung löschen wir alle Angaben zu diesem Suchabo sofort und
vollständig; damit ist auch Ihre Einwilligung widerrufen.</li>
<li>Wir messen nicht, ob Sie die E-Mails öffnen oder Links darin anklicken.</li>
<li>Gegen Missbrauch zählen wir eine Stunde lang, wie viele Bestätigungs-E-Mails an eine Adresse
gingen – mit einem Prüfwert, aus dem sich die Adresse nicht zurückgewinnen lässt, nie mit der
Adresse selbst.</li>
<li>Den Feed (Atom) einer Suche können Sie ohne Anmeldung und ohne persönliche Angaben
abonnieren.</li>
</ul>
<h2>„Was passt zu mir?“</h2>
<p>Ihre Antworten bei „Was passt zu mir?“ (/finden/) verwenden wir nur, um Ihnen passende
Angebote anzuzeigen. Wir speichern sie nicht – weder in einer Datenbank noch in einem Cookie –
und bilden kein Profil. Die Antworten stehen in der Adresse der Ergebnisseite, damit Sie das
Ergebnis als Lesezeichen behalten können. Wie jede aufgerufene Adresse können sie deshalb im
Verlauf Ihres Browsers und im Protokoll des Webservers stehen, das nach [Anzahl] Tagen gelöscht
wird.</p>
<h2>Schutz vor Überlastung</h2>
<p>Damit die Datenschnittstelle (API) und die Umfragen für alle erreichbar bleiben, zählen wir,
wie viele Anfragen aus einem Netzbereich kommen. Dafür verwenden wir nur den vorderen Teil Ihrer
IP-Adresse (bei IPv4 die ersten drei Zahlen, bei IPv6 die ersten vier Blöcke). Er wird nur im
Arbeitsspeicher gehalten, solange gezählt wird (bei der API eine Minute, bei Umfragen zehn
Minuten), und nie in einer Datenbank oder einem Protokoll gespeichert.</p>
""",
    "en": """
<h2>Saved offers</h2>
<p>When you press “Save” on an offer, we store the offer's number and the time in a cookie
called “merkliste” in your browser – nothing else, and none of it on our server. The cookie is
signed (so it cannot be altered), cannot be read by scripts (HttpOnly) and lasts one year. It is
technically necessary for the list you asked for (§ 25(2) no. 2 of the German
Telecommunications Digital Services Data Protection Act, TDDDG), so no consent is needed. It
disappears when you choose “Empty the list” or delete your browser's cookies. A link for
sharing the list contains only the numbers of the offers.</p>
<h2>Search alerts by e-mail and feed</h2>
<ul>
<li>You can follow a search by e-mail. First we send you a confirmation link. <strong>Until you
confirm, we store nothing</strong>: your details are only in the link itself, electronically
signed, and the link is valid for 48 hours.</li>
<li>Only after you confirm do we store your e-mail address, the search, how often you want to
hear from us (daily or weekly) and the language, plus technical details for sending (when the
search was last checked and the last e-mail sent). The legal basis is your consent (Art.
6(1)(a) GDPR).</li>
<li>Every e-mail contains a link to unsubscribe; many e-mail programs also offer their own
button for it. When you unsubscribe, we delete everything about this alert at once and
completely, and your consent is withdrawn.</li>
<li>We do not track whether you open the e-mails or click the links in them.</li>
<li>To prevent misuse, we count for one hour how many confirmation e-mails went to an address –
using a check value from which the address cannot be recovered, never the address itself.</li>
<li>You can subscribe to the feed (Atom) of a search without signing up and without giving any
personal details.</li>
</ul>
<h2>“What suits me?”</h2>
<p>We use your answers in “What suits me?” (/finden/) only to show you suitable offers. We do
not store them – neither in a database nor in a cookie – and we do not build a profile. The
answers are part of the address of the results page, so that you can bookmark the result. Like
every address you open, they may therefore appear in your browser history and in the web
server's log, which is deleted after [number] days.</p>
<h2>Protection against overload</h2>
<p>To keep the data interface (API) and the surveys available to everyone, we count how many
requests come from one network range. For this we use only the first part of your IP address
(for IPv4 the first three numbers, for IPv6 the first four blocks). It is kept only in working
memory while the count runs (one minute for the API, ten minutes for surveys) and is never
written to a database or a log.</p>
""",
    "tr": """
<h2>Kaydedilenler</h2>
<p>Bir teklifte “Kaydet” düğmesine bastığınızda, teklifin numarasını ve zamanı tarayıcınızda
“merkliste” adlı bir çerezde saklarız – başka hiçbir şey saklamayız ve bunların hiçbiri
sunucumuzda tutulmaz. Çerez imzalıdır (değiştirilemez), betikler tarafından okunamaz (HttpOnly) ve
bir yıl geçerlidir. İstediğiniz liste için teknik olarak gereklidir (Almanya Telekomünikasyon ve
Dijital Hizmetlerde Veri Koruma Kanunu, TDDDG § 25 fıkra 2 bent 2); bu nedenle onayınız
gerekmez. “Listeyi boşalt” düğmesini kullandığınızda veya tarayıcınızın çerezlerini
sildiğinizde çerez kaybolur. Listeyi paylaşmak için kullanılan bağlantı yalnızca tekliflerin
numaralarını içerir.</p>
<h2>E-posta ve feed ile arama aboneliği</h2>
<ul>
<li>Bir aramayı e-posta ile takip edebilirsiniz. Bunun için size önce bir onay bağlantısı
göndeririz. <strong>Siz onaylayana kadar hiçbir şey saklamayız</strong>: bilgileriniz yalnızca
elektronik olarak imzalanmış biçimde bağlantının kendisinde bulunur ve bağlantı 48 saat
geçerlidir.</li>
<li>Ancak onayınızdan sonra e-posta adresinizi, aramayı, sıklığı (günlük veya haftalık) ve
dili, ayrıca gönderim için teknik bilgileri (aramanın en son ne zaman kontrol edildiği ve en son
ne zaman e-posta gönderildiği) saklarız. Hukuki dayanak onayınızdır (GDPR madde 6 fıkra 1 bent
a).</li>
<li>Her e-postada abonelikten çıkma bağlantısı vardır; birçok e-posta programı bunun için ayrıca
kendi düğmesini sunar. Abonelikten çıktığınızda bu aboneliğe ait tüm bilgileri derhal ve
tamamen sileriz; böylece onayınızı da geri almış olursunuz.</li>
<li>E-postaları açıp açmadığınızı veya içlerindeki bağlantılara tıklayıp tıklamadığınızı
izlemeyiz.</li>
<li>Kötüye kullanımı önlemek için bir adrese kaç onay e-postası gönderildiğini bir saat boyunca
sayarız – adresin kendisiyle değil, adrese geri dönüştürülemeyen bir kontrol değeriyle.</li>
<li>Bir aramanın feed'ine (Atom) kayıt olmadan ve kişisel bilgi vermeden abone
olabilirsiniz.</li>
</ul>
<h2>“Bana ne uygun?”</h2>
<p>“Bana ne uygun?” (/finden/) bölümündeki cevaplarınızı yalnızca size uygun teklifleri
göstermek için kullanırız. Onları saklamayız – ne bir veri tabanında ne de bir çerezde – ve
profil oluşturmayız. Sonucu yer işareti olarak saklayabilmeniz için cevaplar sonuç sayfasının
adresinde yer alır. Bu nedenle, açılan her adres gibi, tarayıcı geçmişinizde ve web sunucusunun
[sayı] gün sonra silinen kayıtlarında görünebilirler.</p>
<h2>Aşırı yüklenmeye karşı koruma</h2>
<p>Veri arayüzünün (API) ve anketlerin herkes için erişilebilir kalması için bir ağ aralığından
kaç istek geldiğini sayarız. Bunun için IP adresinizin yalnızca ilk kısmını kullanırız (IPv4'te
ilk üç sayı, IPv6'da ilk dört blok). Bu bilgi yalnızca sayım sürdüğü müddetçe (API'de bir
dakika, anketlerde on dakika) çalışma belleğinde tutulur ve hiçbir zaman bir veri tabanına veya
kayıt dosyasına yazılmaz.</p>
""",
    "ar": """
<h2>المفضلة</h2>
<p>عندما تضغط على «أضِف إلى المفضلة» عند أحد العروض، نحفظ رقم العرض ووقت الإضافة في ملف تعريف
ارتباط (كوكي) اسمه «merkliste» في متصفحك – ولا شيء غير ذلك، ولا نحفظ شيئًا من ذلك على خادمنا.
ملف تعريف الارتباط هذا موقَّع (فلا يمكن تغييره)، ولا تستطيع البرامج النصية قراءته (HttpOnly)،
وهو صالح لمدة سنة. وهو ضروري تقنيًا للقائمة التي طلبتها (المادة 25 الفقرة 2 البند 2 من القانون
الألماني لحماية البيانات في الاتصالات والخدمات الرقمية TDDDG)، لذلك لا تلزم موافقتك. ويختفي
عندما تختار «إفراغ القائمة» أو تحذف ملفات تعريف الارتباط من متصفحك. ورابط مشاركة القائمة لا
يحتوي إلا على أرقام العروض.</p>
<h2>الاشتراك في البحث عبر البريد الإلكتروني والخلاصة</h2>
<ul>
<li>يمكنك متابعة بحث عبر البريد الإلكتروني. نرسل إليك أولًا رابط تأكيد. <strong>لا نحفظ شيئًا
قبل أن تؤكد</strong>: بياناتك موجودة فقط داخل الرابط نفسه، موقَّعة إلكترونيًا، والرابط صالح
لمدة 48 ساعة.</li>
<li>بعد تأكيدك فقط نحفظ عنوان بريدك الإلكتروني والبحث وعدد مرات الإرسال (يوميًا أو أسبوعيًا)
واللغة، بالإضافة إلى بيانات تقنية للإرسال (متى فُحص البحث آخر مرة ومتى أُرسلت آخر رسالة).
الأساس القانوني هو موافقتك (المادة 6 الفقرة 1 البند أ من اللائحة العامة لحماية البيانات
GDPR).</li>
<li>تحتوي كل رسالة على رابط لإلغاء الاشتراك، وكثير من برامج البريد الإلكتروني تقدم لذلك زرًا
خاصًا بها أيضًا. عند إلغاء الاشتراك نحذف فورًا وبالكامل كل البيانات المتعلقة بهذا الاشتراك،
وبذلك تكون قد سحبت موافقتك أيضًا.</li>
<li>لا نتتبع ما إذا كنت تفتح الرسائل أو تنقر على الروابط الموجودة فيها.</li>
<li>لمنع إساءة الاستخدام نعدّ لمدة ساعة واحدة عدد رسائل التأكيد المرسلة إلى عنوان ما – بقيمة
تحقق لا يمكن استرجاع العنوان منها، وليس بالعنوان نفسه أبدًا.</li>
<li>يمكنك الاشتراك في خلاصة البحث (Atom) دون تسجيل ودون تقديم أي بيانات شخصية.</li>
</ul>
<h2>«ما المناسب لي؟»</h2>
<p>نستخدم إجاباتك في «ما المناسب لي؟» (/finden/) فقط لنعرض لك العروض المناسبة. لا نحفظها – لا
في قاعدة بيانات ولا في ملف تعريف ارتباط – ولا ننشئ ملفًا شخصيًا عنك. تظهر الإجابات في عنوان
صفحة النتائج حتى تتمكن من الاحتفاظ بالنتيجة كإشارة مرجعية. ولذلك، مثل كل عنوان تفتحه، قد تظهر
في سجل التصفح في متصفحك وفي سجل خادم الويب الذي يُحذف بعد [عدد] يومًا.</p>
<h2>الحماية من الضغط الزائد</h2>
<p>لكي تبقى واجهة البيانات (API) والاستبيانات متاحة للجميع، نعدّ الطلبات القادمة من نطاق شبكة
واحد. ولهذا نستخدم الجزء الأول فقط من عنوان IP الخاص بك (في IPv4 الأرقام الثلاثة الأولى، وفي
IPv6 الكتل الأربع الأولى). ويُحتفظ به في ذاكرة العمل فقط طوال مدة العدّ (دقيقة واحدة لواجهة
البيانات، وعشر دقائق للاستبيانات)، ولا يُكتب أبدًا في قاعدة بيانات أو في سجل.</p>
""",
    "uk": """
<h2>Обране</h2>
<p>Коли ви натискаєте «До обраного» біля пропозиції, ми зберігаємо номер пропозиції та час у
файлі cookie з назвою «merkliste» у вашому браузері – більше нічого, і нічого з цього на нашому
сервері. Файл cookie підписаний (його не можна змінити), недоступний для скриптів (HttpOnly) і
діє один рік. Він технічно необхідний для списку, який ви самі захотіли вести (§ 25 абз. 2 п. 2
Закону Німеччини про захист даних у телекомунікаціях і цифрових послугах, TDDDG), тому ваша
згода не потрібна. Він зникає, коли ви вибираєте «Очистити список» або видаляєте файли cookie у
браузері. Посилання, щоб поділитися списком, містить лише номери пропозицій.</p>
<h2>Підписка на пошук електронною поштою та через стрічку</h2>
<ul>
<li>Ви можете стежити за пошуком електронною поштою. Спочатку ми надсилаємо вам посилання для
підтвердження. <strong>Поки ви не підтвердите, ми нічого не зберігаємо</strong>: ваші дані
містяться лише в самому посиланні, з електронним підписом, а посилання дійсне 48 годин.</li>
<li>Лише після вашого підтвердження ми зберігаємо вашу адресу електронної пошти, пошук, частоту
(щодня або щотижня) і мову, а також технічні дані для надсилання (коли пошук востаннє
перевіряли і коли надіслали останній лист). Правова підстава – ваша згода (ст. 6 ч. 1 п. a
GDPR).</li>
<li>Кожен лист містить посилання для відписки; багато поштових програм також мають для цього
власну кнопку. Коли ви відписуєтеся, ми одразу й повністю видаляємо всі дані цієї підписки, і
тим самим ви відкликаєте свою згоду.</li>
<li>Ми не відстежуємо, чи відкриваєте ви листи і чи переходите за посиланнями в них.</li>
<li>Щоб запобігти зловживанням, ми протягом однієї години рахуємо, скільки листів із
підтвердженням надіслано на адресу, – за допомогою контрольного значення, з якого адресу
неможливо відновити, і ніколи не за самою адресою.</li>
<li>На стрічку (Atom) пошуку можна підписатися без реєстрації та без жодних персональних
даних.</li>
</ul>
<h2>«Що мені підходить?»</h2>
<p>Ваші відповіді в розділі «Що мені підходить?» (/finden/) ми використовуємо лише для того, щоб
показати вам відповідні пропозиції. Ми їх не зберігаємо – ні в базі даних, ні у файлі cookie – і
не створюємо профілю. Відповіді містяться в адресі сторінки результатів, щоб ви могли зберегти
результат у закладках. Тому, як і будь-яка відкрита адреса, вони можуть потрапити в історію
вашого браузера та в журнал вебсервера, який видаляється через [кількість] днів.</p>
<h2>Захист від перевантаження</h2>
<p>Щоб інтерфейс даних (API) і опитування залишалися доступними для всіх, ми рахуємо, скільки
запитів надходить з одного діапазону мережі. Для цього ми використовуємо лише першу частину
вашої IP-адреси (для IPv4 – перші три числа, для IPv6 – перші чотири блоки). Вона зберігається
лише в оперативній пам’яті, поки триває підрахунок (для API – одну хвилину, для опитувань –
десять хвилин), і ніколи не записується ні в базу даних, ні в журнал.</p>
""",
    "ru": """
<h2>Избранное</h2>
<p>Когда вы нажимаете «В избранное» у предложения, мы сохраняем номер предложения и время в файле
cookie с именем «merkliste» в вашем браузере – больше ничего, и ничего из этого на нашем сервере.
Файл cookie подписан (его нельзя изменить), недоступен для скриптов (HttpOnly) и действует один
год. Он технически необходим для списка, который вы сами захотели вести (§ 25 абз. 2 п. 2 Закона
Германии о защите данных в телекоммуникациях и цифровых услугах, TDDDG), поэтому ваше согласие
не требуется. Он исчезает, когда вы выбираете «Очистить список» или удаляете файлы cookie в
браузере. Ссылка, чтобы поделиться списком, содержит только номера предложений.</p>
<h2>Подписка на поиск по электронной почте и через ленту</h2>
<ul>
<li>Вы можете следить за поиском по электронной почте. Сначала мы отправляем вам ссылку для
подтверждения. <strong>Пока вы не подтвердите, мы ничего не сохраняем</strong>: ваши данные
содержатся только в самой ссылке, с электронной подписью, а ссылка действительна 48 часов.</li>
<li>Только после вашего подтверждения мы сохраняем ваш адрес электронной почты, поиск, частоту
(ежедневно или еженедельно) и язык, а также технические данные для рассылки (когда поиск в
последний раз проверяли и когда отправили последнее письмо). Правовое основание – ваше согласие
(ст. 6 ч. 1 п. a GDPR).</li>
<li>В каждом письме есть ссылка для отписки; многие почтовые программы также предлагают для этого
собственную кнопку. Когда вы отписываетесь, мы сразу и полностью удаляем все данные этой
подписки, и тем самым вы отзываете своё согласие.</li>
<li>Мы не отслеживаем, открываете ли вы письма и переходите ли по ссылкам в них.</li>
<li>Чтобы предотвратить злоупотребления, мы в течение одного часа считаем, сколько писем с
подтверждением отправлено на адрес, – с помощью контрольного значения, по которому адрес нельзя
восстановить, и никогда не по самому адресу.</li>
<li>На ленту (Atom) поиска можно подписаться без регистрации и без каких-либо персональных
данных.</li>
</ul>
<h2>«Что мне подходит?»</h2>
<p>Ваши ответы в разделе «Что мне подходит?» (/finden/) мы используем только для того, чтобы
показать вам подходящие предложения. Мы их не сохраняем – ни в базе данных, ни в файле cookie – и
не составляем профиль. Ответы содержатся в адресе страницы результатов, чтобы вы могли сохранить
результат в закладках. Поэтому, как и любой открытый адрес, они могут попасть в историю вашего
браузера и в журнал веб-сервера, который удаляется через [количество] дней.</p>
<h2>Защита от перегрузки</h2>
<p>Чтобы интерфейс данных (API) и опросы оставались доступными для всех, мы считаем, сколько
запросов поступает из одного сетевого диапазона. Для этого мы используем только первую часть
вашего IP-адреса (для IPv4 – первые три числа, для IPv6 – первые четыре блока). Она хранится
только в оперативной памяти, пока идёт подсчёт (для API – одну минуту, для опросов – десять
минут), и никогда не записывается ни в базу данных, ни в журнал.</p>
""",
}


def _previous():
    """The German default (0002) and the shipped translations (0004): {code: (title, body)}."""
    pages = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    translations = importlib.import_module(
        "bildungsportal.core.migrations.0004_default_page_translations")
    german = next(body for slug, _title, body in pages.PAGES if slug == SLUG)
    shipped = {"de": ("Datenschutz", german.strip())}
    for code, texts in translations.TRANSLATIONS.items():
        title, body = texts[SLUG]
        shipped[code] = (title, translations.body_of(body))
    return shipped


def with_sections(body, code):
    """`body` with this migration's sections for `code` before its last heading („Ihre Rechte“)."""
    at = body.rindex("<h2>")
    return body[:at] + SECTIONS[code].strip() + "\n" + body[at:]


def _same(stored, text):
    return nh3.clean(stored or "", tags=TAGS) == nh3.clean(text, tags=TAGS)


def _replace(page, old, new):
    """Swap the German body and every translation still equal to `old` for `new`; leave the
    page alone when the German body is not `old`. True when the page was changed."""
    if not _same(page.body, old["de"][1]):
        return False
    page.body = new["de"][1]
    translations = {}
    for code, entry in (page.translations or {}).items():
        if code in new and _same(entry.get("body"), old[code][1]):
            entry = {"title": entry.get("title") or new[code][0], "body": new[code][1]}
        else:  # the office's own text: it no longer matches the German one
            entry = {**entry, "outdated": True}
        translations[code] = entry
    for code in new.keys() - {"de"} - translations.keys():
        translations[code] = {"title": new[code][0], "body": new[code][1]}
    page.translations = translations
    page.save(update_fields=["body", "translations", "updated_at"])
    return True


def texts():
    """(before, after): {code: (title, body)} for the Datenschutz page."""
    before = _previous()
    after = {code: (title, with_sections(body, code)) for code, (title, body) in before.items()}
    return before, after


def add_sections(apps, schema_editor):
    page = apps.get_model("core", "Page").objects.filter(slug=SLUG).first()
    if page is not None:
        _replace(page, *texts())


def remove_sections(apps, schema_editor):
    """Back to the 0002/0004 texts, only where the page still holds this migration's text."""
    page = apps.get_model("core", "Page").objects.filter(slug=SLUG).first()
    if page is not None:
        before, after = texts()
        _replace(page, after, before)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_default_page_translations")]

    operations = [migrations.RunPython(add_sections, remove_sections)]
