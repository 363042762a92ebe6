"""The survey builder (/umfrage/verwaltung/…): permissions, forms, hostile input, versions."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bildungsportal.surveys.models import (
    AccessCode,
    Answer,
    Channel,
    Choice,
    Page,
    Question,
    Response,
    Survey,
    SurveyVersion,
)
from tests import factories

pytestmark = pytest.mark.django_db

INJECTION = "<script>alert('x')</script>\"'><img src=x onerror=alert(1)>{{ 7*7 }}"


# -- data --------------------------------------------------------------------------------
def make_survey(slug="wuensche", title="Wünsche"):
    survey = Survey.objects.create(slug=slug, title={"de": title, "en": "Wishes"},
                                   languages=["de", "en"])
    version = SurveyVersion.objects.create(survey=survey, number=1)
    page = Page.objects.create(version=version, position=0, code="start", title={"de": "Start"})
    group = Question.objects.create(page=page, position=0, code="gruppe", kind="single",
                                    text={"de": "Wer sind Sie?"})
    Choice.objects.create(question=group, position=0, code="schueler", label={"de": "Schüler"})
    Choice.objects.create(question=group, position=1, code="erwachsen",
                          label={"de": "Erwachsen"})
    Question.objects.create(page=page, position=1, code="alter", kind="number",
                            text={"de": "Wie alt?"}, min_value=6, max_value=120)
    return survey


def first_page(survey):
    return survey.current_version().pages.order_by("position").first()


def q(survey, code):
    return Question.objects.get(page__version=survey.current_version(), code=code)


@pytest.fixture
def office(client):
    client.force_login(factories.user("buero", office=True))
    return client


@pytest.fixture
def survey():
    return make_survey()


def question_post(survey, **overrides):
    data = {
        "code": "thema", "page": first_page(survey).pk, "requirement": "required",
        "text_de": "Welches Thema?", "text_en": "Which topic?", "help_text_de": "",
        "help_text_en": "", "choices_text": "1 = Sprachen | Languages\n2 = Digitales",
        "cond_question": "", "cond_op": "equals", "cond_values": "",
    }
    data.update(overrides)
    return data


# -- permissions ---------------------------------------------------------------------------
def builder_urls(survey):
    page = first_page(survey)
    question = q(survey, "gruppe")
    slug = survey.slug
    return [
        ("get", reverse("surveys:builder")),
        ("get", reverse("surveys:builder_create")),
        ("get", reverse("surveys:builder_survey", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_settings", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_duplicate", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_preview", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_channels", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_access_codes", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_delete", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_prize_draw", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_prize_draw_delete", kwargs={"slug": slug})),
        ("post", reverse("surveys:builder_access_codes", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_page_create", kwargs={"slug": slug})),
        ("get", reverse("surveys:builder_page", kwargs={"slug": slug, "page_id": page.pk})),
        ("get", reverse("surveys:builder_page_delete",
                        kwargs={"slug": slug, "page_id": page.pk})),
        ("post", reverse("surveys:builder_page_move", kwargs={"slug": slug, "page_id": page.pk})),
        ("get", reverse("surveys:builder_question_create",
                        kwargs={"slug": slug, "page_id": page.pk}) + "?art=single"),
        ("get", reverse("surveys:builder_question",
                        kwargs={"slug": slug, "question_id": question.pk})),
        ("get", reverse("surveys:builder_question_delete",
                        kwargs={"slug": slug, "question_id": question.pk})),
        ("post", reverse("surveys:builder_question_move",
                         kwargs={"slug": slug, "question_id": question.pk})),
        ("post", reverse("surveys:builder_open", kwargs={"slug": slug})),
        ("post", reverse("surveys:builder_close", kwargs={"slug": slug})),
    ]


def test_anonymous_users_are_sent_to_the_login(client, survey):
    for method, url in builder_urls(survey):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "next=" in response["Location"], url
    assert not survey.channels.exists()


def test_provider_staff_and_plain_users_get_403(client, survey):
    staff = factories.user("anbieter", providers=[factories.provider()])
    plain = factories.user("buerger")
    for account in (staff, plain):
        client.force_login(account)
        for method, url in builder_urls(survey):
            assert getattr(client, method)(url).status_code == 403, (account, url)
    survey.refresh_from_db()
    assert survey.opens_at is None  # the open button did nothing
    assert not survey.access_codes.exists()


@pytest.mark.parametrize("role", ["office", "admin"])
def test_office_and_admin_may_use_every_builder_page(client, survey, role):
    account = factories.user("b", office=role == "office", superuser=role == "admin")
    client.force_login(account)
    for method, url in builder_urls(survey):
        response = getattr(client, method)(url)
        expected = 302 if method == "post" and "zugangscodes" not in url else 200
        assert response.status_code == expected, url


def test_ids_of_another_survey_or_an_old_version_give_404(office, survey):
    other = make_survey("andere", "Andere")
    foreign_question = q(other, "gruppe")
    foreign_page = first_page(other)
    urls = [
        reverse("surveys:builder_question",
                kwargs={"slug": survey.slug, "question_id": foreign_question.pk}),
        reverse("surveys:builder_question_delete",
                kwargs={"slug": survey.slug, "question_id": foreign_question.pk}),
        reverse("surveys:builder_page", kwargs={"slug": survey.slug, "page_id": foreign_page.pk}),
        reverse("surveys:builder_page_delete",
                kwargs={"slug": survey.slug, "page_id": foreign_page.pk}),
        reverse("surveys:builder_question_create",
                kwargs={"slug": survey.slug, "page_id": foreign_page.pk}) + "?art=single",
        reverse("surveys:builder_settings", kwargs={"slug": "gibt-es-nicht"}),
    ]
    for url in urls:
        assert office.get(url).status_code == 404, url
        assert office.post(url, question_post(survey)).status_code == 404, url
    move = reverse("surveys:builder_question_move",
                   kwargs={"slug": survey.slug, "question_id": foreign_question.pk})
    assert office.post(move, {"richtung": "hoch"}).status_code == 404
    # A page id of the other survey smuggled into the question form's page field.
    url = reverse("surveys:builder_question", kwargs={"slug": survey.slug,
                                                      "question_id": q(survey, "alter").pk})
    response = office.post(url, question_post(survey, code="alter", page=foreign_page.pk))
    assert response.status_code == 200
    assert q(survey, "alter").page == first_page(survey)
    assert q(other, "gruppe").text == {"de": "Wer sind Sie?"}
    # After a new version, ids of the old version are no longer editable.
    response_row = Response.objects.create(version=survey.current_version())
    Answer.objects.create(response=response_row, question=q(survey, "alter"), number=30)
    old_id = q(survey, "alter").pk
    office.post(url, question_post(survey, code="alter", text_de="Neu", choices_text=""))
    assert survey.versions.count() == 2
    assert office.get(reverse("surveys:builder_question", kwargs={
        "slug": survey.slug, "question_id": old_id})).status_code == 404


# -- survey list, create, settings ---------------------------------------------------------
def test_list_shows_state_and_response_counts(office, survey):
    version = survey.current_version()
    Response.objects.create(version=version, submitted_on=timezone.localdate())
    Response.objects.create(version=version, submitted_on=timezone.localdate())
    Response.objects.create(version=version)
    Survey.objects.create(slug="demo", title={"de": "Demo"}, is_demo=True,
                          closes_at=timezone.now())

    html = office.get(reverse("surveys:builder")).content.decode()

    row = html.split("Wünsche</a>")[1].split("</tr>")[0]
    assert "offen" in row
    assert "<td>2</td>" in row and "<td>1</td>" in row
    demo_row = html.split(">Demo</a>")[1].split("</tr>")[0]
    assert "Entwurf" in demo_row and "badge" in demo_row


def test_create_survey_starts_closed_with_a_first_page(office):
    response = office.post(reverse("surveys:builder_create"), {
        "slug": "umfrage-2027", "title_de": INJECTION, "title_en": "Survey",
    })

    survey = Survey.objects.get(slug="umfrage-2027")
    assert response["Location"] == reverse("surveys:builder_survey", kwargs={"slug": survey.slug})
    assert survey.title == {"de": INJECTION, "en": "Survey"}
    assert survey.languages == ["de", "en"]
    assert not survey.is_open()
    assert survey.current_version().pages.count() == 1
    html = office.get(response["Location"]).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("slug, message", [
    ("wuensche", "schon eine andere Umfrage"),
    ("verwaltung", "reserviert"),
    ("auswertung", "reserviert"),
    ("Mit Leerzeichen", "Kleinbuchstaben"),
    ("../admin", "Kleinbuchstaben"),
    ("-x-", "Bindestrich"),
    ("x" * 81, "höchstens 80"),
])
def test_create_rejects_bad_slugs_in_german(office, survey, slug, message):
    response = office.post(reverse("surveys:builder_create"),
                           {"slug": slug, "title_de": "Titel"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Survey.objects.count() == 1


def test_settings_save_texts_dates_and_numbers(office, survey):
    url = reverse("surveys:builder_settings", kwargs={"slug": survey.slug})
    response = office.post(url, {
        "title_de": "Neu", "title_en": "New", "introduction_de": INJECTION,
        "privacy_notice_de": "Verantwortlich: Kreis", "thank_you_en": "Thanks",
        "prize_draw_de": "Gutscheine", "opens_at": "01.03.2027", "closes_at": "31.03.2027",
        "min_cell_size": "8", "unfinished_retention_days": "14",
        "requires_access_code": "on", "add_language": "tr",
    })

    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == {"de": "Neu", "en": "New"}
    assert survey.introduction == {"de": INJECTION}
    assert survey.thank_you == {"en": "Thanks"}
    assert survey.prize_draw == {"de": "Gutscheine"}
    assert survey.languages == ["de", "en", "tr"]
    local = timezone.localtime
    assert local(survey.opens_at).strftime("%d.%m.%Y %H:%M") == "01.03.2027 00:00"
    # A date alone means "until the end of that day".
    assert local(survey.closes_at).strftime("%d.%m.%Y %H:%M") == "01.04.2027 00:00"
    assert (survey.min_cell_size, survey.unfinished_retention_days) == (8, 14)
    assert survey.requires_access_code
    html = office.get(url).content.decode()
    assert 'name="title_tr"' in html and "Türkisch" in html
    assert "01.03.2027 00:00" in html


@pytest.mark.parametrize("field, value, message", [
    ("min_cell_size", "0", "größer oder gleich 1"),
    ("min_cell_size", "abc", "ganze Zahl"),
    ("opens_at", "31.02.2027", "gültiges Datum"),
    ("closes_at", "01.01.2020", "nach dem Beginn"),
    ("add_language", "xx", "kein bekannter Sprachcode"),
    ("add_language", "en", "schon"),
    ("title_de", "", "erforderlich"),
    ("title_de", "x" * 600, "höchstens 500"),
    ("introduction_de", "y" * 100_000, "höchstens 20000"),
])
def test_settings_reject_bad_input_in_german(office, survey, field, value, message):
    data = {"title_de": "T", "opens_at": "01.01.2021", "min_cell_size": "5",
            "unfinished_retention_days": "30"}
    data[field] = value
    response = office.post(reverse("surveys:builder_settings", kwargs={"slug": survey.slug}),
                           data)

    assert response.status_code == 200
    assert message in response.content.decode()
    survey.refresh_from_db()
    assert survey.title == {"de": "Wünsche", "en": "Wishes"}


def test_open_and_close_now(office):
    survey = Survey.objects.create(slug="s", title={"de": "S"}, closes_at=timezone.now())

    office.post(reverse("surveys:builder_open", kwargs={"slug": "s"}))
    survey.refresh_from_db()
    assert survey.is_open() and survey.closes_at is None

    office.post(reverse("surveys:builder_close", kwargs={"slug": "s"}))
    survey.refresh_from_db()
    assert not survey.is_open()
    assert office.get(reverse("surveys:builder_open", kwargs={"slug": "s"})).status_code == 405


# -- questions ---------------------------------------------------------------------------
def create_url(survey, kind):
    return reverse("surveys:builder_question_create",
                   kwargs={"slug": survey.slug, "page_id": first_page(survey).pk}) + f"?art={kind}"


def test_kind_chooser_lists_every_kind(office, survey):
    url = reverse("surveys:builder_question_create",
                  kwargs={"slug": survey.slug, "page_id": first_page(survey).pk})
    html = office.get(url).content.decode()
    for kind in Question.Kind:
        assert f'value="{kind.value}"' in html
    assert office.get(url + "?art=unsinn").status_code == 200


def test_create_single_choice_with_condition_and_translations(office, survey):
    data = question_post(survey, choices_text="1 = Sprachen | Languages\n!99 = nichts davon",
                         cond_question="gruppe", cond_op="in",
                         cond_values="schueler, erwachsen", randomize_choices="on",
                         allow_other="on", is_band="on")
    response = office.post(create_url(survey, "single"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    question = q(survey, "thema")
    assert question.kind == "single" and question.requirement == "required"
    assert question.text == {"de": "Welches Thema?", "en": "Which topic?"}
    assert question.condition == {"question": "gruppe", "op": "in",
                                  "value": ["schueler", "erwachsen"]}
    assert question.position == 2
    assert (question.randomize_choices, question.allow_other, question.is_band) == (
        True, True, True)
    assert [(c.code, c.label, c.is_exclusive) for c in question.choices.all()] == [
        ("1", {"de": "Sprachen", "en": "Languages"}, False),
        ("99", {"de": "nichts davon"}, True),
    ]


@pytest.mark.parametrize("overrides, message", [
    ({"choices_text": "1 = Ja\n1 = Nein"}, "kommt doppelt vor"),
    ({"choices_text": "1 = Ja"}, "mindestens zwei"),
    ({"choices_text": "Ja\nNein"}, "Code = Text"),
    ({"choices_text": "a b = Ja\n2 = Nein"}, "darf nur Buchstaben"),
    ({"choices_text": "1 = | Yes\n2 = Nein"}, "deutsche Text fehlt"),
    ({"choices_text": "1 = Ja | Yes | Evet\n2 = Nein"}, "Mehr Übersetzungen"),
    ({"code": "gruppe"}, "gibt es in dieser Umfrage schon"),
    ({"code": "<b>"}, "Nur Buchstaben"),
    ({"text_de": ""}, "erforderlich"),
    ({"cond_question": "gruppe", "cond_values": "lehrer"}, "kein Antwortcode der Frage"),
    ({"cond_question": "gruppe", "cond_op": "equals", "cond_values": "schueler, erwachsen"},
     "genau einem"),
    ({"cond_question": "gruppe", "cond_values": ""}, "mindestens einen Antwortcode"),
    ({"cond_question": "alter", "cond_values": "30"}, "nur „wurde beantwortet“"),
    ({"cond_question": "gibtsnicht", "cond_values": "1"}, "gibt es in dieser Umfrage nicht"),
    ({"cond_op": "drop table"}, "Auswahl"),
    ({"requirement": "immer"}, "Auswahl"),
    ({"page": "abc"}, "Auswahl"),
    ({"choices_text": "\n".join(f"{i} = x" for i in range(300))}, "Höchstens 200"),
])
def test_question_form_rejects_bad_input_in_german(office, survey, overrides, message):
    data = question_post(survey, **overrides)
    if "cond_question" in overrides and overrides.get("cond_op") is None:
        data["cond_op"] = "in"
    response = office.post(create_url(survey, "single"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.filter(code="thema").exists()


def test_condition_on_a_later_question_is_refused(office, survey):
    # "gruppe" is the first question: it may not depend on "alter", which comes after it.
    url = reverse("surveys:builder_question",
                  kwargs={"slug": survey.slug, "question_id": q(survey, "gruppe").pk})
    data = question_post(survey, code="gruppe", text_de="Wer?", cond_question="alter",
                         cond_op="answered", choices_text="schueler = S\nerwachsen = E")
    response = office.post(url, data)

    assert response.status_code == 200
    assert "erst danach kommt" in response.content.decode()
    assert q(survey, "gruppe").condition == {}


def test_moving_a_question_above_its_condition_source_is_refused(office, survey):
    alter = q(survey, "alter")
    alter.condition = {"question": "gruppe", "op": "equals", "value": "erwachsen"}
    alter.save()
    url = reverse("surveys:builder_question_move",
                  kwargs={"slug": survey.slug, "question_id": alter.pk})

    response = office.post(url, {"richtung": "hoch"}, follow=True)

    assert "kann nicht verschoben werden" in response.content.decode()
    assert list(first_page(survey).questions.order_by("position").values_list("code", flat=True)) \
        == ["gruppe", "alter"]


def test_move_up_and_down_renumbers(office, survey):
    alter = q(survey, "alter")
    url = reverse("surveys:builder_question_move",
                  kwargs={"slug": survey.slug, "question_id": alter.pk})
    codes = lambda: list(  # noqa: E731
        first_page(survey).questions.order_by("position").values_list("code", flat=True))

    office.post(url, {"richtung": "hoch"})
    assert codes() == ["alter", "gruppe"]
    office.post(url, {"richtung": "hoch"})  # already first: nothing changes
    assert codes() == ["alter", "gruppe"]
    office.post(url, {"richtung": "runter"})
    assert codes() == ["gruppe", "alter"]


def test_deleting_a_question_others_depend_on_is_refused(office, survey):
    alter = q(survey, "alter")
    alter.condition = {"question": "gruppe", "op": "answered"}
    alter.save()
    url = reverse("surveys:builder_question_delete",
                  kwargs={"slug": survey.slug, "question_id": q(survey, "gruppe").pk})

    response = office.post(url)

    assert response.status_code == 200
    assert "gibt es in dieser Umfrage nicht" in response.content.decode()
    assert Question.objects.filter(code="gruppe").exists()
    # Without the dependency the question goes.
    alter.condition = {}
    alter.save()
    assert office.post(url).status_code == 302
    assert not Question.objects.filter(code="gruppe").exists()


def test_removing_a_choice_code_a_condition_uses_is_refused(office, survey):
    alter = q(survey, "alter")
    alter.condition = {"question": "gruppe", "op": "equals", "value": "erwachsen"}
    alter.save()
    url = reverse("surveys:builder_question",
                  kwargs={"slug": survey.slug, "question_id": q(survey, "gruppe").pk})

    response = office.post(url, question_post(survey, code="gruppe", text_de="Wer?",
                                              choices_text="schueler = S\nlehrer = L"))

    assert response.status_code == 200
    assert "„erwachsen“ ist kein Antwortcode" in response.content.decode()
    assert sorted(q(survey, "gruppe").choices.values_list("code", flat=True)) == [
        "erwachsen", "schueler"]


@pytest.mark.parametrize("kind, extra, check", [
    ("matrix", {"choices_text": "1 = nie\n2 = oft", "rows_text": "a = Mathe\nb = Kunst"},
     lambda q: q.choices.filter(is_row=True).count() == 2),
    ("likert", {"choices_text": "1 = gar nicht\n2 = etwas\n3 = sehr"},
     lambda q: q.choices.count() == 3),
    ("ranking", {"choices_text": "a = A\nb = B\nc = C", "max_value": "2"},
     lambda q: q.max_value == 2),
    ("number", {"min_value": "0", "max_value": "99"},
     lambda q: (q.min_value, q.max_value) == (0, 99) and not q.choices.exists()),
    ("short_text", {}, lambda q: not q.choices.exists()),
    ("long_text", {}, lambda q: q.kind == "long_text"),
    ("catalog", {"catalog_vocabulary": "topic", "catalog_multiple": "on"},
     lambda q: q.catalog_vocabulary == "topic" and q.catalog_multiple),
    ("multiple", {"choices_text": "a = A\nb = B", "allow_other": "on"},
     lambda q: q.allow_other),
])
def test_every_kind_can_be_created(office, survey, kind, extra, check):
    data = question_post(survey, **extra)
    if "choices_text" not in extra:
        data.pop("choices_text")
    response = office.post(create_url(survey, kind), data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert check(q(survey, "thema"))


@pytest.mark.parametrize("kind, extra, message", [
    ("matrix", {"choices_text": "1 = nie\n2 = oft", "rows_text": ""}, "mindestens eine Zeile"),
    ("catalog", {"catalog_vocabulary": ""}, "welche Katalogwerte"),
    ("catalog", {"catalog_vocabulary": "passwords"}, "Auswahl"),
    ("number", {"min_value": "10", "max_value": "1"}, "mindestens der kleinste"),
    ("number", {"min_value": "1e400"}, "ganze Zahl"),
])
def test_kind_specific_validation(office, survey, kind, extra, message):
    response = office.post(create_url(survey, kind), question_post(survey, **extra))

    assert response.status_code == 200
    assert message in response.content.decode()


def test_condition_on_a_catalog_question_accepts_slugs(office, survey):
    office.post(create_url(survey, "catalog"), question_post(
        survey, code="ort", catalog_vocabulary="town"))
    response = office.post(create_url(survey, "short_text"), question_post(
        survey, code="warum", cond_question="ort", cond_op="equals", cond_values="bensheim"))

    assert response.status_code == 302
    assert q(survey, "warum").condition == {"question": "ort", "op": "equals",
                                            "value": "bensheim"}


# -- pages and branches ----------------------------------------------------------------
def test_branch_pages_with_conditions(office, survey):
    url = reverse("surveys:builder_page_create", kwargs={"slug": survey.slug})
    response = office.post(url, {"code": "schule", "title_de": "Schule", "title_en": "",
                                 "cond_question": "gruppe", "cond_op": "equals",
                                 "cond_values": "schueler"})
    assert response.status_code == 302
    page = survey.current_version().pages.get(code="schule")
    assert page.position == 1
    assert page.condition == {"question": "gruppe", "op": "equals", "value": "schueler"}

    # Duplicate page code and an unknown value are refused.
    response = office.post(url, {"code": "schule", "title_de": "", "cond_question": "gruppe",
                                 "cond_op": "equals", "cond_values": "rentner"})
    html = response.content.decode()
    assert "Diesen Seitencode gibt es schon" in html and "„rentner“ ist kein" in html

    # Moving the branch page in front of the page with its question is refused.
    move = reverse("surveys:builder_page_move", kwargs={"slug": survey.slug, "page_id": page.pk})
    response = office.post(move, {"richtung": "hoch"}, follow=True)
    assert "kann nicht verschoben werden" in response.content.decode()
    page.refresh_from_db()
    assert page.position == 1

    # The preview tells when the page is shown.
    html = office.get(reverse("surveys:builder_preview", kwargs={"slug": survey.slug})).content
    assert "Frage gruppe ist gleich schueler" in html.decode()


def test_page_delete_takes_its_questions(office, survey):
    page = Page.objects.create(version=survey.current_version(), position=1, code="zwei")
    Question.objects.create(page=page, code="extra", kind="short_text", text={"de": "x"})
    url = reverse("surveys:builder_page_delete", kwargs={"slug": survey.slug, "page_id": page.pk})

    assert "extra" in office.get(url).content.decode()
    office.post(url)

    assert not Page.objects.filter(code="zwei").exists()
    assert not Question.objects.filter(code="extra").exists()


# -- versions through the builder --------------------------------------------------------
def test_edit_after_responses_creates_a_new_version(office, survey):
    old_version = survey.current_version()
    gruppe = q(survey, "gruppe")
    response_row = Response.objects.create(version=old_version,
                                           submitted_on=timezone.localdate())
    Answer.objects.create(response=response_row, question=gruppe,
                          choice=gruppe.choices.get(code="schueler"))
    url = reverse("surveys:builder_question", kwargs={"slug": survey.slug,
                                                      "question_id": gruppe.pk})

    response = office.post(url, question_post(
        survey, code="gruppe", text_de="Wer bist du?",
        choices_text="schueler = Schüler*in\nerwachsen = Erwachsen"), follow=True)

    assert "neuen Version 2" in response.content.decode()
    survey.refresh_from_db()
    new_version = survey.current_version()
    assert new_version.number == 2
    response_row.refresh_from_db()
    answer = response_row.answers.get()
    assert response_row.version == old_version
    assert answer.question.text == {"de": "Wer sind Sie?"}
    assert answer.choice.label == {"de": "Schüler"}
    new_question = q(survey, "gruppe")
    assert new_question.text["de"] == "Wer bist du?"
    assert new_question.choices.get(code="schueler").label == {"de": "Schüler*in"}
    # Codes are preserved across versions, other questions are copied unchanged.
    assert sorted(Question.objects.filter(page__version=new_version)
                  .values_list("code", flat=True)) == ["alter", "gruppe"]
    # A refused change does not leave a half-made version behind.
    office.post(url, question_post(survey, code="gruppe", text_de="x", choices_text="1 = a"))
    assert survey.versions.count() == 2


def test_refused_change_on_frozen_version_leaves_no_new_version(office, survey):
    alter = q(survey, "alter")
    alter.condition = {"question": "gruppe", "op": "answered"}
    alter.save()
    Response.objects.create(version=survey.current_version())
    url = reverse("surveys:builder_question_delete",
                  kwargs={"slug": survey.slug, "question_id": q(survey, "gruppe").pk})

    office.post(url)

    assert survey.versions.count() == 1


# -- channels, duplicate, preview --------------------------------------------------------
def test_channels_have_links_and_names_are_checked(office, survey):
    url = reverse("surveys:builder_channels", kwargs={"slug": survey.slug})

    assert office.post(url, {"name": "Postkarte Bäckerei", "is_paper": ""}).status_code == 302
    channel = survey.channels.get()
    html = office.get(url).content.decode()
    assert f"/umfrage/{survey.slug}/?k={channel.token}" in html
    assert "http://testserver/" in html
    response = office.post(url, {"name": "postkarte bäckerei"})
    assert "gibt es schon" in response.content.decode()
    response = office.post(url, {"name": "   "})
    assert response.status_code == 200 and survey.channels.count() == 1
    response = office.post(url, {"name": INJECTION[:100]})
    assert "<script>alert" not in office.get(url).content.decode()


def test_duplicate_through_the_builder(office, survey):
    Channel.objects.create(survey=survey, name="Schule")
    url = reverse("surveys:builder_duplicate", kwargs={"slug": survey.slug})
    assert "Wünsche (Kopie)" in office.get(url).content.decode()

    response = office.post(url, {"slug": "wuensche", "title_de": "Kopie"})
    assert "schon eine andere Umfrage" in response.content.decode()

    response = office.post(url, {"slug": "wuensche-kopie", "title_de": "Kopie",
                                 "title_en": "Copy"})
    copy = Survey.objects.get(slug="wuensche-kopie")
    assert response["Location"].endswith("/umfrage/verwaltung/wuensche-kopie/")
    assert copy.title == {"de": "Kopie", "en": "Copy"}
    assert not copy.is_open()
    assert sorted(Question.objects.filter(page__version__survey=copy)
                  .values_list("code", flat=True)) == ["alter", "gruppe"]
    assert copy.channels.get().token != survey.channels.get().token


def test_preview_shows_every_question_escaped(office, survey):
    gruppe = q(survey, "gruppe")
    gruppe.text = {"de": INJECTION, "en": "Who are you?"}
    gruppe.save()
    url = reverse("surveys:builder_preview", kwargs={"slug": survey.slug})

    html = office.get(url).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "Wie alt?" in html and "Schüler" in html and "[schueler]" in html
    assert "Who are you?" in office.get(url + "?sprache=en").content.decode()
    assert office.get(url + "?sprache=%00<x>").status_code == 200


def test_conditions_on_rankings_only_ask_whether_answered(office, survey):
    office.post(create_url(survey, "ranking"), question_post(
        survey, code="rang", choices_text="a = A\nb = B"))
    response = office.post(create_url(survey, "short_text"), question_post(
        survey, code="warum", cond_question="rang", cond_op="equals", cond_values="a"))
    assert "nur „wurde beantwortet“" in response.content.decode()

    response = office.post(create_url(survey, "short_text"), question_post(
        survey, code="warum", cond_question="rang", cond_op="answered", cond_values=""))
    assert response.status_code == 302
    assert q(survey, "warum").condition == {"question": "rang", "op": "answered"}


@pytest.mark.parametrize("condition", [
    ["kaputt"], {"question": ["x"], "op": "equals"}, {"all": "x"}, {"any": []},
    {"question": "gruppe", "op": "<script>"}, {"question": "gruppe", "op": "in", "value": 5},
])
def test_broken_stored_conditions_are_reported_not_crashing(office, survey, condition):
    alter = q(survey, "alter")
    alter.condition = condition
    alter.save()

    html = office.get(reverse("surveys:builder_survey", kwargs={"slug": survey.slug}))
    assert html.status_code == 200
    assert "Probleme in der Struktur" in html.content.decode()
    assert "<script>" not in html.content.decode().split("Probleme in der Struktur")[1]
    preview = office.get(reverse("surveys:builder_preview", kwargs={"slug": survey.slug}))
    assert preview.status_code == 200
    edit = office.get(reverse("surveys:builder_question",
                              kwargs={"slug": survey.slug, "question_id": alter.pk}))
    assert edit.status_code == 200


def test_a_composite_condition_is_kept_or_removed(office, survey):
    alter = q(survey, "alter")
    composite = {"any": [{"question": "gruppe", "op": "equals", "value": "schueler"},
                         {"question": "gruppe", "op": "equals", "value": "erwachsen"}]}
    alter.condition = composite
    alter.save()
    url = reverse("surveys:builder_question",
                  kwargs={"slug": survey.slug, "question_id": alter.pk})
    data = question_post(survey, code="alter", text_de="Alter?")
    data.pop("choices_text")

    assert "zusammengesetzte Bedingung" in office.get(url).content.decode()
    assert office.post(url, data).status_code == 302
    assert q(survey, "alter").condition == composite
    assert office.post(url, data | {"cond_clear": "on"}).status_code == 302
    assert q(survey, "alter").condition == {}


def test_access_codes_are_shown_once_and_stored_as_hashes(office, survey):
    url = reverse("surveys:builder_access_codes", kwargs={"slug": survey.slug})

    response = office.post(url, {"group": "Gruppe Nord " + INJECTION[:40], "count": "12"})

    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    codes = [part.split("</code>")[0] for part in html.split("<code>")[1:]]
    assert len(codes) == 12 == len(set(codes))
    stored = set(survey.access_codes.values_list("code_hash", flat=True))
    assert stored == {AccessCode.hash(code) for code in codes}
    assert not any(code in stored for code in codes)
    assert "<script>" not in html
    # Later the page shows counts per group, never the codes.
    html = office.get(url).content.decode()
    assert codes[0] not in html
    assert "<td>12</td><td>0</td>" in html
    # Another survey's page shows none of them.
    other = make_survey("andere", "Andere")
    other_url = reverse("surveys:builder_access_codes", kwargs={"slug": other.slug})
    assert "Gruppe Nord" not in office.get(other_url).content.decode()


@pytest.mark.parametrize("data, message", [
    ({"group": "A", "count": "0"}, "größer oder gleich 1"),
    ({"group": "A", "count": "501"}, "kleiner oder gleich 500"),
    ({"group": "A", "count": "viele"}, "ganze Zahl"),
    ({"group": "   ", "count": "5"}, "Gruppe"),
    ({"group": "x" * 101, "count": "5"}, "höchstens 100"),
])
def test_access_code_form_rejects_bad_input(office, survey, data, message):
    url = reverse("surveys:builder_access_codes", kwargs={"slug": survey.slug})

    response = office.post(url, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not survey.access_codes.exists()


def test_the_template_survey_opens_in_the_builder_without_structure_problems(office):
    from bildungsportal.surveys.conditions import structure_problems
    from bildungsportal.surveys.template import load_template

    survey, _created = load_template()
    version = survey.current_version()

    assert structure_problems(version) == []
    for name in ("builder_survey", "builder_preview", "builder_settings", "builder_channels"):
        url = reverse(f"surveys:{name}", kwargs={"slug": survey.slug})
        assert office.get(url).status_code == 200, name
    # Every question's editor opens, and saving it unchanged keeps the question as it was.
    for question in Question.objects.filter(page__version=version):
        url = reverse("surveys:builder_question",
                      kwargs={"slug": survey.slug, "question_id": question.pk})
        response = office.get(url)
        assert response.status_code == 200, question.code
        form = response.context["form"]
        data = {name: field.value() for name, field in
                ((n, form[n]) for n in form.fields)}
        data = {k: ("on" if v is True else v) for k, v in data.items()
                if v not in (None, False)}
        before = (question.text, question.condition, question.requirement,
                  sorted(question.choices.values_list("code", "is_row", "is_exclusive", "label")))
        saved = office.post(url, data)
        assert saved.status_code == 302, (question.code, saved.content.decode()[-2000:])
        question.refresh_from_db()
        after = (question.text, question.condition, question.requirement,
                 sorted(question.choices.values_list("code", "is_row", "is_exclusive", "label")))
        assert after == before, question.code
    assert survey.versions.count() == 1
