"""A plausible, varied demo catalog for Kreis Bergstraße.

Deterministic: the same seed on the same day gives the same catalog (dates are relative to
today). Offerings are generated and inserted in batches, so a million of them need no more
memory than a few thousand.

Texts come from templates: "{a|b|c}" picks one alternative, "{ort}", "{sprache}" and
"{niveau}" are filled in.
"""

import math
import random
import re
import time
from bisect import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import time as clock
from datetime import timedelta
from decimal import Decimal
from functools import cache
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from bildungsportal.places.models import Municipality
from bildungsportal.places.selectors import place_slug
from bildungsportal.search.models import SearchDocument

from .models import (
    DqrLevel,
    Format,
    FundingOption,
    Language,
    LifePhase,
    Offering,
    Provider,
    QualitySeal,
    Run,
    TargetGroup,
    Topic,
    Venue,
)

SOURCE = "demo"
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
    T(
        titles=(
            "Inklusiver Malkurs für Menschen mit und ohne Behinderung",
            "Deutsche Gebärdensprache – Grundkurs", "Texte in Leichter Sprache schreiben",
            "Inklusive Theatergruppe",
        ),
        topics=("gebaerdensprache", "malen-zeichnen"), phases=(WB,),
        groups=("menschen-mit-behinderung", "erwachsene"), kinds=(K.VHS, K.ASSOCIATION, K.OTHER),
        schedule="evening", fee=(0, 110), summary="Gemeinsam lernen – mit und ohne Behinderung.",
        text=(
            "Der Kursraum ist barrierefrei erreichbar.", "Assistenz kann mitgebracht werden.",
            "Das Tempo richtet sich nach der Gruppe.",
        ),
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


# Small helpers -------------------------------------------------------------------------------

@cache
def compile_text(pattern):
    """Split "a {b|c} d" into ("a ", ("b", "c"), " d"); named fields stay in the text."""
    pieces = re.split(r"\{([^{}]*\|[^{}]*)\}", pattern)
    parts = (tuple(piece.split("|")) if index % 2 else piece for index, piece in enumerate(pieces))
    return tuple(part for part in parts if part != "")


def expand(rng, pattern, **values):
    """Pick one alternative of every "{a|b}", then fill in the named fields."""
    parts = compile_text(pattern)
    text = "".join(part if isinstance(part, str) else rng.choice(part) for part in parts)
    return text.format_map(values) if "{" in text else text


@cache
def minutes(value):
    return clock(value // 60, value % 60)


def teaching_units(sessions, length):
    """Unterrichtsstunden (45 minutes each) as a Decimal with one place."""
    return Decimal(round(sessions * length / 45, 1)).quantize(Decimal("0.1"))


def jitter(rng, latitude, longitude, radius_km=2.0):
    """A point uniformly distributed within radius_km of the given one."""
    distance, angle = radius_km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    degrees_east = 111.2 * math.cos(math.radians(latitude))
    return (
        round(latitude + distance * math.cos(angle) / 111.2, 6),
        round(longitude + distance * math.sin(angle) / degrees_east, 6),
    )


class WeightedChoice:
    """rng.choices(items, weights)[0], with the cumulative weights computed once."""

    def __init__(self, items, weights):
        self.items, self.cumulative = list(items), list(accumulate(weights))

    def __call__(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


# Schedules: each returns the Run fields that depend on time ----------------------------------

def next_weekday(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def weekly(rng, today, days, starts, lengths, sessions):
    weekday, begin, length = rng.choice(days), rng.choice(starts), rng.choice(lengths)
    count = rng.choice(sessions)
    first = next_weekday(today + timedelta(days=rng.randint(7, 330)), weekday)
    return {
        "recurrence": Run.Recurrence.WEEKLY, "start_date": first,
        "end_date": first + timedelta(weeks=count - 1), "weekdays": Run.WEEKDAY_BITS[weekday],
        "start_time": minutes(begin), "end_time": minutes(begin + length),
        "sessions": count, "hours": teaching_units(count, length),
    }


def block(rng, today, first_weekday, days, starts, lengths):
    """One day or consecutive days, e.g. a Saturday, a weekend or Monday to Friday."""
    begin, length = rng.choice(starts), rng.choice(lengths)
    first = next_weekday(today + timedelta(days=rng.randint(7, 340)), first_weekday)
    bits = sum(Run.WEEKDAY_BITS[(first_weekday + offset) % 7] for offset in range(days))
    return {
        "recurrence": Run.Recurrence.ONCE, "start_date": first,
        "end_date": first + timedelta(days=days - 1), "weekdays": bits,
        "start_time": minutes(begin), "end_time": minutes(begin + length),
        "sessions": days, "hours": teaching_units(days, length),
    }


def programme(rng, today, months):
    """A long course: two evenings a week (Tuesday, Thursday) or full-time (Monday–Friday)."""
    weeks = round(rng.choice(months) * 4.35)
    if rng.random() < 0.5:
        bits, per_week, begin, length, last_day = 2 | 8, 2, 1080, 195, 2
    else:
        bits, per_week, begin, length, last_day = 31, 5, 480, 450, 4
    first = next_weekday(today + timedelta(days=rng.randint(14, 300)), 0 if per_week == 5 else 1)
    sessions = weeks * per_week
    return {
        "recurrence": Run.Recurrence.WEEKLY, "start_date": first,
        "end_date": first + timedelta(weeks=weeks - 1, days=last_day),
        "weekdays": bits, "start_time": minutes(begin), "end_time": minutes(begin + length),
        "sessions": sessions, "hours": teaching_units(sessions, length),
    }


def standing(rng, template):
    bits, begin, end = rng.choice(template.slots)
    return {
        "recurrence": Run.Recurrence.STANDING, "weekdays": bits,
        "start_time": minutes(begin), "end_time": minutes(end),
    }


SCHEDULES = {
    "evening": lambda rng, today, t: weekly(
        rng, today, (0, 1, 2, 3), (1050, 1080, 1110, 1140, 1170), (90, 90, 120, 135),
        (5, 6, 8, 10, 12),
    ),
    "morning": lambda rng, today, t: weekly(
        rng, today, (0, 1, 2, 3, 4), (540, 570, 600, 630), (60, 90, 90, 120), (6, 8, 10),
    ),
    "afternoon": lambda rng, today, t: weekly(
        rng, today, (0, 1, 2, 3, 4), (840, 870, 900, 930, 960), (45, 60, 90), (8, 10, 12, 15),
    ),
    "evening_once": lambda rng, today, t: block(
        rng, today, rng.randrange(5), 1, (1080, 1110, 1140, 1170), (90, 120, 180),
    ),
    "weekend": lambda rng, today, t: block(
        rng, today, rng.choice((5, 5, 5, 6)), rng.choice((1, 1, 2)), (540, 600),
        (180, 240, 360, 420),
    ),
    "day": lambda rng, today, t: block(
        rng, today, rng.randrange(6), 1, (540, 600), (300, 360, 420),
    ),
    "educational_leave": lambda rng, today, t: block(rng, today, 0, 5, (510, 540), (420, 450)),
    "holiday": lambda rng, today, t: block(rng, today, 0, 5, (480, 540), (240, 420, 480)),
    "programme": lambda rng, today, t: programme(rng, today, t.months),
    "standing": lambda rng, today, t: standing(rng, t),
    "self_study": lambda rng, today, t: {"recurrence": Run.Recurrence.STANDING},
}
SEATS = {
    "evening": (8, 16), "morning": (8, 15), "afternoon": (6, 14), "evening_once": (15, 80),
    "weekend": (8, 16), "day": (12, 120), "educational_leave": (8, 16), "holiday": (12, 30),
    "programme": (12, 25),
}


# Raw rows for runs and M2M links: Django's per-object insert preparation would take most of
# the time. Values are adapted by the database backend, as the ORM does.

RUN_FIELDS = (
    "offering", "recurrence", "start_date", "end_date", "weekdays", "start_time", "end_time",
    "sessions", "hours", "seats", "booking_status", "venue", "is_online", "price_cents", "note",
    "external_id",
)
M2M_FIELDS = ("life_phases", "topics", "target_groups", "languages", "funding_options")


def insert_sql(model, fields):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(field).column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"


def m2m_tables():
    """(through model, offering field name, term field name) for each M2M field of Offering."""
    for name in M2M_FIELDS:
        field = Offering._meta.get_field(name)
        yield field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()


# The generator --------------------------------------------------------------------------------

class DemoCatalog:
    """Generates providers, venues, offerings and runs; see generate() below."""

    def __init__(self, seed, today=None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today or timezone.localdate()
        vocabularies = (LifePhase, Topic, TargetGroup, Format, FundingOption, QualitySeal, Language)
        self.ids = {model: dict(model.objects.values_list("slug", "pk")) for model in vocabularies}
        self.dqr_levels = set(DqrLevel.objects.values_list("level", flat=True))
        self.towns = list(Municipality.objects.filter(in_district=True).order_by("ags"))
        if not self.towns or not self.ids[LifePhase]:
            raise ValueError("Reference data missing: run `bildungsportal load_reference` first.")
        # Universities in the neighbour cities (Weinheim has none), everything else in the 22 towns.
        self.cities = [
            city for city in Municipality.objects.filter(in_district=False).order_by("ags")
            if city.slug != "weinheim"
        ] or self.towns
        self.town_choice = WeightedChoice(self.towns, [town.population for town in self.towns])
        self.city_choice = WeightedChoice(self.cities, [city.population for city in self.cities])
        subtopics = Topic.objects.filter(parent__isnull=False)
        self.parents = dict(subtopics.values_list("slug", "parent__slug"))
        self.template_choices = {}
        self.slugs = {}
        self.ops = connection.ops

    def templates_for(self, kind, speciality):
        """A weighted choice of the templates a provider of this kind and speciality offers."""
        key = (kind, speciality)
        if key not in self.template_choices:
            templates = [t for t in TEMPLATES if kind in t.kinds]
            if speciality:
                fitting = [t for t in templates if set(speciality) & self.tags(t)]
                templates = fitting or templates
            self.template_choices[key] = WeightedChoice(templates, [t.weight for t in templates])
        return self.template_choices[key]

    def tags(self, template):
        topics = template.topics + template.language_courses
        return set(topics) | {self.parents.get(topic) for topic in topics}

    # Providers and venues

    def create_providers(self, count):
        rng = self.rng
        kinds = list(PROVIDER_KINDS)
        kind_choice = WeightedChoice(kinds, [spec[0] for spec in PROVIDER_KINDS.values()])
        chosen = kinds + [kind_choice(rng) for _ in range(max(0, count - len(kinds)))]
        providers, names = [], Counter()
        approved_at = timezone.now()  # demo providers publish without review
        for kind in chosen:
            for _ in range(10):  # prefer a name not taken yet, e.g. one VHS per town
                town = self.city_choice(rng) if kind == K.UNIVERSITY else self.town_choice(rng)
                pattern, speciality = rng.choice(PROVIDER_NAMES[kind])
                status = "Stadt" if "stadt" in town.official_name.lower() else "Gemeinde"
                base = expand(rng, pattern, ort=town.name, gemeinde=status)
                if base not in names:
                    break
            names[base] += 1
            name = f"{base} ({names[base]})" if names[base] > 1 else base
            domain = place_slug(base)[:40].strip("-")
            provider = Provider(
                name=name, slug=slugify(name)[:200], kind=kind, source=SOURCE,
                description=PROVIDER_KINDS[kind][2].format(ort=town.name),
                street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postcode=rng.choice(town.postcodes), municipality=town,
                email=f"info@{domain}.example", website=f"https://www.{domain}.example/",
                approved_at=approved_at,
            )
            provider.demo_templates = self.templates_for(kind, speciality)
            providers.append(provider)
        Provider.objects.bulk_create(providers)
        seals = self.ids[QualitySeal]
        links = [
            Provider.quality_seals.through(provider_id=provider.pk, qualityseal_id=seals[slug])
            for provider in providers
            for slug, share in QUALITY_SEALS.get(provider.kind, ())
            if slug in seals and rng.random() < share
        ]
        Provider.quality_seals.through.objects.bulk_create(links)
        # Only AZAV-approved providers offer courses paid with a Bildungsgutschein.
        self.azav = {link.provider_id for link in links if link.qualityseal_id == seals.get("azav")}
        self.create_venues(providers)
        self.providers = providers
        self.provider_choice = WeightedChoice(
            providers, [PROVIDER_KINDS[provider.kind][1] for provider in providers]
        )
        return providers

    def create_venues(self, providers):
        rng = self.rng
        venues = []
        for provider in providers:
            own = [self.venue(provider, provider.name, provider.municipality, provider.street)]
            extra = rng.randint(2, 5) if provider.kind == K.VHS else rng.choice((0, 0, 0, 1, 2))
            for _ in range(extra):
                town = self.town_choice(rng) if provider.kind == K.VHS else provider.municipality
                name = expand(rng, rng.choice(EXTRA_VENUES), ort=town.name)
                own.append(self.venue(provider, name, town))
            provider.demo_venues = own
            venues.extend(own)
        Venue.objects.bulk_create(venues)

    def venue(self, provider, name, town, street=None):
        rng = self.rng
        step_free = rng.choices((True, False, None), (55, 20, 25))[0]
        latitude, longitude = jitter(rng, town.latitude, town.longitude)
        return Venue(
            provider=provider, name=name, municipality=town,
            street=street or f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            postcode=rng.choice(town.postcodes), latitude=latitude, longitude=longitude,
            step_free=step_free, accessibility_notes=rng.choice(STEP_FREE_NOTES[step_free]),
        )

    # Offerings

    def offering(self, index):
        """One offering: (Offering, [run rows without offering id], {M2M field: [term ids]})."""
        rng = self.rng
        if index < len(self.providers):  # every provider offers something
            provider = self.providers[index]
        else:
            provider = self.provider_choice(rng)
        template = provider.demo_templates(rng)
        values = {"ort": provider.municipality.name, "sprache": "", "niveau": ""}
        topics, languages = template.topics, template.languages
        if template.language_courses:
            slug = rng.choices(
                template.language_courses,
                [LANGUAGE_COURSES[course][2] for course in template.language_courses],
            )[0]
            code, values["sprache"], _, levels = LANGUAGE_COURSES[slug]
            offered = [level for level in template.levels if level in levels] or levels
            values["niveau"] = rng.choice(offered)
            topics, languages = (slug,), ("de", code)
        else:
            values["niveau"] = rng.choice(template.levels)
            if len(languages) > 1:  # counselling and cafés: German plus up to three more
                extra = rng.sample(languages[1:], rng.randint(0, min(3, len(languages) - 1)))
                languages = ("de", *extra)

        title = expand(rng, rng.choice(template.titles), **values)[:250]
        external_id = f"demo-{self.seed}-{index:07d}"
        self_study = template.schedule == "self_study"
        online = self_study or rng.random() < template.online
        hybrid = not online and template.online > 0 and rng.random() < 0.05
        format_slug = "selbstlernen" if self_study else (
            "online" if online else "hybrid" if hybrid else "praesenz")
        price, reduced, is_free, price_note = self.price(template, provider, values)
        funding = [] if is_free else [
            slug for slug in template.funding
            if (slug != "bildungsgutschein" or provider.pk in self.azav)
            and rng.random() < (0.5 if slug == "bildungszeit-bw" else 0.7)
        ]
        if template.schedule == "educational_leave":
            funding.insert(0, "bildungsurlaub-hessen")

        sentences = rng.sample(template.text, min(len(template.text), rng.randint(2, 3)))
        closing = "online" if online and not self_study else (
            "free" if is_free and template.schedule == "standing" else "course")
        description = [expand(rng, sentence, **values) for sentence in sentences]
        description.append(rng.choice(CLOSING[closing]))
        bookable = template.schedule not in ("standing", "self_study")

        offering = Offering(
            provider_id=provider.pk, title=title, slug=self.slug(title),
            summary=expand(rng, template.summary, **values)[:500],
            description=" ".join(description),
            entry_requirements=self.requirements(template, values),
            format_id=self.ids[Format][format_slug],
            price_cents=price, price_reduced_cents=reduced, is_free=is_free,
            price_note=price_note, certificate=expand(rng, template.certificate, **values),
            dqr_level_id=template.dqr if template.dqr in self.dqr_levels else None,
            registration_url=(
                f"{provider.website}anmeldung/{external_id}"
                if bookable and rng.random() < 0.6 else ""
            ),
            registration_contact=(
                f"Anmeldung per E-Mail an {provider.email}" if bookable
                else "Ohne Anmeldung oder nach Terminvereinbarung"
            ),
            status=Offering.Status.DRAFT if rng.random() < 0.02 else Offering.Status.PUBLISHED,
            source=SOURCE, external_id=external_id,
        )
        runs = self.runs(template, provider, online, hybrid, price, external_id)
        groups = rng.sample(template.groups, rng.randint(1, len(template.groups)))
        terms = {
            "life_phases": (LifePhase, template.phases), "topics": (Topic, topics),
            "target_groups": (TargetGroup, groups), "languages": (Language, languages),
            "funding_options": (FundingOption, dict.fromkeys(funding)),
        }
        links = {
            name: [self.ids[model][slug] for slug in slugs if slug in self.ids[model]]
            for name, (model, slugs) in terms.items()
        }
        return offering, runs, links

    def slug(self, title):
        if title not in self.slugs:
            if len(self.slugs) > 100_000:
                self.slugs.clear()
            self.slugs[title] = slugify(title)[:250] or "angebot"
        return self.slugs[title]

    def price(self, template, provider, values):
        """(price_cents, price_reduced_cents, is_free, price_note) within the constraints."""
        rng = self.rng
        note = expand(rng, template.price_note, **values)
        if template.fee is None:
            return None, None, False, note
        low, high = template.fee if isinstance(template.fee, tuple) else (template.fee,) * 2
        free_share = FREE_SHARE.get(provider.kind, 0.4 if low == 0 else 0)
        if high == 0 or rng.random() < free_share:
            return None, None, True, note
        step = 5 if high >= 50 else 1
        price = max(step, round(rng.uniform(max(low, 1), high) / step) * step) * 100
        reduced = None
        if rng.random() < 0.3:
            reduced = min(price, round(price * rng.choice((0.5, 0.7, 0.75, 0.8)) / 50) * 50)
            note = " ".join(filter(None, (note, rng.choice(REDUCTION_NOTES))))
        return price, reduced, False, note[:300]

    def requirements(self, template, values):
        level = values["niveau"]
        if template.language_courses and level in PREVIOUS_LEVEL:
            previous = PREVIOUS_LEVEL[level]
            return f"Kenntnisse auf Niveau {previous}, etwa nach einem {previous}-Kurs."
        return expand(self.rng, self.rng.choice(template.requirements), **values)

    def runs(self, template, provider, online, hybrid, price, external_id):
        """Rows for RUN_FIELDS[1:]: one run, sometimes two or three for courses."""
        rng, ops = self.rng, self.ops
        single = template.schedule in ("standing", "self_study", "programme")
        count = 1 if single else rng.choices((1, 2, 3), (70, 25, 5))[0]
        rows = []
        for number in range(1, count + 1):
            run = SCHEDULES[template.schedule](rng, self.today, template)
            if run["recurrence"] == Run.Recurrence.STANDING:
                status = Run.BookingStatus.NO_BOOKING
            else:
                status = rng.choices(tuple(BOOKING), tuple(BOOKING.values()))[0]
            seats = SEATS.get(template.schedule)
            if seats and status != Run.BookingStatus.NO_BOOKING:
                seats = rng.randint(*seats)
            else:
                seats = None
            venue = None if online and not hybrid else rng.choice(provider.demo_venues)
            run_price = None
            note = "Zugangsdaten erhalten Sie nach der Anmeldung." if online else ""
            if price and number > 1 and rng.random() < 0.1:
                run_price, note = price + 1000, "Kleingruppe – abweichender Preis."
            hours = run.get("hours")
            rows.append((
                run["recurrence"].value,
                ops.adapt_datefield_value(run.get("start_date")),
                ops.adapt_datefield_value(run.get("end_date")),
                run.get("weekdays", 0),
                ops.adapt_timefield_value(run.get("start_time")),
                ops.adapt_timefield_value(run.get("end_time")),
                run.get("sessions"),
                ops.adapt_decimalfield_value(hours, 6, 1) if hours is not None else None,
                seats, status.value, venue.pk if venue else None, online or hybrid, run_price,
                note, f"{external_id}-{number}",
            ))
        return rows


def provider_count(offerings):
    return min(1500, max(len(PROVIDER_KINDS) * 3, offerings // 40))


def generate(offerings, seed=1, batch_size=5000, progress=None, today=None):
    """Insert `offerings` demo offerings with providers, venues and runs; return counts.

    Bypasses model signals: the caller rebuilds the search index afterwards.
    """
    catalog = DemoCatalog(seed, today)
    started = time.monotonic()
    with transaction.atomic():
        providers = catalog.create_providers(provider_count(offerings))
    run_sql = insert_sql(Run, RUN_FIELDS)
    link_sql = {
        name: insert_sql(through, (source, target))
        for name, (through, source, target) in zip(M2M_FIELDS, m2m_tables(), strict=True)
    }
    run_count = 0
    for start in range(0, offerings, batch_size):
        stop = min(offerings, start + batch_size)
        batch = [catalog.offering(index) for index in range(start, stop)]
        with transaction.atomic(), connection.cursor() as cursor:
            Offering.objects.bulk_create([offering for offering, _, _ in batch], batch_size=500)
            runs = [(offering.pk, *row) for offering, rows, _ in batch for row in rows]
            cursor.executemany(run_sql, runs)
            run_count += len(runs)
            for name, sql in link_sql.items():
                cursor.executemany(
                    sql, [(offering.pk, pk) for offering, _, links in batch for pk in links[name]]
                )
        if progress:
            progress(stop, offerings, time.monotonic() - started)
    return {
        "providers": len(providers),
        "venues": sum(len(provider.demo_venues) for provider in providers),
        "offerings": offerings,
        "runs": run_count,
        "seconds": time.monotonic() - started,
    }


def delete_demo_catalog():
    """Delete every demo offering and demo provider; return the number of offerings deleted.

    Like the bulk insert, this bypasses signals (which would re-index offering after offering):
    rows are deleted table by table, and the caller rebuilds the search index afterwards.
    """
    offerings = Offering.objects.filter(source=SOURCE)
    count = offerings.count()
    with transaction.atomic():
        for through, source, _ in m2m_tables():
            through.objects.filter(**{f"{source}__in": offerings.values("pk")}).delete()
        SearchDocument.objects.filter(offering__in=offerings.values("pk")).delete()
        with connection.cursor() as cursor:
            quote = connection.ops.quote_name
            run, offering = quote(Run._meta.db_table), quote(Offering._meta.db_table)
            cursor.execute(
                f"DELETE FROM {run} WHERE offering_id IN "
                f"(SELECT id FROM {offering} WHERE source = %s)",
                [SOURCE],
            )
            cursor.execute(f"DELETE FROM {offering} WHERE source = %s", [SOURCE])
        Provider.objects.filter(source=SOURCE).delete()
    return count
