"""The demo catalog's invented data: offering templates (titles, texts, schedules, prices),
provider names and kinds, venues, streets and notes. The generator is catalog/demo.py.

Texts are templates: "{a|b|c}" picks one alternative, "{ort}", "{sprache}" and "{niveau}"
are filled in.
"""

from dataclasses import dataclass

from .models import Provider, Run

K = Provider.Kind
FK, SCH, UEB, AUS, WB, ALT = (
    "fruehkindliche-bildung", "schule", "uebergang-schule-beruf", "ausbildung-studium",
    "weiterbildung-beruf", "bildung-im-alter",
)


@dataclass(frozen=True)
class Template:
    titles: tuple
    topics: tuple
    phases: tuple
    groups: tuple
    kinds: tuple
    schedule: str
    fee: tuple | int | None  # (from, to) in euros; 0 = free; None = no fixed price
    summary: str
    text: tuple
    requirements: tuple = ("Keine Vorkenntnisse erforderlich.",)
    price_note: str = ""
    languages: tuple = ("de",)
    language_courses: tuple = ()  # topic slugs of the languages this course may teach
    levels: tuple = ("A1", "A2", "B1", "B2")
    funding: tuple = ()
    certificate: str = ""
    dqr: int | None = None
    online: float = 0.0  # share of online-live offerings
    # standing offers: (weekday bits, from, to) in minutes after midnight
    slots: tuple = ((2, 540, 720), (8, 840, 1080), (5, 540, 720))
    months: tuple = (10, 12, 18, 24)  # programme length
    weight: float = 1.0


T = Template
TEMPLATES = (
    # Frühkindliche Bildung
    T(
        titles=(
            "Kindergartenplatz (3–6 Jahre)", "Krippenplatz für Kinder unter drei Jahren",
            "Ganztagsplatz im Kindergarten", "Betreuung in altersgemischter Gruppe (1–6 Jahre)",
        ),
        topics=("kindertagesbetreuung",), phases=(FK,), groups=("kinder", "familien"),
        kinds=(K.KITA,), schedule="standing", fee=None,
        summary=(
            "Bildung, Betreuung und Förderung in einer festen Gruppe mit vertrauten "
            "Bezugspersonen."
        ),
        text=(
            "Unser pädagogisches Konzept setzt auf freies Spiel, Bewegung und Naturerfahrungen.",
            "Die Eingewöhnung gestalten wir behutsam gemeinsam mit den Eltern.",
            "Ein gesundes Mittagessen wird täglich frisch zubereitet.",
            "Sprachbildung begleitet den ganzen Kita-Alltag.",
            "Wir arbeiten nach dem Hessischen Bildungs- und Erziehungsplan.",
        ),
        requirements=(
            "Anmeldung über das Kita-Portal der Gemeinde; Aufnahme nach freien Plätzen.",
            "Wohnsitz in {ort}; Anmeldung spätestens drei Monate vor Betreuungsbeginn.",
        ),
        price_note=(
            "Ab drei Jahren sechs Stunden täglich beitragsfrei; darüber hinaus Gebühren nach "
            "Satzung."
        ),
        slots=((31, 420, 1020), (31, 450, 990), (31, 420, 870)), weight=3,
    ),
    T(
        titles=(
            "Krabbelgruppe für Eltern mit Babys", "Eltern-Kind-Gruppe (1–3 Jahre)",
            "Babymassage für Eltern mit Babys", "Spielgruppe {Zwergenstunde|Mini-Club} (1–3 Jahre)",
            "Eltern-Baby-Treff: Spielen, Singen, Austauschen",
        ),
        topics=("eltern-kind",), phases=(FK,), groups=("eltern", "familien"),
        kinds=(K.CHURCH, K.OTHER, K.KITA, K.VHS, K.ASSOCIATION), schedule="morning", fee=(25, 70),
        summary="Ein fester Treffpunkt für Eltern und ihre Kleinsten zum Spielen und Austauschen.",
        text=(
            "Wir singen, spielen und bewegen uns gemeinsam.",
            "Eltern erhalten Anregungen für den Alltag mit Baby und Kleinkind.",
            "Die Gruppe bietet Raum für Fragen rund um Schlaf, Ernährung und Entwicklung.",
            "Bitte bringen Sie eine Decke und Stoppersocken mit.",
        ),
        requirements=("Für Eltern mit Babys und Kleinkindern bis drei Jahre.",),
    ),
    T(
        titles=(
            "Musikalische Früherziehung (4–6 Jahre)", "Musikgarten für Eltern und Kinder",
            "Eltern-Kind-Musizieren (1–3 Jahre)", "Rhythmik für Vorschulkinder",
        ),
        topics=("musik", "eltern-kind"), phases=(FK,), groups=("kinder", "eltern"),
        kinds=(K.MUSIC_SCHOOL,), schedule="afternoon", fee=(28, 45),
        summary="Spielerischer erster Zugang zur Musik mit Liedern, Instrumenten und Bewegung.",
        text=(
            "Die Kinder entdecken Klänge, Rhythmen und einfache Instrumente.",
            "Singen, Tanzen und Zuhören fördern Sprache und Konzentration.",
            "Am Ende des Kursjahres gibt es ein kleines Vorspiel für die Familien.",
        ),
        price_note="Gebühr pro Monat.", funding=("bildung-und-teilhabe",), weight=2,
    ),
    T(
        titles=(
            "Vorlesestunde für Kinder ab 3", "Bilderbuchkino", "Sprachspiele im Kindergarten",
            "Mehrsprachige Vorlesestunde (Deutsch und {Türkisch|Arabisch|Ukrainisch})",
        ),
        topics=("sprachfoerderung-kinder", "lesefoerderung"), phases=(FK,),
        groups=("kinder", "familien"), kinds=(K.LIBRARY, K.KITA), schedule="afternoon", fee=0,
        summary="Geschichten hören, Bilder entdecken und Freude an Sprache und Büchern gewinnen.",
        text=(
            "Wir lesen gemeinsam ein Bilderbuch und sprechen über die Geschichte.",
            "Im Anschluss wird gemalt oder gebastelt.",
            "Eltern und Großeltern sind herzlich willkommen.",
        ),
        requirements=("Für Kinder von 3 bis 6 Jahren in Begleitung.",),
    ),
    T(
        titles=(
            "Elternkurs: Gelassen durch die Trotzphase", "Elternabend: Medien in der Familie",
            "Schlaf, Kindlein, schlaf – Babyschlaf verstehen", "Geschwister – Streit und Liebe",
            "Elternkurs: Starke Eltern, starke Kinder im Alltag",
        ),
        topics=("familienbildung",), phases=(FK, SCH), groups=("eltern", "familien"),
        kinds=(K.COUNSELLING, K.CHURCH, K.VHS, K.OTHER, K.KITA), schedule="evening_once",
        fee=(0, 25),
        summary="Anregungen und Austausch für Eltern zu typischen Fragen des Familienalltags.",
        text=(
            "Fachkräfte aus der Familienberatung geben praktische Tipps.",
            "Sie lernen Wege kennen, Konflikte ruhiger zu lösen.",
            "Ihre eigenen Fragen und Erfahrungen haben viel Raum.",
        ),
        online=0.15,
    ),
    T(
        titles=(
            "Kleine Naturforscher – Waldtage für Kinder", "Kinderturnen (3–6 Jahre)",
            "Eltern-Kind-Turnen", "Bewegungsspiele im Kindergartenalter",
        ),
        topics=("bewegung", "umwelt-nachhaltigkeit"), phases=(FK,), groups=("kinder",),
        kinds=(K.ASSOCIATION, K.KITA, K.OTHER), schedule="afternoon", fee=(20, 60),
        summary="Bewegung, frische Luft und Entdeckungen für Kinder im Vorschulalter.",
        text=(
            "Die Kinder klettern, balancieren und spielen in der Gruppe.",
            "Bei jedem Wetter draußen – bitte wetterfeste Kleidung mitbringen.",
            "Erfahrene Übungsleitungen begleiten die Gruppe.",
        ),
        funding=("bildung-und-teilhabe",),
    ),
    # Schule
    T(
        titles=(
            "Hausaufgabenhilfe", "Hausaufgabenbetreuung für Grundschulkinder",
            "Lernstube – Hilfe bei den Hausaufgaben", "Hausaufgabencafé für Klasse 5–7",
        ),
        topics=("hausaufgabenhilfe",), phases=(SCH,), groups=("schuelerinnen", "kinder"),
        kinds=(K.LIBRARY, K.SCHOOL, K.ASSOCIATION, K.CHURCH, K.OTHER), schedule="standing", fee=0,
        summary="Ehrenamtliche helfen bei Hausaufgaben und beim Lernen für Klassenarbeiten.",
        text=(
            "Ein ruhiger Raum zum Lernen, mit Ansprechpersonen für Fragen.",
            "Die Betreuung übernehmen geschulte Ehrenamtliche.",
            "Auch Lernspiele und Lesen gehören dazu.",
        ),
        requirements=("Für Schüler:innen der Klassen 1 bis 7.",),
        slots=((15, 840, 960), (5, 870, 990), (10, 840, 960)), weight=2,
    ),
    T(
        titles=(
            "Nachhilfe Mathematik (Klasse 5–10)", "Lernförderung Deutsch für Grundschulkinder",
            "Prüfungsvorbereitung Mathematik – Abschlussprüfung Klasse 10",
            "Englisch-Nachhilfe in Kleingruppen",
            "Abiturvorbereitung {Mathematik|Deutsch|Englisch}",
        ),
        topics=("nachhilfe",), phases=(SCH,), groups=("schuelerinnen", "jugendliche"),
        kinds=(K.COMPANY, K.VHS, K.ASSOCIATION), schedule="afternoon", fee=(80, 240),
        summary="Gezielte Förderung in kleinen Gruppen, abgestimmt auf den Lehrplan.",
        text=(
            "Wir schließen Lücken und üben typische Aufgaben.",
            "Eine kurze Lernstandsanalyse zu Beginn zeigt, wo es hakt.",
            "Die Gruppen haben höchstens sechs Teilnehmende.",
        ),
        requirements=(
            "Für Schüler:innen der Klassen 5 bis 10.", "Für Schüler:innen der Oberstufe.",
        ),
        funding=("bildung-und-teilhabe",), online=0.1,
    ),
    T(
        titles=(
            "Forscherwerkstatt: Experimente für Kinder",
            "Roboter bauen und programmieren (10–14 Jahre)", "Programmieren mit Scratch für Kids",
            "Sternenkunde für junge Entdecker:innen", "Coding-Club für Jugendliche",
        ),
        topics=("mint", "programmieren"), phases=(SCH,), groups=("kinder", "jugendliche"),
        kinds=(K.SCHOOL, K.LIBRARY, K.VHS, K.ASSOCIATION, K.UNIVERSITY, K.COMPANY),
        schedule="afternoon", fee=(0, 60),
        summary="Ausprobieren, tüfteln und verstehen: Naturwissenschaft und Technik zum Anfassen.",
        text=(
            "Die Teilnehmenden arbeiten in Teams an eigenen kleinen Projekten.",
            "Geräte und Material werden gestellt.",
            "Vorkenntnisse sind nicht nötig, Neugier schon.",
        ),
        requirements=("Für Kinder von 8 bis 12 Jahren.", "Für Jugendliche von 12 bis 16 Jahren."),
    ),
    T(
        titles=(
            "Ferienspiele in den Sommerferien", "Osterferien-Werkstatt: Holz und Farbe",
            "Ferienkurs Theater für Kinder", "Herbstferien-Programm: Naturdetektive",
            "Ferien-Zirkuswoche",
        ),
        topics=("ferienangebote",), phases=(SCH,), groups=("kinder", "schuelerinnen"),
        kinds=(K.OTHER, K.PUBLIC_OFFICE, K.ASSOCIATION, K.CHURCH, K.LIBRARY, K.MUSIC_SCHOOL),
        schedule="holiday", fee=(0, 120),
        summary="Eine abwechslungsreiche Ferienwoche mit Spiel, Kreativität und Ausflügen.",
        text=(
            "Jeden Tag wartet ein neues Thema auf die Kinder.",
            "Für Getränke und einen Snack ist gesorgt.",
            "Die Betreuung übernehmen erfahrene pädagogische Fachkräfte.",
        ),
        requirements=("Für Kinder von 6 bis 12 Jahren.",), funding=("bildung-und-teilhabe",),
    ),
    T(
        titles=(
            "Lesenacht in der Bücherei", "Leseclub für Kinder (8–12 Jahre)",
            "Lesetraining für Grundschulkinder", "Comic-Workshop: Eigene Geschichten zeichnen",
        ),
        topics=("lesefoerderung",), phases=(SCH,), groups=("kinder",),
        kinds=(K.LIBRARY, K.SCHOOL, K.ASSOCIATION), schedule="afternoon", fee=0,
        summary="Spaß am Lesen entdecken – gemeinsam, spielerisch und ohne Notendruck.",
        text=(
            "Wir lesen, erzählen und spielen rund um Bücher.",
            "Jedes Kind darf Lieblingsbücher vorstellen.",
            "Die Bücherei stellt eine Auswahl an Medien bereit.",
        ),
        requirements=("Für Kinder von 7 bis 12 Jahren.",),
    ),
    T(
        titles=(
            "Klavierunterricht für Kinder und Jugendliche",
            "Gitarre für Anfänger:innen (ab 8 Jahren)", "Geigenunterricht",
            "Schlagzeug – Einzelunterricht", "Jugendband-Workshop", "Kinderchor",
        ),
        topics=("musik",), phases=(SCH,), groups=("kinder", "jugendliche"),
        kinds=(K.MUSIC_SCHOOL, K.ASSOCIATION), schedule="afternoon", fee=(35, 95),
        summary="Musizieren lernen mit erfahrenen Lehrkräften – im Einzel- oder Gruppenunterricht.",
        text=(
            "Der Unterricht richtet sich nach Alter, Tempo und Musikgeschmack.",
            "Leihinstrumente sind in begrenzter Zahl vorhanden.",
            "Regelmäßige Vorspiele und Ensembles motivieren zum Üben.",
        ),
        price_note="Gebühr pro Monat; Geschwisterermäßigung auf Anfrage.",
        funding=("bildung-und-teilhabe",), weight=3,
    ),
    # Übergang Schule–Beruf
    T(
        titles=(
            "Bewerbungstraining für Schulabgänger:innen", "Fit fürs Vorstellungsgespräch",
            "Bewerbungsmappen-Check", "Lebenslauf und Anschreiben – Workshop",
        ),
        topics=("bewerbung",), phases=(UEB,), groups=("jugendliche", "schuelerinnen"),
        kinds=(K.VHS, K.PUBLIC_OFFICE, K.COUNSELLING, K.ASSOCIATION, K.CHAMBER, K.SCHOOL),
        schedule="weekend", fee=(0, 30),
        summary="Überzeugende Unterlagen und ein sicherer Auftritt im Vorstellungsgespräch.",
        text=(
            "Wir prüfen Anschreiben und Lebenslauf und verbessern sie gemeinsam.",
            "Im Rollenspiel üben Sie typische Fragen aus Vorstellungsgesprächen.",
            "Bitte bringen Sie Ihre Unterlagen ausgedruckt oder auf einem Stick mit.",
        ),
    ),
    T(
        titles=(
            "Berufsberatung für Jugendliche", "Jugendberufsagentur – offene Sprechstunde",
            "Beratung zur Ausbildungsplatzsuche",
        ),
        topics=("ausbildungssuche",), phases=(UEB,), groups=("jugendliche",),
        kinds=(K.PUBLIC_OFFICE, K.COUNSELLING, K.CHAMBER), schedule="standing", fee=0,
        summary="Persönliche Beratung zu Ausbildung, Praktikum und Studium.",
        text=(
            "Wir klären gemeinsam Interessen und Stärken.",
            "Sie erhalten Hinweise auf freie Ausbildungsplätze in der Region.",
            "Die Beratung ist vertraulich.",
        ),
        requirements=("Für Jugendliche und junge Erwachsene bis 25 Jahre.",),
    ),
    T(
        titles=(
            "Ausbildungsmesse Bergstraße", "Tag der offenen Tür: Ausbildung im Handwerk",
            "Azubi-Speed-Dating", "Girls' Day: Technikberufe entdecken",
            "Boys' Day: Berufe in Pflege und Erziehung",
        ),
        topics=("ausbildungssuche",), phases=(UEB,), groups=("jugendliche", "schuelerinnen"),
        kinds=(K.CHAMBER, K.PUBLIC_OFFICE, K.SCHOOL, K.COMPANY), schedule="day", fee=0,
        summary=(
            "Betriebe aus der Region stellen Ausbildungsberufe vor – zum Fragen und Ausprobieren."
        ),
        text=(
            "Auszubildende berichten aus ihrem Alltag.",
            "Sie können direkt mit Ausbildungsbetrieben ins Gespräch kommen.",
            "Bewerbungsunterlagen dürfen gern mitgebracht werden.",
        ),
        requirements=("Für Schüler:innen ab Klasse 8.",),
    ),
    T(
        titles=(
            "Studienorientierung: Welches Studium passt zu mir?",
            "Schnupperstudium in den Herbstferien", "Duales Studium – Infoabend",
        ),
        topics=("studienorientierung",), phases=(UEB, AUS), groups=("jugendliche", "schuelerinnen"),
        kinds=(K.UNIVERSITY, K.PUBLIC_OFFICE, K.COUNSELLING), schedule="evening_once", fee=0,
        summary="Orientierung zu Studiengängen, Zugangswegen und Finanzierung.",
        text=(
            "Studienberater:innen stellen Wege ins Studium vor.",
            "Studierende berichten von ihren Erfahrungen.",
            "Im Anschluss ist Zeit für Ihre Fragen.",
        ),
        requirements=("Für Schüler:innen der Oberstufe und ihre Eltern.",), online=0.3,
    ),
    T(
        titles=(
            "Berufsvorbereitende Bildungsmaßnahme (BvB)",
            "Ausbildungsvorbereitung für junge Geflüchtete",
            "Einstiegsqualifizierung mit Begleitung",
        ),
        topics=("ausbildungssuche", "berufliche-neuorientierung"), phases=(UEB,),
        groups=("jugendliche", "menschen-mit-migrationsgeschichte", "arbeitsuchende"),
        kinds=(K.COMPANY, K.ASSOCIATION, K.SCHOOL), schedule="programme", fee=0,
        summary="Ein Jahr Vorbereitung auf die Ausbildung mit Praktika, Unterricht und Begleitung.",
        text=(
            "Praktika in Betrieben der Region helfen bei der Berufswahl.",
            "Sozialpädagogische Begleitung unterstützt bei persönlichen Fragen.",
            "Bei Bedarf kann der Hauptschulabschluss nachgeholt werden.",
        ),
        requirements=("Zuweisung durch die Agentur für Arbeit oder das Jobcenter.",),
        price_note="Kostenfrei; gefördert durch die Agentur für Arbeit.", months=(6, 10, 12),
    ),
    # Ausbildung & Studium
    T(
        titles=(
            "Prüfungsvorbereitung Kaufleute für Büromanagement",
            "Azubi-Knigge: Erfolgreich starten", "Prüfungsvorbereitung Industriekaufleute",
            "Lernen lernen für Auszubildende",
        ),
        topics=("aufstiegsfortbildung", "kommunikation"), phases=(AUS,), groups=("auszubildende",),
        kinds=(K.CHAMBER, K.COMPANY, K.VHS), schedule="weekend", fee=(60, 290),
        summary="Sicher in die Prüfung und gut durch die Ausbildung.",
        text=(
            "Wir wiederholen prüfungsrelevante Inhalte und üben mit Originalaufgaben.",
            "Lern- und Zeitplanung sind Teil des Kurses.",
            "Die Kosten übernehmen häufig die Ausbildungsbetriebe.",
        ),
        requirements=("Für Auszubildende im zweiten oder dritten Ausbildungsjahr.",),
    ),
    T(
        titles=("Ausbildung der Ausbilder (AEVO) – Vorbereitung auf die IHK-Prüfung",),
        topics=("aufstiegsfortbildung",), phases=(WB, AUS), groups=("berufstaetige",),
        kinds=(K.CHAMBER, K.COMPANY), schedule="programme", fee=(450, 900),
        summary="Berufs- und arbeitspädagogische Qualifikation für alle, die ausbilden wollen.",
        text=(
            "Sie lernen, Ausbildung zu planen, durchzuführen und abzuschließen.",
            "Der Lehrgang bereitet auf die schriftliche und praktische Prüfung vor.",
            "Praxisnahe Fälle aus Betrieben der Region stehen im Mittelpunkt.",
        ),
        requirements=("Abgeschlossene Berufsausbildung oder mehrjährige Berufserfahrung.",),
        funding=("qualifizierungsscheck-hessen", "bildungsgutschein"),
        certificate="Ausbildereignungsprüfung (IHK)", months=(2, 3),
    ),
    T(
        titles=("Ausbildung zur Pflegefachfrau / zum Pflegefachmann",), topics=("pflege-soziales",),
        phases=(AUS,), groups=("jugendliche", "erwachsene"), kinds=(K.SCHOOL, K.COMPANY),
        schedule="programme", fee=0,
        summary=(
            "Generalistische Pflegeausbildung mit Einsätzen in Klinik, Altenpflege und ambulanter "
            "Pflege."
        ),
        text=(
            "Theorie und Praxis wechseln sich in Blöcken ab.",
            "Praxiseinsätze finden bei Kooperationspartnern in der Region statt.",
            "Der Abschluss ist in der ganzen EU anerkannt.",
        ),
        requirements=(
            (
                "Mittlerer Schulabschluss oder Hauptschulabschluss mit abgeschlossener "
                "Berufsausbildung."
            ),
        ),
        price_note="Schulgeldfrei, mit Ausbildungsvergütung.",
        certificate="Pflegefachfrau / Pflegefachmann (staatliche Prüfung)", dqr=4, months=(36,),
    ),
    T(
        titles=("Berufsbegleitende Ausbildung zur Erzieherin / zum Erzieher",),
        topics=("pflege-soziales",), phases=(AUS, WB), groups=("erwachsene", "berufstaetige"),
        kinds=(K.SCHOOL,), schedule="programme", fee=0,
        summary="Teilzeit-Fachschule für Sozialwesen neben der Arbeit in einer Kita.",
        text=(
            (
                "Unterricht an zwei Tagen pro Woche, die übrige Zeit arbeiten Sie in einer "
                "Einrichtung."
            ),
            "Die Ausbildung verbindet Pädagogik, Psychologie und Praxisreflexion.",
            "Viele Träger in der Region unterstützen die Ausbildung finanziell.",
        ),
        requirements=("Mittlerer Abschluss und eine einschlägige Berufsausbildung.",),
        funding=("aufstiegs-bafoeg",), certificate="Staatlich anerkannte:r Erzieher:in", dqr=6,
        months=(36,),
    ),
    T(
        titles=(
            "Bachelor Soziale Arbeit (berufsbegleitend)",
            "Bachelor Betriebswirtschaft (berufsbegleitend)",
            "Master Bildungsmanagement (berufsbegleitend)",
        ),
        topics=("aufstiegsfortbildung",), phases=(AUS, WB), groups=("studierende", "berufstaetige"),
        kinds=(K.UNIVERSITY,), schedule="programme", fee=(1200, 2900),
        summary="Studieren neben dem Beruf mit Präsenzphasen am Wochenende und Online-Lernen.",
        text=(
            "Die Module sind auf Berufstätige zugeschnitten.",
            "Berufserfahrung kann auf das Studium angerechnet werden.",
            "Studienberatung und Einstufung erfolgen individuell.",
        ),
        requirements=(
            "Hochschulzugangsberechtigung oder berufliche Qualifikation mit Berufserfahrung.",
        ),
        price_note="Gebühr pro Semester.", certificate="Bachelor of Arts", dqr=6, online=0.2,
        months=(36, 42),
    ),
    T(
        titles=(
            "Schreibwerkstatt für Hausarbeiten", "Lerngruppen-Coaching für Studierende",
            "Prüfungsangst bewältigen – Workshop für Studierende",
        ),
        topics=("literatur-schreiben", "kommunikation"), phases=(AUS,), groups=("studierende",),
        kinds=(K.UNIVERSITY, K.COUNSELLING), schedule="weekend", fee=(0, 40),
        summary="Werkzeuge und Übungen für ein erfolgreiches Studium.",
        text=(
            "Sie erproben Methoden in kleinen Übungen.",
            "Der Austausch mit anderen Studierenden zeigt: Sie sind nicht allein.",
            "Unterlagen zum Weiterarbeiten gibt es digital.",
        ),
        online=0.3,
    ),
    # Weiterbildung & Beruf – Sprachen
    T(
        titles=(
            "{sprache} {niveau} – Konversation am Abend", "{sprache} für Anfänger:innen ({niveau})",
            "{sprache} {niveau} – Grammatik kompakt", "{sprache} für die Reise ({niveau})",
            "{sprache} auffrischen ({niveau})",
            "{sprache} {niveau} – Kurs für Wiedereinsteiger:innen",
        ),
        topics=(), phases=(WB,), groups=("erwachsene", "berufstaetige"), kinds=(K.VHS, K.COMPANY),
        schedule="evening", fee=(95, 190),
        summary="{sprache} in entspannter Runde lernen und sprechen – Niveau {niveau}.",
        text=(
            "Im Mittelpunkt steht das Sprechen in Alltagssituationen.",
            "Grammatik und Wortschatz werden anschaulich wiederholt.",
            "Das Lehrbuch wird in der ersten Stunde bekannt gegeben.",
            "Kleine Gruppen sorgen dafür, dass alle zu Wort kommen.",
            "Landeskundliche Themen geben Einblicke in Kultur und Alltag.",
        ),
        language_courses=(
            "englisch", "spanisch", "franzoesisch", "italienisch", "griechisch", "tuerkisch",
            "arabisch", "russisch", "polnisch",
        ),
        online=0.12, weight=5,
    ),
    T(
        titles=(
            "{sprache} {niveau} am Vormittag", "{sprache} für Senior:innen ({niveau})",
            "{sprache} in gemütlichem Tempo ({niveau})",
        ),
        topics=(), phases=(WB, ALT), groups=("erwachsene", "seniorinnen"), kinds=(K.VHS,),
        schedule="morning", fee=(85, 160),
        summary="{sprache} lernen in ruhigem Tempo mit vielen Wiederholungen.",
        text=(
            "Wir lernen ohne Druck und mit viel Humor.",
            "Hörübungen und Gespräche wechseln sich ab.",
            "Wer eine Stunde verpasst, bekommt die Unterlagen.",
        ),
        language_courses=("englisch", "spanisch", "franzoesisch", "italienisch"),
        levels=("A1", "A2", "B1"), weight=2,
    ),
    T(
        titles=(
            "Bildungsurlaub: {sprache} im Beruf ({niveau})", "{sprache} Intensivwoche {niveau}",
        ),
        topics=(), phases=(WB,), groups=("berufstaetige",), kinds=(K.VHS, K.COMPANY),
        schedule="educational_leave", fee=(280, 480),
        summary="Eine Woche intensiv {sprache} – als Bildungsurlaub anerkannt.",
        text=(
            "Telefonieren, E-Mails, Meetings: Sie üben Situationen aus dem Berufsalltag.",
            "Die Woche ist in Hessen als Bildungsurlaub anerkannt.",
            "Kleine Gruppen ermöglichen individuelles Feedback.",
        ),
        language_courses=("englisch", "spanisch", "franzoesisch", "italienisch"),
        levels=("A2", "B1", "B2", "C1"), funding=("bildungsurlaub-hessen", "bildungszeit-bw"),
    ),
    T(
        titles=("{sprache} {niveau} – Vorbereitung auf die telc-Prüfung",), topics=(), phases=(WB,),
        groups=("erwachsene", "berufstaetige"), kinds=(K.VHS, K.COMPANY), schedule="evening",
        fee=(140, 260), summary="Gezielte Vorbereitung auf die telc-Prüfung {sprache} {niveau}.",
        text=(
            "Sie lernen alle Prüfungsteile kennen und üben mit Modelltests.",
            "Die Prüfung kann direkt im Anschluss abgelegt werden.",
            "Prüfungsgebühren sind nicht im Kurspreis enthalten.",
        ),
        language_courses=("englisch", "spanisch", "franzoesisch", "italienisch"),
        levels=("B1", "B2", "C1"), certificate="telc-Zertifikat {sprache} {niveau}",
    ),
    T(
        titles=("{sprache} für Kinder (6–10 Jahre)", "{sprache}-Club für Grundschulkinder"),
        topics=(), phases=(SCH,), groups=("kinder",), kinds=(K.VHS, K.COMPANY),
        schedule="afternoon", fee=(60, 120),
        summary="Spielerisch {sprache} lernen mit Liedern, Reimen und Bewegung.",
        text=(
            "Die Kinder lernen ohne Schreibdruck, mit allen Sinnen.",
            "Kleine Theaterszenen machen Mut zum Sprechen.",
        ),
        requirements=("Keine Vorkenntnisse erforderlich; für Kinder von 6 bis 10 Jahren.",),
        language_courses=("englisch", "spanisch", "franzoesisch"), levels=("A1",),
    ),
    T(
        titles=(
            "Integrationskurs Deutsch (A1–B1)", "Deutsch als Zweitsprache {niveau}",
            "Deutsch für den Beruf (B2)", "Deutsch für Eltern – mit Kinderbetreuung",
            "Alphabetisierungskurs mit Deutsch als Zweitsprache",
        ),
        topics=("deutsch-als-zweitsprache",), phases=(WB,),
        groups=("menschen-mit-migrationsgeschichte", "erwachsene", "arbeitsuchende"),
        kinds=(K.VHS, K.COMPANY, K.ASSOCIATION, K.CHURCH), schedule="morning", fee=(0, 220),
        summary=(
            "Deutsch für Alltag und Beruf – mit erfahrenen Lehrkräften für Deutsch als "
            "Zweitsprache."
        ),
        text=(
            "Sie lernen Deutsch für Einkaufen, Arzttermine, Behörden und Arbeit.",
            "Der Kurs findet an mehreren Vormittagen pro Woche statt.",
            "Eine Einstufung vor Kursbeginn sorgt für die passende Gruppe.",
            "Bei Bedarf wird eine Kinderbetreuung angeboten.",
        ),
        requirements=(
            "Einstufungstest vor Kursbeginn.", "Berechtigung oder Verpflichtung durch das BAMF.",
        ),
        price_note=(
            "{Kostenbeitrag nach BAMF-Vorgaben; Befreiung möglich.|Gefördert vom Bundesamt für "
            "Migration und Flüchtlinge.}"
        ),
        certificate="{|Deutsch-Test für Zuwanderer (DTZ)}", weight=3,
    ),
    # People who work during the day learn German in the evening (VHS evening courses).
    T(
        titles=("Deutsch {niveau} – Abendkurs", "Deutsch am Abend für Berufstätige ({niveau})"),
        topics=("deutsch-als-zweitsprache",), phases=(WB,),
        groups=("menschen-mit-migrationsgeschichte", "berufstaetige", "erwachsene"),
        kinds=(K.VHS, K.ASSOCIATION), schedule="evening", fee=(90, 180),
        summary="Deutsch lernen nach der Arbeit: zwei Abende pro Woche, in kleinen Gruppen.",
        text=(
            "Sie üben Sprechen, Hören, Lesen und Schreiben für Alltag und Beruf.",
            "Der Kurs findet an zwei Abenden pro Woche statt.",
            "Eine Einstufung vor Kursbeginn sorgt für die passende Gruppe.",
        ),
        requirements=("Einstufungsgespräch vor Kursbeginn.",),
        levels=("A2", "B1", "B2"), certificate="{|telc-Zertifikat Deutsch}", weight=1.5,
    ),
    T(
        titles=(
            "Deutsch-Sprachcafé", "Willkommenscafé für Neuzugewanderte",
            "Begegnungscafé International",
        ),
        topics=("interkulturelles", "deutsch-als-zweitsprache"), phases=(WB,),
        groups=("menschen-mit-migrationsgeschichte", "erwachsene"),
        kinds=(K.CHURCH, K.ASSOCIATION, K.OTHER, K.LIBRARY), schedule="standing", fee=0,
        summary=(
            "Deutsch sprechen üben, Menschen kennenlernen und Fragen loswerden – ohne Anmeldung."
        ),
        text=(
            "Ehrenamtliche unterhalten sich mit Ihnen bei Kaffee und Tee.",
            "Wir helfen auch bei Briefen und Formularen.",
            "Kinder sind willkommen, eine Spielecke ist vorhanden.",
        ),
        languages=("de", "en", "ar", "uk", "tr", "fa"), slots=((4, 900, 1050), (16, 960, 1080)),
    ),
    # Gesundheit
    T(
        titles=(
            "Yoga für Einsteiger:innen", "Hatha-Yoga am Abend", "Yin Yoga zum Wochenausklang",
            "Rückenyoga", "Yoga für Schwangere", "Vinyasa Yoga – fließende Bewegung",
        ),
        topics=("yoga",), phases=(WB,), groups=("erwachsene", "berufstaetige"),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY), schedule="evening", fee=(60, 115),
        summary="Körperübungen, Atmung und Entspannung für mehr Beweglichkeit und Ruhe im Alltag.",
        text=(
            "Die Übungen werden an Ihre Möglichkeiten angepasst.",
            "Jede Stunde endet mit einer Tiefenentspannung.",
            "Bitte bequeme Kleidung, eine Matte und eine Decke mitbringen.",
            "Sie lernen Übungen kennen, die Sie auch zu Hause machen können.",
        ),
        requirements=(
            "Keine Vorkenntnisse erforderlich.",
            "Bei gesundheitlichen Einschränkungen bitte vorher ärztlich abklären.",
        ),
        price_note=(
            "{Zertifizierter Präventionskurs – viele Krankenkassen erstatten einen Teil der "
            "Kosten.|}"
        ),
        online=0.1, weight=3,
    ),
    T(
        titles=(
            "Yoga am Vormittag", "Sanftes Yoga auf dem Stuhl", "Yoga ab 60",
            "Tai-Chi für Senior:innen", "Qigong am Morgen",
        ),
        topics=("yoga", "bewegung"), phases=(ALT, WB), groups=("seniorinnen",),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY, K.CHURCH, K.OTHER), schedule="morning",
        fee=(45, 95), summary="Sanfte Bewegung für Gelenke, Gleichgewicht und Wohlbefinden.",
        text=(
            "Alle Übungen sind auch im Sitzen möglich.",
            "Wir üben in ruhigem Tempo und mit Pausen.",
            "Gleichgewicht und Atmung stehen im Mittelpunkt.",
        ),
        weight=2,
    ),
    T(
        titles=(
            "Progressive Muskelentspannung nach Jacobson", "Achtsamkeit im Alltag",
            "Autogenes Training – Grundkurs", "Stressbewältigung für Berufstätige",
            "Qigong für Einsteiger:innen", "Waldbaden – achtsam durch den Odenwald",
        ),
        topics=("entspannung",), phases=(WB,), groups=("erwachsene", "berufstaetige"),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY, K.COUNSELLING), schedule="evening", fee=(45, 110),
        summary="Wirksame Methoden, um Stress abzubauen und neue Kraft zu schöpfen.",
        text=(
            "Sie lernen einfache Übungen für jeden Tag.",
            "Theorie-Impulse erklären, wie Stress entsteht.",
            "Bitte bequeme Kleidung und eine Decke mitbringen.",
        ),
        price_note=(
            "{Zertifizierter Präventionskurs – viele Krankenkassen erstatten einen Teil der "
            "Kosten.|}"
        ),
        online=0.1,
    ),
    T(
        titles=(
            "Kochkurs: Vegetarische Küche", "Brot backen wie früher", "Indische Küche – Kochabend",
            "Fermentieren leicht gemacht", "Meal Prep für Berufstätige",
            "Gesunde Ernährung im Familienalltag",
            "Spargel und Bärlauch – Frühlingsküche von der Bergstraße",
        ),
        topics=("ernaehrung",), phases=(WB,), groups=("erwachsene", "familien"),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY), schedule="evening_once", fee=(25, 59),
        summary="Gemeinsam kochen, probieren und genießen – mit vielen Tipps für zu Hause.",
        text=(
            "Wir kochen in kleinen Teams ein mehrgängiges Menü.",
            "Alle Rezepte erhalten Sie zum Nachkochen.",
            "Bitte Schürze, Geschirrtuch und Behälter für Reste mitbringen.",
            "Regionale und saisonale Zutaten stehen im Mittelpunkt.",
        ),
        price_note="zzgl. Lebensmittelumlage von {8|10|12|15} €.", weight=2,
    ),
    T(
        titles=(
            "Rückenfit – Wirbelsäulengymnastik", "Pilates für Einsteiger:innen",
            "Nordic Walking – Einführung", "Fit ab 50", "Funktionelles Training am Abend",
            "Aquafitness",
        ),
        topics=("bewegung",), phases=(WB,), groups=("erwachsene",),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY), schedule="evening", fee=(40, 95),
        summary=(
            "Kräftigen, dehnen, mobilisieren: ein abwechslungsreiches Training für den ganzen "
            "Körper."
        ),
        text=(
            "Die Übungen lassen sich leicht in den Alltag übernehmen.",
            "Qualifizierte Übungsleitungen achten auf die richtige Ausführung.",
            "Bitte Sportkleidung und ein Getränk mitbringen.",
        ),
        weight=2,
    ),
    T(
        titles=(
            "Sturzprophylaxe – Gleichgewichtstraining für Senior:innen",
            "Gedächtnistraining für Senior:innen", "Fit im Kopf – Gehirnjogging",
            "Seniorengymnastik", "Spaziergangsgruppe: Bewegt älter werden",
        ),
        topics=("gedaechtnistraining", "bewegung"), phases=(ALT,), groups=("seniorinnen",),
        kinds=(K.VHS, K.ASSOCIATION, K.CHURCH, K.OTHER, K.PUBLIC_OFFICE), schedule="morning",
        fee=(0, 60), summary="Beweglich und geistig fit bleiben – in geselliger Runde.",
        text=(
            "Übungen für Kopf und Körper wechseln sich ab.",
            "Jede Einheit endet mit einer gemeinsamen Tasse Kaffee.",
            "Alle Übungen sind für Einsteiger:innen geeignet.",
        ),
        weight=2,
    ),
    T(
        titles=(
            "Erste-Hilfe-Kurs", "Erste Hilfe für Führerscheinbewerber:innen", "Erste Hilfe am Kind",
            "Erste-Hilfe-Fortbildung für betriebliche Ersthelfer:innen",
        ),
        topics=("erste-hilfe",), phases=(WB, UEB), groups=("erwachsene", "jugendliche", "eltern"),
        kinds=(K.ASSOCIATION, K.COMPANY), schedule="day", fee=(40, 70),
        summary="Lebensrettende Sofortmaßnahmen sicher beherrschen.",
        text=(
            "Sie üben Herz-Lungen-Wiederbelebung, stabile Seitenlage und Wundversorgung.",
            "Die Bescheinigung gilt für Führerschein und Betrieb.",
            "Viel praktisches Üben, wenig Theorie.",
        ),
        requirements=("Mindestalter 14 Jahre.",), certificate="Teilnahmebescheinigung Erste Hilfe",
        weight=2,
    ),
    T(
        titles=(
            "Pflegekurs für Angehörige", "Demenz verstehen – Kurs für pflegende Angehörige",
            "Pflege zu Hause: Hilfen und Entlastung",
        ),
        topics=("pflege-angehoerige",), phases=(WB, ALT), groups=("erwachsene", "seniorinnen"),
        kinds=(K.COUNSELLING, K.CHURCH, K.ASSOCIATION, K.PUBLIC_OFFICE, K.VHS), schedule="evening",
        fee=0, summary="Wissen und Entlastung für Menschen, die Angehörige pflegen.",
        text=(
            "Sie lernen praktische Handgriffe für die Pflege zu Hause.",
            "Wir informieren über Leistungen der Pflegeversicherung.",
            "Der Austausch mit anderen Angehörigen tut gut.",
        ),
        price_note="Kostenfrei – gefördert durch die Pflegekassen.",
    ),
    # Kultur – Gestalten
    T(
        titles=(
            "Aquarellmalerei für Einsteiger:innen", "Zeichnen lernen – Grundlagen",
            "Acrylmalerei am Wochenende", "Urban Sketching in {ort}", "Porträtzeichnen",
        ),
        topics=("malen-zeichnen",), phases=(WB,), groups=("erwachsene",),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY), schedule="weekend", fee=(45, 140),
        summary="Eigene Bilder gestalten – mit Technik, Übung und viel Freude.",
        text=(
            "Sie lernen Grundtechniken und entwickeln Ihren eigenen Stil.",
            "Materiallisten erhalten Sie nach der Anmeldung.",
            "Anfänger:innen und Fortgeschrittene sind willkommen.",
        ),
        price_note="zzgl. Materialkosten", weight=2,
    ),
    T(
        titles=(
            "Fotografieren mit dem Smartphone", "Digitale Fotografie – Grundkurs",
            "Naturfotografie an der Bergstraße", "Videos schneiden für Einsteiger:innen",
        ),
        topics=("fotografie-film",), phases=(WB,), groups=("erwachsene",),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY), schedule="evening", fee=(45, 120),
        summary="Bessere Fotos und Videos durch Wissen über Licht, Bildaufbau und Technik.",
        text=(
            "Praktische Übungen draußen gehören dazu.", "Wir besprechen Ihre Bilder in der Gruppe.",
            "Bitte Kamera oder Smartphone mitbringen.",
        ),
    ),
    T(
        titles=(
            "Gitarre für Erwachsene – Einsteigerkurs", "Chor für alle – offenes Singen",
            "Ukulele in der Gruppe", "Trommel-Workshop", "Klavier für Wiedereinsteiger:innen",
        ),
        topics=("musik",), phases=(WB, ALT), groups=("erwachsene", "seniorinnen"),
        kinds=(K.MUSIC_SCHOOL, K.VHS, K.ASSOCIATION, K.CHURCH), schedule="evening", fee=(0, 140),
        summary="Gemeinsam musizieren – ohne Leistungsdruck, mit viel Spaß.",
        text=(
            "Noten lesen ist keine Voraussetzung.", "Wir spielen Lieder aus Pop, Folk und Klassik.",
            "Leihinstrumente können angefragt werden.",
        ),
    ),
    T(
        titles=(
            "Tanzkurs für Paare – Grundstufe", "Orientalischer Tanz",
            "Line Dance für Einsteiger:innen", "Seniorentanz", "Salsa für Singles und Paare",
            "Hip-Hop für Teens",
        ),
        topics=("tanz",), phases=(WB,), groups=("erwachsene",),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY), schedule="evening", fee=(49, 120),
        summary="Tanzen lernen in entspannter Atmosphäre.",
        text=(
            "Schritt für Schritt lernen Sie Grundfiguren und kleine Choreografien.",
            "Bequeme Schuhe mit glatter Sohle mitbringen.",
            "Anmeldung auch ohne Partner:in möglich.",
        ),
    ),
    T(
        titles=(
            "Schreibwerkstatt: Kreatives Schreiben", "Literaturkreis",
            "Theaterwerkstatt für Erwachsene", "Improtheater-Workshop",
            "Lesung: Regionalkrimis von der Bergstraße",
        ),
        topics=("literatur-schreiben", "theater"), phases=(WB,), groups=("erwachsene",),
        kinds=(K.VHS, K.LIBRARY, K.ASSOCIATION), schedule="evening", fee=(0, 90),
        summary="Worte, Geschichten und Bühne: Kreativität in der Gruppe entdecken.",
        text=(
            "Impulse und Übungen bringen die Ideen ins Fließen.",
            "Wir geben uns gegenseitig wertschätzendes Feedback.",
            "Am Ende steht eine kleine öffentliche Präsentation.",
        ),
    ),
    T(
        titles=(
            "Nähen für Anfänger:innen", "Töpfern an der Drehscheibe",
            "Holzwerkstatt: Vogelhäuser bauen", "Upcycling-Werkstatt",
            "Stricken und Häkeln – Treff", "Schmuck aus Silber",
        ),
        topics=("kreatives-handwerk",), phases=(WB,), groups=("erwachsene", "familien"),
        kinds=(K.VHS, K.ASSOCIATION, K.COMPANY, K.OTHER), schedule="weekend", fee=(35, 120),
        summary="Mit den eigenen Händen etwas Schönes und Nützliches schaffen.",
        text=(
            "Werkzeug und Maschinen werden gestellt.",
            "Sie nehmen Ihr eigenes Werkstück mit nach Hause.",
            "Auch ohne Vorerfahrung gelingt das erste Stück.",
        ),
        price_note="zzgl. Materialkosten", weight=2,
    ),
    # Politik – Gesellschaft – Umwelt
    T(
        titles=(
            "Europa verstehen – Vortragsreihe",
            "Kommunalpolitik verstehen: Wie funktioniert der Gemeinderat?",
            "Argumentationstraining gegen Stammtischparolen", "Politischer Gesprächskreis",
            "Demokratie im Alltag – Diskussionsabend",
        ),
        topics=("politik-zeitgeschehen",), phases=(WB,), groups=("erwachsene",),
        kinds=(K.VHS, K.ASSOCIATION, K.CHURCH, K.PUBLIC_OFFICE), schedule="evening_once",
        fee=(0, 12), summary="Politik verständlich erklärt – mit Raum für Fragen und Diskussion.",
        text=(
            "Fachleute geben einen kompakten Überblick.", "Im Anschluss diskutieren wir gemeinsam.",
            "Die Veranstaltung ist überparteilich.",
        ),
        online=0.15,
    ),
    T(
        titles=(
            "Bildungsurlaub: Politik und Gesellschaft im Wandel",
            "Bildungsurlaub: Demokratie erleben", "Bildungsurlaub: Nachhaltig wirtschaften",
        ),
        topics=("politik-zeitgeschehen", "umwelt-nachhaltigkeit"), phases=(WB,),
        groups=("berufstaetige",), kinds=(K.VHS, K.ASSOCIATION), schedule="educational_leave",
        fee=(220, 420), summary="Eine Woche politische Bildung mit Exkursionen und Gesprächen.",
        text=(
            "Exkursionen führen zu Institutionen in der Region.",
            "Gespräche mit Expert:innen vertiefen die Themen.",
            "Die Woche ist als Bildungsurlaub in Hessen anerkannt.",
        ),
        funding=("bildungsurlaub-hessen", "bildungszeit-bw"),
    ),
    T(
        titles=(
            "Stadtführung: Historische Altstadt {ort}", "Das Kloster Lorsch und die Karolinger",
            "Auf den Spuren der Nibelungen", "Ahnenforschung für Einsteiger:innen",
            "Geschichte der Bergstraße – Vortrag",
        ),
        topics=("geschichte",), phases=(WB, ALT), groups=("erwachsene", "seniorinnen"),
        kinds=(K.VHS, K.ASSOCIATION, K.OTHER, K.PUBLIC_OFFICE), schedule="evening_once",
        fee=(0, 15), summary="Regionale Geschichte lebendig erzählt.",
        text=(
            "Kenntnisreiche Führungen und Vorträge bringen die Vergangenheit nah.",
            "Historische Bilder und Dokumente veranschaulichen das Thema.",
            "Festes Schuhwerk wird bei Führungen empfohlen.",
        ),
    ),
    T(
        titles=(
            "Naturgarten anlegen", "Kräuterwanderung im Odenwald",
            "Klimaschutz im Alltag – Energie sparen zu Hause", "Streuobstwiesen-Pflegekurs",
            "Vogelstimmen-Wanderung am Morgen", "Balkonkraftwerk – lohnt sich das?",
        ),
        topics=("umwelt-nachhaltigkeit",), phases=(WB,), groups=("erwachsene", "familien"),
        kinds=(K.ASSOCIATION, K.OTHER, K.VHS, K.PUBLIC_OFFICE), schedule="weekend", fee=(0, 35),
        summary="Natur erleben, verstehen und schützen – direkt vor der Haustür.",
        text=(
            "Praktische Tipps lassen sich sofort umsetzen.",
            "Wir sind überwiegend draußen unterwegs.",
            "Fachkundige Ehrenamtliche teilen ihr Wissen.",
        ),
    ),
    T(
        titles=("Repair-Café {ort}", "Offene Fahrradwerkstatt"),
        topics=("umwelt-nachhaltigkeit", "begegnung-jung-alt"), phases=(WB, ALT),
        groups=("erwachsene", "seniorinnen", "familien"), kinds=(K.OTHER, K.ASSOCIATION),
        schedule="standing", fee=0,
        summary="Reparieren statt wegwerfen: Ehrenamtliche helfen bei defekten Geräten und Rädern.",
        text=(
            "Bringen Sie Ihr defektes Gerät einfach mit.",
            "Gemeinsam suchen wir den Fehler und reparieren, was geht.",
            "Bei Kaffee und Kuchen kommt man ins Gespräch.",
        ),
        price_note="Spenden willkommen.", slots=((32, 600, 840), (4, 1020, 1200)),
    ),
    T(
        titles=(
            "Interkulturelle Kompetenz im Beruf",
            "Grundkurs für Ehrenamtliche in der Flüchtlingshilfe",
            "Vereinsvorstand: Recht und Finanzen", "Jugendleiter-Card (Juleica) – Grundausbildung",
        ),
        topics=("ehrenamt", "interkulturelles"), phases=(WB,),
        groups=("ehrenamtliche", "erwachsene"),
        kinds=(K.ASSOCIATION, K.PUBLIC_OFFICE, K.VHS, K.CHURCH), schedule="weekend", fee=(0, 45),
        summary="Gut vorbereitet ins Ehrenamt – mit Wissen, Methoden und Austausch.",
        text=(
            "Sie lernen rechtliche Grundlagen und praktische Methoden kennen.",
            "Erfahrene Ehrenamtliche berichten aus der Praxis.",
            "Die Teilnahme ist für Engagierte in {ort} kostenfrei oder ermäßigt.",
        ),
    ),
    T(
        titles=(
            "Philosophisches Café", "Weltreligionen im Gespräch", "Glaubenskurs für Erwachsene",
            "Trauercafé",
        ),
        topics=("philosophie-religion",), phases=(WB, ALT), groups=("erwachsene", "seniorinnen"),
        kinds=(K.CHURCH, K.VHS, K.ASSOCIATION), schedule="evening_once", fee=(0, 10),
        summary="Nachdenken, zuhören und ins Gespräch kommen über Fragen, die uns bewegen.",
        text=(
            "Ein kurzer Impuls eröffnet das Gespräch.", "Alle Sichtweisen sind willkommen.",
            "Vorkenntnisse braucht es nicht.",
        ),
    ),
    # Arbeit – Beruf
    T(
        titles=(
            "Excel Grundlagen", "Excel für Fortgeschrittene – Pivot-Tabellen und Formeln",
            "Word – Briefe und Dokumente professionell gestalten",
            "PowerPoint-Präsentationen, die überzeugen", "Microsoft 365 im Büroalltag",
            "Outlook effizient nutzen", "10-Finger-Tastschreiben",
        ),
        topics=("edv-office",), phases=(WB,),
        groups=("berufstaetige", "arbeitsuchende", "erwachsene"), kinds=(K.VHS, K.COMPANY),
        schedule="evening", fee=(70, 260),
        summary="Praxisnahe Office-Kenntnisse für Beruf und Alltag.",
        text=(
            "Sie arbeiten an eigenen Rechnern mit realistischen Übungsbeispielen.",
            "Kurzanleitungen helfen beim Wiederholen zu Hause.",
            "Die Inhalte orientieren sich an typischen Aufgaben im Büro.",
        ),
        requirements=("Grundkenntnisse im Umgang mit dem PC.", "Keine Vorkenntnisse erforderlich."),
        funding=("qualifizierungsscheck-hessen", "bildungsgutschein"), online=0.2, weight=4,
    ),
    T(
        titles=(
            "Excel kompakt – Bildungsurlaub", "Digitale Büroorganisation – Bildungsurlaub",
            "Souverän im Homeoffice – Bildungsurlaub",
        ),
        topics=("edv-office", "projektmanagement"), phases=(WB,), groups=("berufstaetige",),
        kinds=(K.VHS, K.COMPANY), schedule="educational_leave", fee=(290, 520),
        summary="Fünf Tage intensiv: digitale Werkzeuge sicher im Berufsalltag nutzen.",
        text=(
            "Jeder Tag widmet sich einem Schwerpunkt.",
            "Sie bringen eigene Fragestellungen aus dem Beruf mit.",
            "Anerkannt als Bildungsurlaub in Hessen.",
        ),
        funding=("bildungsurlaub-hessen", "bildungszeit-bw", "qualifizierungsscheck-hessen"),
    ),
    T(
        titles=(
            "Buchführung Grundlagen", "Finanzbuchhaltung mit DATEV", "Lohn- und Gehaltsabrechnung",
            "Kosten- und Leistungsrechnung", "Xpert Business: Finanzbuchführung 1",
        ),
        topics=("buchhaltung",), phases=(WB,), groups=("berufstaetige", "arbeitsuchende"),
        kinds=(K.VHS, K.COMPANY, K.CHAMBER), schedule="evening", fee=(180, 480),
        summary="Kaufmännisches Wissen, das in jedem Unternehmen gebraucht wird.",
        text=(
            "Von der Buchung bis zum Jahresabschluss: Sie lernen Schritt für Schritt.",
            "Viele Übungsaufgaben festigen das Gelernte.",
            "Auf Wunsch schließen Sie mit einer Prüfung ab.",
        ),
        requirements=("Kaufmännische Grundkenntnisse sind hilfreich.",),
        funding=("bildungsgutschein", "qualifizierungsscheck-hessen"),
        certificate="{Xpert Business Zertifikat|Teilnahmezertifikat}", weight=2,
    ),
    T(
        titles=(
            "Rhetorik: Sicher und überzeugend sprechen", "Konfliktmanagement im Team",
            "Führen ohne Vorgesetztenfunktion", "Gewaltfreie Kommunikation – Einführung",
            "Zeitmanagement und Selbstorganisation", "Resilienz im Berufsalltag",
            "Projektmanagement kompakt", "Agiles Arbeiten mit Scrum – Einführung",
        ),
        topics=("kommunikation", "projektmanagement"), phases=(WB,), groups=("berufstaetige",),
        kinds=(K.VHS, K.COMPANY, K.CHAMBER), schedule="weekend", fee=(90, 420),
        summary="Methoden und Übungen, die im Arbeitsalltag sofort wirken.",
        text=(
            "Kurze Inputs wechseln mit Übungen und Fallbeispielen.",
            "Sie arbeiten an Situationen aus Ihrem eigenen Berufsalltag.",
            "Ein Handout fasst die wichtigsten Werkzeuge zusammen.",
        ),
        funding=("qualifizierungsscheck-hessen",), online=0.15, weight=3,
    ),
    T(
        titles=(
            "Geprüfte:r Wirtschaftsfachwirt:in (IHK)",
            "Geprüfte:r Industriemeister:in Metall (IHK)", "Geprüfte:r Bilanzbuchhalter:in (IHK)",
            "Geprüfte:r Handelsfachwirt:in (IHK)",
            "Staatlich geprüfte:r Techniker:in (berufsbegleitend)",
        ),
        topics=("aufstiegsfortbildung",), phases=(WB,), groups=("berufstaetige",),
        kinds=(K.CHAMBER, K.COMPANY, K.SCHOOL), schedule="programme", fee=(2800, 5400),
        summary="Berufsbegleitende Aufstiegsfortbildung auf Bachelor-Niveau (DQR 6).",
        text=(
            "Unterricht an zwei Abenden pro Woche und an einzelnen Samstagen.",
            "Die Prüfung wird vor der zuständigen Kammer abgelegt.",
            "Mit dem Aufstiegs-BAföG wird ein großer Teil der Kosten gefördert.",
        ),
        requirements=("Abgeschlossene Berufsausbildung und mindestens ein Jahr Berufspraxis.",),
        funding=("aufstiegs-bafoeg",), certificate="Öffentlich-rechtlicher Fortbildungsabschluss",
        dqr=6, online=0.1, months=(12, 18, 24), weight=2,
    ),
    T(
        titles=(
            "Qualifizierung zur Kindertagespflegeperson",
            "Alltagsbegleiter:in und Betreuungskraft in der Pflege",
            "Pflegehelfer:in – Basisqualifizierung", "Fortbildung: Sprachbildung in der Kita",
            "Fortbildung: Inklusion in der Ganztagsschule",
        ),
        topics=("pflege-soziales",), phases=(WB,),
        groups=("arbeitsuchende", "berufstaetige", "fachkraefte-paedagogik"),
        kinds=(K.COMPANY, K.ASSOCIATION, K.VHS, K.PUBLIC_OFFICE), schedule="programme",
        fee=(300, 1800),
        summary="Qualifizierung für Tätigkeiten in Pflege, Betreuung und Pädagogik.",
        text=(
            "Theorie und Praxisphasen sind eng verzahnt.", "Referent:innen kommen aus der Praxis.",
            "Das Zertifikat ist bei Trägern in der Region anerkannt.",
        ),
        funding=("bildungsgutschein",), certificate="Zertifikat", months=(2, 4, 6),
    ),
    T(
        titles=(
            "Schweißen – Grundkurs", "Gabelstaplerschein (Flurförderzeugführer:in)",
            "SPS-Programmierung Grundlagen", "Elektrofachkraft für festgelegte Tätigkeiten",
        ),
        topics=("handwerk-technik",), phases=(WB,), groups=("berufstaetige", "arbeitsuchende"),
        kinds=(K.COMPANY, K.CHAMBER), schedule="weekend", fee=(180, 900),
        summary="Praktische technische Qualifikationen für Industrie und Handwerk.",
        text=(
            "Der praktische Anteil überwiegt.", "Arbeitsschutz ist fester Bestandteil.",
            "Nach bestandener Prüfung erhalten Sie einen Befähigungsnachweis.",
        ),
        requirements=("Mindestalter 18 Jahre.",),
        funding=("bildungsgutschein", "qualifizierungsscheck-hessen"),
        certificate="Befähigungsnachweis",
    ),
    T(
        titles=(
            "Umschulung Kaufmann/Kauffrau für Büromanagement (IHK)",
            "Umschulung Fachinformatiker:in Anwendungsentwicklung (IHK)",
            "Umschulung Fachkraft für Lagerlogistik (IHK)",
        ),
        topics=("berufliche-neuorientierung", "edv-office"), phases=(WB,),
        groups=("arbeitsuchende",), kinds=(K.COMPANY,), schedule="programme", fee=(14000, 24000),
        summary="In zwei Jahren zum anerkannten Berufsabschluss vor der IHK.",
        text=(
            "Unterricht in Vollzeit mit einem mehrmonatigen Betriebspraktikum.",
            "Sozialpädagogische Begleitung unterstützt beim Lernen.",
            "Die Maßnahme ist nach AZAV zugelassen.",
        ),
        requirements=("Beratung durch Agentur für Arbeit oder Jobcenter; Eignungstest.",),
        price_note="Förderung mit Bildungsgutschein möglich.", funding=("bildungsgutschein",),
        certificate="Berufsabschluss (IHK)", dqr=4, months=(24, 28),
    ),
    T(
        titles=(
            "Wiedereinstieg in den Beruf nach der Familienphase", "Jobcoaching für Frauen",
            "Kompetenzcheck: Was kann ich?", "Bewerbung 50 plus",
        ),
        topics=("berufliche-neuorientierung",), phases=(WB,), groups=("frauen", "arbeitsuchende"),
        kinds=(K.COUNSELLING, K.PUBLIC_OFFICE, K.VHS, K.ASSOCIATION), schedule="weekend",
        fee=(0, 40),
        summary="Neue berufliche Perspektiven entwickeln – mit Beratung und Austausch.",
        text=(
            "Sie reflektieren Ihre Stärken und Erfahrungen.",
            "Wir informieren über Teilzeit, Weiterbildung und Förderung.",
            "Kinderbetreuung kann auf Anfrage organisiert werden.",
        ),
    ),
    T(
        titles=(
            "Existenzgründung: Vom Plan zum eigenen Unternehmen", "Gründungssprechtag",
            "Businessplan-Werkstatt",
        ),
        topics=("existenzgruendung",), phases=(WB,), groups=("erwachsene", "arbeitsuchende"),
        kinds=(K.CHAMBER, K.PUBLIC_OFFICE, K.COMPANY), schedule="evening_once", fee=(0, 60),
        summary="Der Weg in die Selbstständigkeit: Idee, Finanzierung, Anmeldung.",
        text=(
            "Expert:innen erklären die wichtigsten Schritte.",
            "Förderprogramme für Gründer:innen werden vorgestellt.",
            "Einzelberatungen können im Anschluss vereinbart werden.",
        ),
    ),
    T(
        titles=(
            "Inhouse-Schulung: Datenschutz im Betrieb",
            "Betriebliches Gesundheitsmanagement – Einführung",
            "Fachkräfte gewinnen: Ausbildungsmarketing für KMU",
            "KI und Recht: Was Unternehmen wissen müssen",
        ),
        topics=("kommunikation", "recht-im-alltag"), phases=(WB,),
        groups=("unternehmen", "berufstaetige"), kinds=(K.CHAMBER, K.COMPANY), schedule="day",
        fee=(190, 590),
        summary="Kompaktes Wissen für Unternehmen und Führungskräfte aus der Region.",
        text=(
            "Praxisbeispiele aus regionalen Unternehmen.",
            "Checklisten helfen bei der Umsetzung im eigenen Betrieb.",
            "Auch als Inhouse-Schulung buchbar.",
        ),
        online=0.25,
    ),
    T(
        titles=(
            "Weiterbildungsberatung – Wege zur passenden Weiterbildung",
            "Anerkennungsberatung für ausländische Berufsabschlüsse",
            "Bildungsberatung für Erwachsene",
        ),
        topics=("berufliche-neuorientierung",), phases=(WB,),
        groups=("erwachsene", "menschen-mit-migrationsgeschichte", "berufstaetige"),
        kinds=(K.COUNSELLING, K.PUBLIC_OFFICE, K.VHS), schedule="standing", fee=0,
        summary="Kostenfreie, neutrale Beratung zu Weiterbildung, Abschlüssen und Förderung.",
        text=(
            "Gemeinsam finden wir passende Angebote und Fördermöglichkeiten.",
            "Termine nach Vereinbarung, auch telefonisch oder per Video.",
            "Die Beratung ist vertraulich und anbieterneutral.",
        ),
        languages=("de", "en", "ar", "tr", "ru", "uk"),
    ),
    # Grundbildung – Schulabschlüsse
    T(
        titles=(
            "Lesen und Schreiben lernen – Kurs für Erwachsene", "Besser schreiben im Alltag",
            "Rechnen im Alltag – Grundkurs", "Formulare verstehen und ausfüllen",
        ),
        topics=("lesen-schreiben", "rechnen"), phases=(WB,), groups=("erwachsene",),
        kinds=(K.VHS, K.ASSOCIATION, K.COUNSELLING), schedule="morning", fee=(0, 30),
        summary="In kleinen Schritten sicherer werden – vertraulich und ohne Prüfungsdruck.",
        text=(
            "Wir lernen in einer kleinen Gruppe mit viel persönlicher Unterstützung.",
            "Die Themen kommen aus Ihrem Alltag.", "Niemand muss vor der Gruppe vorlesen.",
        ),
        requirements=("Keine Voraussetzungen. Ein unverbindliches Vorgespräch ist möglich.",),
    ),
    T(
        titles=("Hauptschulabschluss nachholen (Abendkurs)",), topics=("schulabschluesse",),
        phases=(WB, UEB), groups=("erwachsene", "jugendliche", "arbeitsuchende"),
        kinds=(K.VHS, K.SCHOOL), schedule="programme", fee=(0, 400),
        summary="Den Hauptschulabschluss in einem Jahr nachholen – neben Arbeit oder Familie.",
        text=(
            "Unterricht in Deutsch, Mathematik, Englisch und Gesellschaftslehre.",
            "Die Prüfung findet als Schulfremdenprüfung statt.",
            "Lernbegleitung hilft bei Prüfungsangst.",
        ),
        requirements=("Mindestalter 16 Jahre; Beratungsgespräch vor Kursbeginn.",),
        funding=("bildungsgutschein",), certificate="Hauptschulabschluss (externe Prüfung)", dqr=2,
        months=(10, 12),
    ),
    T(
        titles=("Mittlerer Abschluss für Erwachsene", "Abendrealschule"),
        topics=("schulabschluesse",), phases=(WB, UEB), groups=("erwachsene", "jugendliche"),
        kinds=(K.VHS, K.SCHOOL), schedule="programme", fee=(0, 600),
        summary="Mit dem Mittleren Abschluss neue Wege in Ausbildung und Beruf öffnen.",
        text=(
            "Unterricht an mehreren Abenden pro Woche.",
            "Kleine Klassen und engagierte Lehrkräfte.",
            "Der Abschluss ist dem Realschulabschluss gleichgestellt.",
        ),
        requirements=("Hauptschulabschluss.",), certificate="Mittlerer Abschluss", dqr=3,
        months=(12, 18, 24),
    ),
    T(
        titles=("Abendgymnasium – Abitur auf dem zweiten Bildungsweg",),
        topics=("schulabschluesse",), phases=(WB, AUS), groups=("erwachsene", "berufstaetige"),
        kinds=(K.SCHOOL,), schedule="programme", fee=0,
        summary="Berufsbegleitend zum Abitur – mit Unterricht am Abend.",
        text=(
            "Drei Jahre Unterricht an vier Abenden pro Woche.", "Der Schulbesuch ist kostenfrei.",
            "Mit dem Abitur steht der Weg ins Studium offen.",
        ),
        requirements=(
            "Mittlerer Abschluss und abgeschlossene Berufsausbildung oder Berufstätigkeit.",
        ),
        certificate="Allgemeine Hochschulreife", dqr=4, months=(36,),
    ),
    # Digitale Kompetenzen & KI
    T(
        titles=(
            "Smartphone-Sprechstunde für Senior:innen", "Digital-Café: Hilfe bei Handy und Tablet",
            "Digitalpat:innen: Jugendliche erklären das Smartphone",
        ),
        topics=("smartphone-tablet", "begegnung-jung-alt"), phases=(ALT,), groups=("seniorinnen",),
        kinds=(K.LIBRARY, K.OTHER, K.ASSOCIATION, K.CHURCH, K.PUBLIC_OFFICE), schedule="standing",
        fee=0, summary="Persönliche Hilfe bei Fragen rund um Smartphone, Tablet und Internet.",
        text=(
            "Bringen Sie Ihr Gerät und Ihre Fragen einfach mit.",
            "Geduldige Ehrenamtliche nehmen sich Zeit für Sie.", "Kein Vorwissen nötig.",
        ),
        slots=((2, 600, 720), (8, 900, 1020), (16, 600, 720)), weight=2,
    ),
    T(
        titles=(
            "Tablet-Kurs für Einsteiger:innen ab 60",
            "WhatsApp, Fotos und Co. – das Smartphone im Alltag", "Online-Banking sicher nutzen",
            "Digitale Helfer: Apps für Bahn, Arzt und Amt",
        ),
        topics=("smartphone-tablet", "internet-sicherheit"), phases=(ALT,), groups=("seniorinnen",),
        kinds=(K.VHS, K.LIBRARY, K.OTHER, K.ASSOCIATION), schedule="morning", fee=(0, 45),
        summary="Schritt für Schritt sicher mit dem eigenen Gerät umgehen.",
        text=(
            "Wir üben mit Ihrem eigenen Smartphone oder Tablet.",
            "Ein Skript in großer Schrift hilft beim Wiederholen.",
            "Das Tempo richtet sich nach der Gruppe.",
        ),
        requirements=("Eigenes Smartphone oder Tablet (Android oder iOS).",), weight=2,
    ),
    T(
        titles=(
            "Künstliche Intelligenz im Alltag – was steckt hinter ChatGPT und Co.?",
            "KI im Büro: Texte, Tabellen und Präsentationen mit KI-Assistenten",
            "KI für Lehrkräfte und pädagogische Fachkräfte",
            "Prompting-Workshop für Einsteiger:innen",
        ),
        topics=("kuenstliche-intelligenz",), phases=(WB,), groups=("erwachsene", "berufstaetige"),
        kinds=(K.VHS, K.COMPANY, K.CHAMBER, K.UNIVERSITY, K.LIBRARY), schedule="evening_once",
        fee=(0, 80), summary="Was KI kann, was nicht – und wie Sie sie sinnvoll nutzen.",
        text=(
            "Sie probieren verbreitete KI-Werkzeuge selbst aus.",
            "Chancen, Grenzen und Datenschutz werden offen besprochen.",
            "Beispiele aus Alltag und Beruf zeigen den praktischen Nutzen.",
        ),
        online=0.35, weight=2,
    ),
    T(
        titles=(
            "Sicher im Netz – Passwörter, Phishing und Co.", "Fake News erkennen",
            "Cybersicherheit für kleine Unternehmen", "Datenschutz für Vereine",
        ),
        topics=("internet-sicherheit", "medienkompetenz"), phases=(WB, ALT),
        groups=("erwachsene", "seniorinnen"),
        kinds=(K.VHS, K.LIBRARY, K.COUNSELLING, K.CHAMBER, K.ASSOCIATION), schedule="evening_once",
        fee=(0, 30), summary="Praktische Tipps, um sich und seine Daten im Internet zu schützen.",
        text=(
            "Typische Betrugsmaschen werden an Beispielen erklärt.",
            "Sie richten sichere Einstellungen direkt am Gerät ein.",
            "Mit Checkliste zum Mitnehmen.",
        ),
        online=0.3,
    ),
    T(
        titles=(
            "Python-Programmierung für Einsteiger:innen", "Eigene Webseite mit WordPress",
            "HTML und CSS Grundlagen", "Datenanalyse mit Python",
        ),
        topics=("programmieren",), phases=(WB,), groups=("erwachsene", "berufstaetige"),
        kinds=(K.VHS, K.COMPANY, K.UNIVERSITY), schedule="evening", fee=(90, 280),
        summary="Programmieren lernen mit kleinen, praktischen Projekten.",
        text=(
            "Sie schreiben vom ersten Abend an eigenen Code.",
            "Alle verwendeten Programme sind kostenlos.", "Eigener Laptop kann mitgebracht werden.",
        ),
        requirements=("Sicherer Umgang mit dem Computer.",),
        funding=("qualifizierungsscheck-hessen",), online=0.3,
    ),
    T(
        titles=(
            "Medienkompetenz für Eltern: Kinder sicher online", "Social Media für Vereine",
            "Elternabend: Smartphone und Tablet im Kinderzimmer",
        ),
        topics=("medienkompetenz",), phases=(SCH, FK), groups=("eltern", "familien"),
        kinds=(K.SCHOOL, K.COUNSELLING, K.LIBRARY, K.PUBLIC_OFFICE, K.VHS), schedule="evening_once",
        fee=0, summary="Orientierung für Eltern im Medienalltag ihrer Kinder.",
        text=(
            "Wir zeigen Einstellungen für Jugendschutz auf Geräten und Apps.",
            "Fragen zu Bildschirmzeit und Spielen haben viel Raum.",
            "Medienpädagog:innen geben Tipps aus der Praxis.",
        ),
        online=0.25,
    ),
    T(
        titles=(
            "Selbstlernkurs: Excel online", "E-Learning: Deutsch B1 zum Selbstlernen",
            "Online-Selbstlernkurs: Datenschutz-Grundlagen", "Grundbildung digital – Lernportal",
            "Online-Kurs: Einführung in die künstliche Intelligenz",
        ),
        topics=("edv-office", "kuenstliche-intelligenz"), phases=(WB,),
        groups=("erwachsene", "berufstaetige"), kinds=(K.VHS, K.COMPANY, K.UNIVERSITY),
        schedule="self_study", fee=(0, 90),
        summary="Lernen im eigenen Tempo – jederzeit und überall.",
        text=(
            "Videos, Übungen und Tests führen durch die Inhalte.",
            "Bei Fragen hilft ein Online-Tutorium.", "Der Zugang gilt zwölf Monate.",
        ),
    ),
    # Alltagskompetenzen
    T(
        titles=(
            "Steuererklärung leicht gemacht", "Steuererklärung online mit ELSTER",
            "Steuern für Rentner:innen", "Nebenberuflich selbstständig – Steuern im Blick",
        ),
        topics=("steuern",), phases=(WB, ALT),
        groups=("erwachsene", "seniorinnen", "berufstaetige"),
        kinds=(K.VHS, K.ASSOCIATION, K.COUNSELLING), schedule="evening_once", fee=(0, 35),
        summary="Die Steuererklärung Schritt für Schritt verstehen und selbst erledigen.",
        text=(
            "Sie lernen, welche Ausgaben Sie absetzen können.",
            "Wir gehen die wichtigsten Formulare gemeinsam durch.",
            "Eine individuelle Steuerberatung ist nicht möglich.",
        ),
        online=0.2, weight=2,
    ),
    T(
        titles=(
            "Finanzen im Griff – Haushaltsbuch und Budget",
            "Geldanlage für Einsteiger:innen: ETFs verstehen", "Finanzführerschein für Jugendliche",
            "Welche Versicherungen brauche ich wirklich?",
            "Rente und Altersvorsorge – Informationsabend", "Erben und Vererben",
            "Patientenverfügung und Vorsorgevollmacht",
        ),
        topics=("finanzen", "versicherungen-vorsorge"), phases=(WB, ALT),
        groups=("erwachsene", "seniorinnen"),
        kinds=(K.VHS, K.COUNSELLING, K.PUBLIC_OFFICE, K.ASSOCIATION), schedule="evening_once",
        fee=(0, 25), summary="Unabhängige Informationen für gute Entscheidungen rund ums Geld.",
        text=(
            "Die Referent:innen sind unabhängig und verkaufen nichts.",
            "Beispielrechnungen machen die Themen greifbar.", "Fragen sind ausdrücklich erwünscht.",
        ),
        online=0.2, weight=2,
    ),
    T(
        titles=(
            "Schuldnerberatung – offene Sprechstunde",
            "Verbraucherberatung: Verträge, Widerruf, Kündigung",
            "Mietrechtsberatung für Mieter:innen",
        ),
        topics=("finanzen", "recht-im-alltag"), phases=(WB,), groups=("erwachsene", "familien"),
        kinds=(K.COUNSELLING,), schedule="standing", fee=(0, 0),
        summary="Vertrauliche Beratung bei Schulden, Verträgen und Rechtsfragen im Alltag.",
        text=(
            "Bitte bringen Sie vorhandene Unterlagen mit.", "Die Beratung ist vertraulich.",
            "Termine nach Vereinbarung oder in der offenen Sprechstunde.",
        ),
    ),
    T(
        titles=(
            "Erziehungsberatung", "Familienberatung", "Schwangerschaftsberatung",
            "Beratung für Alleinerziehende",
        ),
        topics=("familienbildung",), phases=(FK, SCH), groups=("eltern", "familien"),
        kinds=(K.COUNSELLING, K.CHURCH, K.PUBLIC_OFFICE), schedule="standing", fee=0,
        summary="Vertrauliche, kostenfreie Beratung für Eltern, Kinder und Familien.",
        text=(
            "Gespräche finden mit Fachkräften aus Psychologie und Sozialpädagogik statt.",
            "Termine erhalten Sie in der Regel innerhalb von zwei Wochen.",
            "Die Beratung unterliegt der Schweigepflicht.",
        ),
        languages=("de", "en", "tr"), weight=2,
    ),
    T(
        titles=("Migrationsberatung für Erwachsene", "Jugendmigrationsdienst – Beratung"),
        topics=("interkulturelles",), phases=(WB, UEB),
        groups=("menschen-mit-migrationsgeschichte",), kinds=(K.COUNSELLING, K.CHURCH),
        schedule="standing", fee=0,
        summary="Beratung zu Sprachkursen, Anerkennung, Arbeit und Alltag in Deutschland.",
        text=(
            "Wir unterstützen bei Anträgen und Behördenkontakten.",
            "Die Beratung ist kostenfrei und vertraulich.",
            "Bei Bedarf vermitteln wir Dolmetscher:innen.",
        ),
        languages=("de", "ar", "tr", "ru", "uk", "fa", "en"),
    ),
    # Generationen verbinden
    T(
        titles=(
            "Erzählcafé: Jung trifft Alt", "Generationen-Kochen", "Oma-Opa-Enkel-Nachmittag",
            "Lesepat:innen gesucht – Einführung für Ehrenamtliche",
            "Mentoring: Erfahrung weitergeben",
        ),
        topics=("begegnung-jung-alt", "lesepaten-mentoring"), phases=(ALT, SCH),
        groups=("seniorinnen", "kinder", "jugendliche", "ehrenamtliche"),
        kinds=(K.OTHER, K.LIBRARY, K.CHURCH, K.ASSOCIATION, K.PUBLIC_OFFICE), schedule="afternoon",
        fee=0, summary="Jung und Alt lernen voneinander und verbringen Zeit miteinander.",
        text=(
            "Geschichten, Spiele und gemeinsames Tun verbinden die Generationen.",
            "Neue Gesichter sind immer willkommen.", "Für Getränke ist gesorgt.",
        ),
        weight=2,
    ),
    T(
        titles=(
            "Seniorenstudium: Vorlesungen für Gasthörer:innen", "Seniorenakademie: Kunstgeschichte",
            "Ringvorlesung: Gesund altern",
        ),
        topics=("geschichte", "philosophie-religion"), phases=(ALT,), groups=("seniorinnen",),
        kinds=(K.UNIVERSITY, K.VHS), schedule="morning", fee=(0, 150),
        summary="Wissenschaft für alle: Vorlesungen und Seminare im Ruhestand.",
        text=(
            "Sie besuchen ausgewählte Lehrveranstaltungen.", "Ein Abitur ist nicht erforderlich.",
            "Der Austausch mit Studierenden ist ausdrücklich gewünscht.",
        ),
    ),
    # Inclusive courses: each title with its own topic (one template for all four tagged a
    # theatre group with sign language and painting, so "Deutsch" found it).
    *(
        T(
            titles=(title,), topics=(topic,), phases=(WB,),
            groups=("menschen-mit-behinderung", "erwachsene"),
            kinds=(K.VHS, K.ASSOCIATION, K.OTHER), schedule="evening", fee=(0, 110),
            summary="Gemeinsam lernen – mit und ohne Behinderung.",
            text=(
                "Der Kursraum ist barrierefrei erreichbar.", "Assistenz kann mitgebracht werden.",
                "Das Tempo richtet sich nach der Gruppe.",
            ),
            weight=0.25,
        )
        for title, topic in (
            ("Inklusiver Malkurs für Menschen mit und ohne Behinderung", "malen-zeichnen"),
            ("Deutsche Gebärdensprache – Grundkurs", "gebaerdensprache"),
            ("Texte in Leichter Sprache schreiben", "literatur-schreiben"),
            ("Inklusive Theatergruppe", "theater"),
        )
    ),
)

# Languages a course can teach: topic slug → (ISO 639-1 code, name, weight, levels).
LANGUAGE_COURSES = {
    "englisch": ("en", "Englisch", 10, ("A1", "A2", "B1", "B2", "C1")),
    "spanisch": ("es", "Spanisch", 5, ("A1", "A2", "B1", "B2")),
    "franzoesisch": ("fr", "Französisch", 4, ("A1", "A2", "B1", "B2")),
    "italienisch": ("it", "Italienisch", 4, ("A1", "A2", "B1")),
    "griechisch": ("el", "Griechisch", 1, ("A1", "A2")),
    "tuerkisch": ("tr", "Türkisch", 1, ("A1", "A2")),
    "arabisch": ("ar", "Arabisch", 1, ("A1", "A2")),
    "russisch": ("ru", "Russisch", 1, ("A1", "A2", "B1")),
    "polnisch": ("pl", "Polnisch", 0.5, ("A1", "A2")),
}

# Providers of each kind: (share of providers, offerings per provider, description).
PROVIDER_KINDS = {
    K.VHS: (3, 12, "Die Volkshochschule ist das öffentliche Weiterbildungszentrum für {ort}."),
    K.SCHOOL: (10, 2, "Schule in {ort} mit Angeboten für Schüler:innen, Eltern und Erwachsene."),
    K.KITA: (12, 1.2, "Kindertageseinrichtung in {ort}: Bildung und Betreuung von Anfang an."),
    K.LIBRARY: (5, 2, "Die Bücherei in {ort}: Medien, Lernorte und Veranstaltungen für alle."),
    K.MUSIC_SCHOOL: (4, 3, "Musikalische Bildung für alle Altersgruppen in {ort}."),
    K.CHAMBER: (2, 5, "Beratung, Prüfungen und Weiterbildung für Betriebe und Beschäftigte."),
    K.ASSOCIATION: (20, 1.5, "Gemeinnütziger Verein in {ort}, getragen von Ehrenamtlichen."),
    K.COMPANY: (14, 3, "Privater Bildungsanbieter mit Kursen in {ort} und online."),
    K.COUNSELLING: (8, 1.5, "Beratungsstelle in {ort}: vertraulich, kostenfrei und unabhängig."),
    K.PUBLIC_OFFICE: (5, 1.5, "Öffentliche Stelle mit Beratungs- und Bildungsangeboten in {ort}."),
    K.UNIVERSITY: (2, 4, "Wissenschaftliche Weiterbildung und Studium für Berufstätige."),
    K.CHURCH: (8, 1.5, "Kirchliche Bildungs- und Begegnungsangebote in {ort} – offen für alle."),
    K.OTHER: (7, 2, "Offener Treffpunkt in {ort} für Familien, Nachbarschaft und Generationen."),
}
# Provider names per kind, each with the topics it offers (top-level or subtopics; () = all).
PROVIDER_NAMES = {
    K.VHS: (
        ("Volkshochschule {ort}", ()),
        ("Kreisvolkshochschule Bergstraße – Außenstelle {ort}", ()),
    ),
    K.SCHOOL: (
        ("{Goethe|Schiller|Eichendorff|Pestalozzi}schule {ort} (Grundschule)",
         ("schule-lernfoerderung", "medienkompetenz", "sprachen")),
        ("{Gesamtschule|Geschwister-Scholl-Schule|Albert-Schweitzer-Schule} {ort}",
         ("schule-lernfoerderung", "berufsorientierung", "medienkompetenz")),
        ("Berufliche Schulen {ort}",
         ("arbeit-beruf", "berufsorientierung", "grundbildung-schulabschluesse")),
    ),
    K.KITA: (
        ("Kita {Sonnenschein|Regenbogen|Pusteblume|Löwenzahn|Kunterbunt|Sternschnuppe} {ort}", ()),
        ("{Ev.|Kath.} Kita {Arche Noah|St. Martin|Senfkorn|St. Michael} {ort}", ()),
        ("Waldkindergarten {ort}", ()),
        ("Kinderkrippe {Zwergenland|Wichtelhaus} {ort}", ()),
    ),
    K.LIBRARY: (
        ("{gemeinde}bücherei {ort}", ()),
        ("Kath. öffentliche Bücherei {St. Georg|St. Marien} {ort}", ()),
    ),
    K.MUSIC_SCHOOL: (
        ("Musikschule {ort} e.V.", ()),
        ("Musikschule Bergstraße e.V. – Standort {ort}", ()),
    ),
    K.CHAMBER: (
        ("IHK Darmstadt Rhein Main Neckar – Standort {ort}", ()),
        ("Handwerkskammer Frankfurt-Rhein-Main – Beratungsstelle {ort}",
         ("handwerk-technik", "aufstiegsfortbildung", "berufsorientierung", "existenzgruendung")),
        ("Kreishandwerkerschaft Bergstraße – Bildungszentrum {ort}",
         ("handwerk-technik", "aufstiegsfortbildung", "berufsorientierung")),
    ),
    K.ASSOCIATION: (
        ("{Turnverein|Turn- und Sportverein} {ort} 18{62|86|93|98} e.V.",
         ("bewegung", "yoga", "entspannung", "tanz", "gedaechtnistraining")),
        ("Heimat- und Geschichtsverein {ort} e.V.", ("geschichte", "philosophie-religion")),
        ("Kunstverein {ort} e.V.", ("kultur-gestalten",)),
        ("{Gesangverein|Musikverein} {ort} e.V.", ("musik",)),
        ("DRK-Ortsverein {ort}", ("erste-hilfe", "pflege-angehoerige", "gedaechtnistraining")),
        ("NABU {ort}", ("umwelt-nachhaltigkeit",)),
        ("Landfrauenverein {ort}", ("ernaehrung", "kreatives-handwerk", "generationen-verbinden")),
        ("Förderverein Bildung {ort} e.V.", ()),
        ("Computerclub {ort} e.V.", ("digitale-kompetenzen-ki", "edv-office", "fotografie-film")),
        ("Integrationsverein Miteinander {ort} e.V.",
         ("interkulturelles", "deutsch-als-zweitsprache", "hausaufgabenhilfe", "ehrenamt")),
        ("Frauenzentrum {ort} e.V.",
         ("berufliche-neuorientierung", "bewerbung", "familienbildung", "finanzen")),
    ),
    K.COMPANY: (
        ("Sprachschule {Lingua|Polyglott|Sprachraum} {ort}", ("sprachen",)),
        ("Bildungszentrum Bergstraße GmbH", ()),
        ("Lernstudio {Lernwerk|Köpfchen|Lichtblick} {ort}",
         ("schule-lernfoerderung", "grundbildung-schulabschluesse")),
        ("Yogastudio {Lotus|Atemraum} {ort}", ("yoga", "entspannung", "bewegung")),
        ("PC-Schule {Klick|Mausklick} {ort}", ("digitale-kompetenzen-ki", "edv-office")),
        ("Akademie für Pflegeberufe Südhessen GmbH", ("pflege-soziales", "erste-hilfe")),
        ("Technische Akademie Bergstraße GmbH",
         ("handwerk-technik", "edv-office", "aufstiegsfortbildung", "programmieren")),
        ("Tanzschule {Schrittweise|Taktgefühl} {ort}", ("tanz",)),
        ("Kochschule Genusswerk {ort}", ("ernaehrung",)),
        ("{Weber|Schneider|Hoffmann|Becker} Training & Coaching",
         ("kommunikation", "projektmanagement", "berufliche-neuorientierung", "bewerbung")),
    ),
    K.COUNSELLING: (
        ("Erziehungsberatungsstelle {ort}", ("familienbildung", "medienkompetenz")),
        ("Schuldnerberatung des Diakonischen Werks – {ort}", ("alltagskompetenzen",)),
        ("Weiterbildungsberatung Bergstraße – {ort}", ("berufsorientierung", "arbeit-beruf")),
        ("Migrationsberatung {Caritas|Diakonie} {ort}",
         ("interkulturelles", "deutsch-als-zweitsprache", "berufliche-neuorientierung")),
        ("Verbraucherberatung {ort}", ("alltagskompetenzen", "internet-sicherheit")),
        ("Beratungsstelle Frau und Beruf {ort}", ("berufsorientierung",)),
    ),
    K.PUBLIC_OFFICE: (
        ("Agentur für Arbeit – Geschäftsstelle {ort}", ("berufsorientierung", "arbeit-beruf")),
        ("Jobcenter Bergstraße – {ort}", ("berufsorientierung", "arbeit-beruf")),
        ("{gemeinde}verwaltung {ort} – Amt für Familie und Soziales", ()),
        ("Seniorenbüro {ort}",
         ("generationen-verbinden", "digitale-kompetenzen-ki", "gesundheit", "alltagskompetenzen")),
        ("Jugendförderung {ort}",
         ("schule-lernfoerderung", "berufsorientierung", "ehrenamt", "medienkompetenz")),
    ),
    K.UNIVERSITY: (
        ("Hochschule {ort} – Zentrum für Weiterbildung", ()),
        ("Universität {ort} – Weiterbildung", ()),
    ),
    K.CHURCH: (
        ("Ev. Kirchengemeinde {ort}", ()),
        ("Kath. Pfarrei {St. Georg|St. Peter|Mariä Himmelfahrt} {ort}", ()),
        ("Ev. Familienbildung Bergstraße – {ort}", ()),
        ("Kath. Bildungswerk Bergstraße – {ort}", ()),
    ),
    K.OTHER: (
        ("Mehrgenerationenhaus {ort}", ()),
        ("Familienzentrum {ort}",
         ("fruehkindliche-bildung-familie", "schule-lernfoerderung", "generationen-verbinden")),
        ("Bürgerstiftung {ort}", ()),
        ("Jugendzentrum {ort}", ("schule-lernfoerderung", "berufsorientierung", "ferienangebote")),
    ),
}
EXTRA_VENUES = (
    "Bürgerhaus {ort}", "{Grundschule|Gesamtschule|Mittelpunktschule} {ort}",
    "Gemeindezentrum {ort}", "Rathaus {ort}, Sitzungssaal", "Sporthalle {ort}",
    "Dorfgemeinschaftshaus {ort}", "Gemeindehaus {ort}",
)
STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Kirchstraße", "Darmstädter Straße",
    "Lindenstraße", "Goethestraße", "Schillerstraße", "Marktplatz", "Rathausplatz",
    "Wilhelmstraße", "Friedrichstraße", "Bergstraße", "Weinheimer Straße", "Mannheimer Straße",
    "Wormser Straße", "Nibelungenstraße", "Ringstraße", "Gartenstraße", "Mühlweg", "Am Rebhang",
    "Odenwaldstraße", "Rheinstraße", "Waldstraße", "Am Sportplatz", "Neckarstraße", "Talstraße",
    "Birkenweg", "Eichendorffstraße", "Kapellenweg",
)
STEP_FREE_NOTES = {
    True: ("", "Stufenloser Zugang, Aufzug vorhanden.", "Ebenerdiger Eingang; barrierefreies WC."),
    False: ("Kursraum im 1. Obergeschoss, kein Aufzug.", "Eingang über drei Stufen."),
    None: ("",),
}
QUALITY_SEALS = {
    K.VHS: (("lqw", 0.7), ("weiterbildung-hessen", 0.5)),
    K.COMPANY: (("azav", 0.5), ("din-en-iso-9001", 0.4)),
    K.CHAMBER: (("azav", 0.6), ("din-en-iso-9001", 0.8)),
    K.ASSOCIATION: (("guetesiegel-weiterbildung", 0.1),),
    K.UNIVERSITY: (("efqm", 0.2),),
    K.CHURCH: (("weiterbildung-hessen", 0.2),),
}
CLOSING = {
    "course": (
        "Die Teilnehmerzahl ist begrenzt; bitte melden Sie sich frühzeitig an.",
        "Die Kursleitung geht gern auf Ihre Fragen und Wünsche ein.",
        "Eine Teilnahmebescheinigung wird auf Wunsch ausgestellt.",
        "Bei zu wenigen Anmeldungen kann der Kurs leider nicht stattfinden.",
    ),
    "free": (
        "Eine Anmeldung ist nicht erforderlich – kommen Sie einfach vorbei.",
        "Das Angebot ist kostenfrei.",
        "Alle sind herzlich willkommen.",
    ),
    "online": (
        "Den Link zum virtuellen Kursraum erhalten Sie nach der Anmeldung.",
        "Sie brauchen einen Computer oder ein Tablet mit Kamera und Mikrofon.",
    ),
}
REDUCTION_NOTES = (
    "Ermäßigung für Schüler:innen, Studierende und Inhaber:innen der Ehrenamts-Card.",
    "Ermäßigt für Menschen mit geringem Einkommen (Nachweis erforderlich).",
    "Ermäßigung für Arbeitsuchende und Auszubildende.",
)
BOOKING = {
    Run.BookingStatus.OPEN: 62, Run.BookingStatus.FEW: 15, Run.BookingStatus.FULL: 8,
    Run.BookingStatus.WAITLIST: 6, Run.BookingStatus.CANCELLED: 2,
    Run.BookingStatus.NO_BOOKING: 7,
}
# Libraries, counselling services and public offices charge for little.
FREE_SHARE = {K.LIBRARY: 0.85, K.COUNSELLING: 0.9, K.PUBLIC_OFFICE: 0.9}
PREVIOUS_LEVEL = {"A2": "A1", "B1": "A2", "B2": "B1", "C1": "B2"}

