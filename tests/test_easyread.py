"""Leichte Sprache, the glossary on offering pages and the offering's QR code.

The Leichte-Sprache rules that a program can check are checked on the rendered page: sentence
length, no passive, no genitive article, no abbreviations, every hard word explained. Whether
a text is really easy to read only a test-reader group can say (docs/easy-language.md).
"""

import re
from datetime import time
from html.parser import HTMLParser

import pytest
from django.utils import translation

from bildungsportal.catalog.models import Provider, Run
from bildungsportal.easyread.glossary import TERMS, terms_for
from bildungsportal.search.indexing import rebuild_index
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/leichte-sprache/"
MAX_WORDS = 15
# Words a reader of Leichte Sprache may not know: wherever the page uses one, it explains it
# in a <dfn> box.
HARD_WORDS = (
    "Bildung", "Bildungs·portal", "Bildungs·büro", "Anbieter", "anmelden", "Lebens·phase",
    "Ermäßigung", "Bildungs·gutschein", "Job·center", "Agentur für Arbeit", "Beratungs·stelle",
    "Bildungs·beratung",
)
# Office German that has no place on the page at all.
AVOIDED = (
    "Zugangsvoraussetzung", "Fördermöglichkeit", "Teilnahmegebühr", "Kursgebühr",
    "Lebensphase", "Bildungsgutschein", "z. B.", "z.B.", "bzw.", "ggf.", "usw.", "d. h.",
)
PASSIVE = re.compile(r"\b(wird|werden|wurde|wurden|worden)\b", re.IGNORECASE)
GENITIVE = re.compile(r"\bdes\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def german():
    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture
def data():
    data = factories.small_catalog()
    counselling = factories.provider(
        "Bildungsberatung Bergstraße", municipality=data["bensheim"],
        kind=Provider.Kind.COUNSELLING, phone="06251 5555",
    )
    factories.offering(counselling, data["vocab"], "Bildungsberatung: Ihr Weg zum Kurs",
                       is_free=True)
    factories.provider("Stille Beratung", kind=Provider.Kind.COUNSELLING)  # nothing published
    rebuild_index()
    return data


class Blocks(HTMLParser):
    """The text of <main>, one string per block (p, li, dt, dd, h1–h3), and the <dfn> boxes."""

    BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "figcaption"}

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.blocks, self.current = [], []
        self.dfns, self.in_dfn = [], False
        self.links = []

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in self.BLOCKS:
            self.flush()
        if tag == "dfn":
            self.in_dfn = True
            self.dfns.append("")
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "main":
            self.flush()
            self.in_main = False
        if tag in self.BLOCKS:
            self.flush()
        if tag == "dfn":
            self.in_dfn = False

    def handle_data(self, data):
        if self.in_main:
            self.current.append(data)
            if self.in_dfn:
                self.dfns[-1] += data


def parse(html):
    parser = Blocks()
    parser.feed(html)
    return parser


def sentences(blocks):
    for block in blocks:
        for sentence in re.split(r"(?<=[.!?:])\s+", block):
            if sentence.strip():
                yield sentence.strip()


@pytest.fixture
def easy(client, data):
    response = client.get(URL)
    assert response.status_code == 200
    return response, parse(response.content.decode())


def test_page_is_german_without_a_language_switcher(easy, client):
    response, _page = easy
    html = response.content.decode()
    assert '<html lang="de"' in html and "dir=" not in html.split(">", 2)[1]
    assert 'class="language-nav"' not in html and "hreflang=\"en\"" not in html
    assert client.get("/en" + URL).status_code == 404
    # A browser asking for Arabic still gets the German page (Leichte Sprache is German).
    arabic = client.get(URL, headers={"accept-language": "ar"})
    assert '<html lang="de"' in arabic.content.decode()


def test_every_sentence_is_short(easy):
    _response, page = easy
    long = [s for s in sentences(page.blocks) if len(s.split()) > MAX_WORDS]
    assert not long, long
    assert len(list(sentences(page.blocks))) > 60  # the page says something


def test_no_passive_no_genitive_article_no_abbreviations(easy):
    _response, page = easy
    text = "\n".join(page.blocks)
    assert not PASSIVE.findall(text), PASSIVE.findall(text)
    assert not GENITIVE.findall(text)
    for word in AVOIDED:
        assert word not in text, word


def test_long_compounds_are_split_with_the_mediopunkt(easy):
    _response, page = easy
    text = "\n".join(page.blocks)
    for word in ("Bildungs·portal", "Bildungs·gutschein", "Lebens·phase", "Beratungs·stelle"):
        assert word in text
    assert "Bildungsportal" not in text.replace("Bildungs·portal", "")


def test_every_hard_word_on_the_page_is_explained(easy):
    _response, page = easy
    text = "\n".join(page.blocks)
    explained = {d.strip().lower() for d in page.dfns}
    for word in HARD_WORDS:
        if re.search(rf"\b{re.escape(word)}", text, re.IGNORECASE):
            assert word.lower() in explained, f"„{word}“ is used but not explained"
    html = easy[0].content.decode()
    # Each explanation box says at least two sentences beside the word it explains.
    for box in re.findall(r'<div class="easy-word">(.*?)</div>', html, re.S):
        assert len(parse(f"<main>{box}</main>").blocks) >= 3, box


def test_sections_and_pictures(easy):
    response, page = easy
    for heading in ("Was ist das Bildungs·portal?", "So finden Sie einen Kurs",
                    "Was kostet ein Kurs?", "Wer hilft Ihnen?"):
        assert heading in page.blocks
    html = response.content.decode()
    assert html.count('class="easy-icon"') >= 8
    assert all('aria-hidden="true"' in svg for svg in re.findall(r"<svg[^>]*>", html))
    assert "<img" not in html.split("<main", 1)[1]  # pictures are inline SVG, nothing external
    steps = [block for block in page.blocks if block.startswith("Schritt")]
    assert steps == [f"Schritt {n}" for n in range(1, 6)]


def test_life_phase_and_town_links_go_straight_to_results(easy, client):
    response, page = easy
    html = response.content.decode()
    links = [link for link in page.links if link.startswith("/angebote/?")]
    phase_links = [link for link in links if "life_phase=" in link]
    town_links = [link for link in links if "town=" in link]
    # Phases in plain words, only those with offerings (the test catalog: two of them).
    assert "Lernen für Erwachsene und für den Beruf" in html and "Lernen im Alter" in html
    assert len(phase_links) == 2
    # Towns with offerings only: both test towns have some.
    assert {link.split("town=")[1] for link in town_links} == {"bensheim", "heppenheim"}
    for link in phase_links + town_links:
        result = client.get(link)
        assert result.status_code == 200
        assert 'class="hit"' in result.content.decode(), link
    free = client.get("/angebote/?free=1").content.decode()
    assert "/angebote/?free=1" in links and "Erste Hilfe am Kind" in free
    assert "/angebote/?funding=bildungsgutschein" in links


def test_counselling_services_with_public_offerings_are_listed(easy):
    response, _page = easy
    html = response.content.decode()
    assert "Bildungsberatung Bergstraße" in html and "06251 5555" in html
    assert "Stille Beratung" not in html


def test_page_works_with_an_empty_catalog(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Im Moment gibt es keine Angebote." in html
    assert "funding=bildungsgutschein" not in html  # no such funding option yet


def test_home_page_links_to_leichte_sprache_in_every_language(client, data):
    for prefix in ("", "/en", "/ar"):
        html = client.get(f"{prefix}/").content.decode()
        link = re.search(r'<a href="/leichte-sprache/" lang="de" hreflang="de"[^>]*>', html)
        assert link, prefix
    assert "(einfaches Deutsch)" not in client.get("/").content.decode()
    assert "(easy German)" in client.get("/en/").content.decode()
    own = client.get(URL).content.decode()
    assert 'href="/leichte-sprache/" lang="de" hreflang="de" aria-current="page"' in own


# -- glossary -------------------------------------------------------------------------------
def glossary(html):
    match = re.search(r'<section class="glossary".*?</section>', html, re.S)
    return match.group(0) if match else ""


def terms_in(html):
    return re.findall(r'<dfn id="begriff-([a-z]+)">', glossary(html))


def test_glossary_lists_only_the_terms_the_page_uses(client, data):
    english = client.get(data["english"].get_absolute_url()).content.decode()
    # Reduced price, Bildungsgutschein funding, hours per run, certificate.
    assert terms_in(english) == ["anmeldung", "zugang", "ermaessigung", "bildungsgutschein",
                                 "unterrichtsstunde", "zertifikat"]
    assert "<summary><h2 id=\"begriffe\">Begriffe erklärt</h2></summary>" in english
    first_aid = client.get(data["first_aid"].get_absolute_url()).content.decode()
    assert terms_in(first_aid) == ["anmeldung", "zugang"]
    assert "Ermäßigung" not in glossary(first_aid)


def test_glossary_finds_terms_in_the_providers_text_and_runs(client, data):
    guitar = data["guitar"]
    guitar.price_note = "Die Kursgebühr ist für Mitglieder ermäßigt."
    guitar.save()
    Run.objects.filter(offering=guitar).update(booking_status=Run.BookingStatus.WAITLIST)
    html = client.get(guitar.get_absolute_url()).content.decode()
    assert terms_in(html) == ["anmeldung", "zugang", "ermaessigung", "kursgebuehr",
                              "warteliste"]


def test_glossary_in_other_languages(client, data):
    url = data["english"].get_absolute_url()
    for code, heading, word in (
        ("en", "Terms explained", "Reduced fee"),
        ("tr", "Terimlerin açıklaması", "İndirim"),
        ("ar", "شرح المصطلحات", "التخفيض"),
        ("uk", "Пояснення термінів", "Пільгова ціна"),
        ("ru", "Объяснение терминов", "Льготная цена"),
    ):
        html = client.get(f"/{code}{url}").content.decode()
        assert heading in glossary(html) and word in glossary(html), code


def test_every_term_explains_itself_in_every_language():
    for code in ("de", "en", "tr", "ar", "uk", "ru"):
        with translation.override(code):
            names = [str(term.name) for term in TERMS]
            explanations = [str(term.explanation) for term in TERMS]
        assert len(set(names)) == len(TERMS) and all(len(e) > 40 for e in explanations)
        if code != "de":
            with translation.override("de"):
                german = [str(term.explanation) for term in TERMS]
            assert not set(explanations) & set(german), code


def test_terms_for_without_runs(data):
    assert [t.key for t in terms_for(data["first_aid"], [])] == ["anmeldung", "zugang"]
    data["first_aid"].description = "Bildungsurlaub nach HBUG anerkannt, 8 UE."
    keys = [t.key for t in terms_for(data["first_aid"], [])]
    assert keys == ["anmeldung", "zugang", "bildungsurlaub", "unterrichtsstunde"]


# -- QR code --------------------------------------------------------------------------------
def test_offering_page_shows_its_qr_code_and_short_address(client, data):
    english = data["english"]
    html = client.get(english.get_absolute_url()).content.decode()
    assert f"http:/<wbr>/<wbr>testserver/<wbr>angebote/<wbr>{english.pk}/<wbr></span>" in html
    html = html.replace("<wbr>", "")
    qr = f"/angebote/{english.pk}/qr.svg"
    assert f'<img src="{qr}" width="148" height="148" alt="QR-Code mit der Adresse' in html
    assert f"http://testserver/angebote/{english.pk}/</span>" in html
    assert f'<a href="{qr}" download=' in html
    en = client.get(f"/en{english.get_absolute_url()}").content.decode().replace("<wbr>", "")
    assert f'<img src="/en{qr}"' in en and f"http://testserver/en/angebote/{english.pk}/" in en


def test_qr_svg_encodes_the_short_address_and_may_be_cached(client, data):
    english = data["english"]
    response = client.get(f"/angebote/{english.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert f"<title>http://testserver/angebote/{english.pk}/</title>" in svg
    # The short address it encodes leads to the offering.
    short = client.get(f"/angebote/{english.pk}/")
    assert short.status_code == 301 and short["Location"] == english.get_absolute_url()
    ar = client.get(f"/ar/angebote/{english.pk}/qr.svg").content.decode()
    assert f"<title>http://testserver/ar/angebote/{english.pk}/</title>" in ar


def test_qr_svg_of_unknown_or_unpublished_offering_is_404(client, data):
    assert client.get(f"/angebote/{data['draft'].pk}/qr.svg").status_code == 404
    assert client.get("/angebote/999999/qr.svg").status_code == 404
    assert client.post(f"/angebote/{data['english'].pk}/qr.svg").status_code == 405


def test_survey_qr_codes_still_come_from_the_shared_helper():
    from bildungsportal.core.qr import qr_svg

    svg = qr_svg("https://example.org/umfrage/x/?k=abc", title="Umfrage – Schule").decode()
    assert "<title>Umfrage – Schule</title>" in svg and "<path" in svg


def test_run_times_do_not_matter_for_the_glossary(data):
    run = factories.run(data["first_aid"], data["saal"], start_time=time(9), hours=3)
    assert "unterrichtsstunde" in [t.key for t in terms_for(data["first_aid"], [run])]


# -- the survey template in Leichte Sprache ---------------------------------------------------
def structure(data):
    """Pages, questions and choices as codes and settings, without any text."""
    return [
        (page["code"], page.get("condition", {}), [
            (q["code"], q["kind"], q.get("requirement"), q.get("is_band", False),
             q.get("catalog_vocabulary"), q.get("catalog_multiple"), q.get("min_value"),
             q.get("max_value"), q.get("allow_other", False),
             [(c["code"], c.get("is_exclusive", False)) for c in q.get("choices", [])],
             [c["code"] for c in q.get("rows", [])])
            for q in page["questions"]
        ])
        for page in data["pages"]
    ]


def easy_sentences(texts):
    for text in texts:
        for line in text.splitlines():
            yield from (s for s in re.split(r"(?<=[.!?])\s+", line.strip()) if s)


def test_easy_survey_template_has_the_same_questions_and_codes():
    from bildungsportal.surveys.template import EASY_TEMPLATE_PATH, TEMPLATE_PATH, read_template

    standard, easy = read_template(TEMPLATE_PATH), read_template(EASY_TEMPLATE_PATH)
    assert structure(easy) == structure(standard)
    assert easy["languages"] == ["de"] and easy["title"] == {
        "de": "Bildungs·umfrage in Leichter Sprache"}
    texts = [easy["introduction"]["de"], easy["thank_you"]["de"], easy["prize_draw"]["de"]]
    for page in easy["pages"]:
        texts.append(page["title"]["de"])
        for q in page["questions"]:
            texts += [q["text"]["de"], q.get("help_text", {}).get("de", "")]
            texts += [c["label"]["de"] for c in q.get("choices", []) + q.get("rows", [])]
            # Rewritten, not copied: no question keeps the standard wording.
            original = next(o for p in standard["pages"] for o in p["questions"]
                            if o["code"] == q["code"])
            assert q["text"]["de"] != original["text"]["de"], q["code"]
    long = [s for s in easy_sentences(texts) if len(s.split()) > MAX_WORDS]
    assert not long, long
    joined = "\n".join(texts)
    assert not PASSIVE.findall(joined) and not GENITIVE.findall(joined)
    privacy = easy["privacy_notice"]["de"]
    for word in ("ENTWURF", "Daten·schutz·beauftragte", "Zweck", "Art. 6 Abs. 1 lit. e",
                 "Einwilligung", "Speicherdauer", "Art. 15", "Sitzungs-Cookie"):
        assert word in privacy, word


def test_office_creates_a_survey_from_the_easy_template(client):
    from django.urls import reverse

    from bildungsportal.surveys.models import Choice, Question, Survey
    from bildungsportal.surveys.template import load_template

    client.force_login(factories.user("buero", office=True))
    form = client.get(reverse("surveys:builder_create")).content.decode()
    assert '<option value="bildungsumfrage-leichte-sprache">Bildungs·umfrage in Leichter Sprache'\
        in form
    response = client.post(reverse("surveys:builder_create"), {
        "slug": "umfrage-leicht", "title_de": "Umfrage in Leichter Sprache",
        "template": "bildungsumfrage-leichte-sprache",
    })
    easy = Survey.objects.get(slug="umfrage-leicht")
    assert response["Location"] == reverse("surveys:builder_survey", kwargs={"slug": easy.slug})
    assert easy.title == {"de": "Umfrage in Leichter Sprache"} and easy.languages == ["de"]
    assert not easy.is_open() and not easy.is_demo
    standard, _created = load_template()

    def codes(survey):
        version = survey.current_version()
        return (
            sorted(Question.objects.filter(page__version=version)
                   .values_list("page__code", "code", "kind")),
            sorted(Choice.objects.filter(question__page__version=version)
                   .values_list("question__code", "code", "is_row")),
        )

    assert codes(easy) == codes(standard)
    first = Question.objects.get(page__version=easy.current_version(), code="gruppe")
    assert first.text == {"de": "Wer füllt den Frage·bogen aus?"}


def test_unknown_template_name_is_a_form_error(client):
    from django.urls import reverse

    from bildungsportal.surveys.models import Survey

    client.force_login(factories.user("buero", office=True))
    response = client.post(reverse("surveys:builder_create"), {
        "slug": "umfrage-x", "title_de": "X", "template": "gibt-es-nicht",
    })
    assert response.status_code == 200
    assert "gibt-es-nicht ist keine gültige Auswahl" in response.content.decode()
    assert not Survey.objects.exists()


def test_easy_survey_can_be_answered_in_german(client):
    from bildungsportal.surveys.template import EASY_TEMPLATE_PATH, load_template

    factories.vocabularies()
    factories.town()
    survey, created = load_template(EASY_TEMPLATE_PATH)
    assert created and survey.slug == "bildungsumfrage-leichte-sprache"
    html = client.get(f"/umfrage/{survey.slug}/").content.decode()
    assert '<html lang="de"' in html
    assert "Das Bildungs·büro vom Kreis Bergstraße möchte Sie etwas fragen." in html
