"""Create the imprint, privacy notice and accessibility statement with default text.

The office edits them in the admin; this migration never overwrites an existing page.
Text in square brackets is a placeholder the operator must fill in.
"""

from django.db import migrations

IMPRESSUM = """
<p>Das Bildungsportal ist ein Angebot des Kreises Bergstraße.</p>
<h2>Herausgeber</h2>
<address>Kreis Bergstraße<br>Der Kreisausschuss<br>[Fachbereich / Bildungsbüro]<br>
[Straße und Hausnummer]<br>[PLZ] Heppenheim</address>
<p>Der Kreis Bergstraße ist eine Körperschaft des öffentlichen Rechts. Er wird vertreten durch
[Name der Landrätin / des Landrats].</p>
<h2>Kontakt</h2>
<p>Telefon: [Telefonnummer]<br>E-Mail: [E-Mail-Adresse des Bildungsbüros]</p>
<h2>Umsatzsteuer-Identifikationsnummer</h2>
<p>[USt-IdNr. nach § 27a Umsatzsteuergesetz, falls vorhanden]</p>
<h2>Inhaltlich verantwortlich</h2>
<p>[Name], [Anschrift wie oben]</p>
<h2>Angebote im Katalog</h2>
<p>Für Inhalt, Termine und Preise der einzelnen Angebote sind die jeweiligen Anbieter
verantwortlich. Das Bildungsbüro prüft die Einträge, kann aber keine Gewähr für ihre
Vollständigkeit und Richtigkeit übernehmen. Hinweise auf Fehler nehmen wir gern entgegen.</p>
<h2>Software</h2>
<p>Das Bildungsportal ist freie Software (GNU Affero General Public License, Version 3 oder
später). Andere Kreise und Städte können sie ebenfalls betreiben.</p>
"""

DATENSCHUTZ = """
<p>Wir nehmen den Schutz Ihrer Daten ernst und erheben so wenig wie möglich. Die folgenden
Hinweise gelten nach Art. 13 der Datenschutz-Grundverordnung (DSGVO).</p>
<h2>Verantwortliche Stelle</h2>
<address>Kreis Bergstraße, Der Kreisausschuss<br>[Anschrift wie im Impressum]</address>
<p>Datenschutzbeauftragte/r: [Name, Anschrift, E-Mail]</p>
<h2>Besuch der Website</h2>
<ul>
<li>Wir setzen <strong>kein Tracking</strong> und keine Analysewerkzeuge ein.</li>
<li>Die Seiten laden <strong>keine Inhalte von Dritten</strong>: keine externen Schriften,
Karten, Videos, Skripte oder Werbung. Ihr Browser verbindet sich nur mit unserem Server.</li>
<li>Für das Durchsuchen des Katalogs sind keine Cookies nötig und es werden keine gesetzt.</li>
<li>Der Webserver verarbeitet technisch bedingt Ihre IP-Adresse, um die Seite auszuliefern.
Wir speichern <strong>keine IP-Adressen zusammen mit Inhalten</strong>, die Sie eingeben
(zum Beispiel Suchbegriffe oder Antworten in einer Umfrage).</li>
</ul>
<h2>Suchanfragen</h2>
<p>Um zu erkennen, welche Bildungsangebote im Kreis fehlen, werten wir Suchbegriffe und
gewählte Filter anonym und zusammengefasst aus. Dabei wird nichts gespeichert, das auf Sie als
Person schließen lässt.</p>
<h2>Umfragen und Kontakt</h2>
<p>Wenn Sie an einer Bildungsumfrage teilnehmen oder uns schreiben, verarbeiten wir nur die
Angaben, die Sie selbst machen, und nur für den genannten Zweck (Art. 6 Abs. 1 lit. e DSGVO
in Verbindung mit § 3 Hessisches Datenschutz- und Informationsfreiheitsgesetz).</p>
<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung
und Widerspruch (Art. 15 bis 21 DSGVO) sowie das Recht auf Beschwerde bei der Aufsichtsbehörde:
Der Hessische Beauftragte für Datenschutz und Informationsfreiheit, Postfach 3163,
65021 Wiesbaden.</p>
"""

BARRIEREFREIHEIT = """
<p>Der Kreis Bergstraße ist bemüht, das Bildungsportal im Einklang mit der
Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und den Anforderungen der
Web Content Accessibility Guidelines (WCAG) 2.1, Stufe AA, barrierefrei zugänglich zu machen.
Diese Erklärung gilt für die öffentlichen Seiten des Bildungsportals.</p>
<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>
<p>Die Website ist mit den Anforderungen weitgehend vereinbar. Alle Seiten funktionieren ohne
JavaScript, lassen sich vollständig mit der Tastatur bedienen und werden bei jeder Änderung
automatisch auf Barrieren geprüft.</p>
<h2>Nicht barrierefreie Inhalte</h2>
<ul>
<li>Beschreibungen der Angebote stammen von den Anbietern. Sie sind nicht immer in einfacher
Sprache verfasst.</li>
<li>Inhalte in Leichter Sprache und in Deutscher Gebärdensprache werden noch ergänzt.</li>
</ul>
<h2>Erstellung dieser Erklärung</h2>
<p>Diese Erklärung wurde am [Datum] auf Grundlage einer Selbstbewertung erstellt und zuletzt am
[Datum] überprüft.</p>
<h2>Feedback und Kontakt</h2>
<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Oder benötigen Sie Informationen
in einer für Sie zugänglichen Form? Dann wenden Sie sich bitte an:</p>
<address>Kreis Bergstraße, Bildungsbüro<br>[Anschrift wie im Impressum]<br>
Telefon: [Telefonnummer]<br>E-Mail: [E-Mail-Adresse des Bildungsbüros]</address>
<p>Wir beantworten Ihre Anfrage innerhalb von sechs Wochen.</p>
<h2>Schlichtungsverfahren</h2>
<p>Wenn auch nach Ihrem Feedback an den oben genannten Kontakt keine zufriedenstellende Lösung
gefunden wurde, können Sie sich an die Schlichtungsstelle nach § 16 des
Behindertengleichstellungsgesetzes (BGG) wenden. Die Schlichtungsstelle BGG hat die Aufgabe,
bei Konflikten zum Thema Barrierefreiheit zwischen Menschen mit Behinderungen und öffentlichen
Stellen eine außergerichtliche Streitbeilegung zu unterstützen. Das Schlichtungsverfahren ist
kostenlos. Es muss kein Rechtsbeistand eingeschaltet werden.</p>
<address>Schlichtungsstelle nach dem Behindertengleichstellungsgesetz<br>
bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen<br>
Mauerstraße 53<br>10117 Berlin<br>
Telefon: 030 18 527-2805<br>
E-Mail: info@schlichtungsstelle-bgg.de<br>
Internet: <a href="https://www.schlichtungsstelle-bgg.de">www.schlichtungsstelle-bgg.de</a></address>
"""

PAGES = [
    ("impressum", "Impressum", IMPRESSUM),
    ("datenschutz", "Datenschutz", DATENSCHUTZ),
    ("barrierefreiheit", "Erklärung zur Barrierefreiheit", BARRIEREFREIHEIT),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("core", "Page")
    for slug, title, body in PAGES:
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "body": body.strip()})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    # Reversing keeps the pages: they may have been edited since.
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
