"""Content in each language: the demo content is translated, pages and lists show the reader's language,
editors edit every language in the admin, and the demo content loads idempotently with its translations."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.http import urlencode

from sco_portal.centers.models import Center
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
from sco_portal.taxonomy.models import Country, CountryStatus, Topic
from tests.factories import CenterFactory, EventFactory, StatementFactory, TopicFactory

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
LANGUAGES = ("ru", "zh_hans")


def fixture_objects(model):
    for path in sorted(FIXTURES.glob("*.json")):
        for obj in json.loads(path.read_text(encoding="utf-8")):
            if obj["model"] == model:
                yield obj["fields"]


# The demo content.


@pytest.mark.parametrize(
    ("model", "fields", "count"),
    [
        ("events.event", ("title", "summary", "body"), 14),
        ("centers.center", ("title", "summary", "body"), 17),
        ("statements.statement", ("title", "summary", "body"), 12),
        ("taxonomy.country", ("name",), 27),
        ("taxonomy.topic", ("name", "description"), 15),
    ],
)
def test_every_demo_item_is_translated_into_russian_and_chinese(model, fields, count):
    objects = list(fixture_objects(model))
    assert len(objects) == count
    for item in objects:
        for field in fields:
            for language in LANGUAGES:
                text = item.get(f"{field}_{language}", "")
                assert text.strip(), f"{model} {item['slug']}: no {field}_{language}"
                assert text != item[field], f"{model} {item['slug']}: {field}_{language} is the English text"


def test_chinese_texts_are_chinese_and_russian_texts_are_cyrillic():
    for model in ("events.event", "centers.center", "statements.statement", "taxonomy.topic", "taxonomy.country"):
        for item in fixture_objects(model):
            name = "title" if "title" in item else "name"
            assert any("\u4e00" <= ch <= "\u9fff" for ch in item[f"{name}_zh_hans"]), item[f"{name}_zh_hans"]
            assert any("\u0400" <= ch <= "\u04ff" for ch in item[f"{name}_ru"]), item[f"{name}_ru"]


def test_translated_lists_and_bodies_keep_every_line():
    """Lists (participants, key points) and Markdown bodies have as many lines in each language as in English."""
    for model, field in (
        ("events.event", "participants"),
        ("statements.statement", "key_points"),
        ("events.event", "body"),
        ("centers.center", "body"),
        ("statements.statement", "body"),
    ):
        for item in fixture_objects(model):
            if item.get(field):
                for language in LANGUAGES:
                    assert len(item[f"{field}_{language}"].splitlines()) == len(item[field].splitlines())


def test_official_names_are_used():
    countries = {c["slug"]: c for c in fixture_objects("taxonomy.country")}
    assert countries["china"]["name_zh_hans"] == "中国"
    assert countries["russia"]["name_ru"] == "Россия"
    assert countries["kazakhstan"]["name_zh_hans"] == "哈萨克斯坦"
    events = {e["slug"]: e for e in fixture_objects("events.event")}
    assert events["sco-founded-2001"]["title_zh_hans"] == "上海合作组织成立"
    assert "Шанхайской организации сотрудничества" in events["sco-founded-2001"]["title_ru"]
    assert events["sco-summit-2025-tianjin"]["city_zh_hans"] == "天津"


def test_facts_stay_the_same_in_every_language():
    """Numbers in a summary (dates, counts) appear in its translations too."""
    import re

    for model in ("events.event", "centers.center", "statements.statement"):
        for item in fixture_objects(model):
            numbers = set(re.findall(r"\b\d+\b", item["summary"]))  # not ordinals: "25th" is 第二十五
            for language in LANGUAGES:
                assert numbers <= set(re.findall(r"\d+", item[f"summary_{language}"])), (item["slug"], language)


@pytest.mark.django_db
def test_load_content_twice_changes_nothing_with_translations():
    call_command("load_content", verbosity=0)
    event = Event.objects.get(slug="sco-summit-2025-tianjin")
    updated = event.updated_at
    from io import StringIO

    out = StringIO()
    call_command("load_content", stdout=out)
    assert "created 0, updated 0, unchanged 138" in out.getvalue()
    event.refresh_from_db()
    assert event.updated_at == updated
    assert event.title_zh_hans == "2025年上合组织天津峰会"
    assert event.title_en == event.title == "SCO Summit 2025 in Tianjin"


@pytest.mark.django_db
def test_load_content_saves_a_changed_translation(tmp_path):
    call_command("load_content", verbosity=0)
    changed = [dict(model="taxonomy.topic", fields=dict(next(fixture_objects("taxonomy.topic"))))]
    changed[0]["fields"]["name_ru"] = "ИИ"
    path = tmp_path / "topic.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("load_content", str(path), stdout=out)
    assert "updated 1" in out.getvalue()
    topic = Topic.objects.get(slug="artificial-intelligence")
    assert (topic.name_en, topic.name_ru) == ("Artificial intelligence", "ИИ")


@pytest.mark.django_db
def test_every_language_gets_its_own_rendered_body():
    event = EventFactory(body="**English**", body_ru="**Русский**")
    assert event.body_html_en == "<p><strong>English</strong></p>"
    assert event.body_html_ru == "<p><strong>Русский</strong></p>"
    assert event.body_html_zh_hans == ""
    with translation.override("zh-hans"):
        assert event.body_html == event.body_html_en  # no Chinese body: English
    with translation.override("ru"):
        assert event.body_html == event.body_html_ru


@pytest.mark.django_db
def test_original_columns_stay_english_whatever_language_saves():
    event = EventFactory(title="English title", title_ru="Русский заголовок")
    with translation.override("ru"):
        event.summary = "Новое резюме"
        event.save()
    row = Event.objects.rewrite(False).values("title", "summary", "summary_ru").get(pk=event.pk)
    assert row["title"] == "English title"
    assert row["summary_ru"] == "Новое резюме"


# Pages in each language.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "title", "country", "topic"),
    [
        ("", "SCO Summit 2025 in Tianjin", "China", "Security"),
        ("/ru", "Саммит ШОС 2025 года в Тяньцзине", "Китай", "Безопасность"),
        ("/zh-hans", "2025年上合组织天津峰会", "中国", "安全"),
    ],
)
def test_demo_pages_show_the_readers_language(client, demo_content, prefix, title, country, topic):
    page = client.get(f"{prefix}/events/sco-summit-2025-tianjin/").content.decode()
    assert f"<h1>{title}</h1>" in page
    assert country in page
    for path in ("/timeline/?kind=summit", "/events/?kind=summit", f"/search/?{urlencode({'q': title})}"):
        assert title in client.get(f"{prefix}{path}").content.decode(), path
    assert country in client.get(f"{prefix}/countries/").content.decode()
    assert topic in client.get(f"{prefix}/topics/").content.decode()
    assert title in client.get(f"{prefix}/countries/china/").content.decode()


@pytest.mark.django_db
def test_timeline_and_home_show_translated_titles_and_topics(client):
    topic = TopicFactory(name="Energy", name_ru="Энергетика", name_zh_hans="能源")
    EventFactory(title="Power forum", title_ru="Энергофорум", title_zh_hans="能源论坛", topics=[topic])
    CenterFactory(title="Grid center", title_zh_hans="电网中心")
    StatementFactory(title="Statement on power", title_ru="Заявление об энергии")
    timeline = client.get("/zh-hans/timeline/").content.decode()
    assert "能源论坛" in timeline and "电网中心" in timeline and ">能源<" in timeline
    home = client.get("/ru/").content.decode()
    assert "Энергофорум" in home and "Заявление об энергии" in home
    listing = client.get("/ru/events/").content.decode()
    assert "Энергофорум" in listing and "Энергетика" in listing


@pytest.mark.django_db
def test_lists_order_countries_by_their_name_in_the_readers_language(client, demo_content):
    with translation.override("ru"):
        names = list(Country.objects.values_list("name", flat=True))
    assert names == sorted(names)
    assert names[0] == "Азербайджан"


# The admin.


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a long passphrase 1")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "url", "fields"),
    [
        (EventFactory, "/admin/events/event/{}/change/", ("title", "summary", "body", "city", "hosts")),
        (CenterFactory, "/admin/centers/center/{}/change/", ("title", "summary", "body", "host_organization")),
        (StatementFactory, "/admin/statements/statement/{}/change/", ("title", "summary", "body", "issuer")),
    ],
)
def test_admin_change_form_has_every_language_of_each_translated_field(admin_client, factory, url, fields):
    item = factory(title_ru="Заголовок", title_zh_hans="标题")
    page = admin_client.get(url.format(item.pk)).content.decode()
    for field in fields:
        positions = [page.index(f'name="{field}_{language}"') for language in ("en", "ru", "zh_hans")]
        assert positions == sorted(positions), "languages side by side, English first"
        assert f'name="{field}"' not in page
    assert 'value="Заголовок"' in page and 'value="标题"' in page
    # No script from another origin: the plain (not tabbed) translation admin.
    assert "jquery-ui" not in page.lower()


@pytest.mark.django_db
def test_admin_saves_translations_and_requires_english_only(admin_client):
    item = EventFactory()
    page = admin_client.get(f"/admin/events/event/{item.pk}/change/")
    form = page.context["adminform"].form
    assert form.fields["title_en"].required
    assert not form.fields["title_ru"].required and not form.fields["title_zh_hans"].required


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Country, Topic])
def test_admin_edits_country_and_topic_names_in_every_language(admin_client, model):
    if model is Country:
        obj = Country.objects.create(name="Laos", name_ru="Лаос", name_zh_hans="老挝", slug="laos", iso_code="LA")
        CountryStatus.objects.create(country=obj, status="partner", since="2025-09-01", note="Tianjin summit")
    else:
        obj = Topic.objects.create(name="Energy", name_ru="Энергетика", name_zh_hans="能源", slug="energy")
    page = admin_client.get(f"/admin/taxonomy/{model._meta.model_name}/{obj.pk}/change/").content.decode()
    for language in ("en", "ru", "zh_hans"):
        assert f'name="name_{language}"' in page
    found = admin_client.get(f"/admin/taxonomy/{model._meta.model_name}/?q={obj.name_ru}").content.decode()
    assert f"/admin/taxonomy/{model._meta.model_name}/{obj.pk}/change/" in found


@pytest.mark.django_db
def test_untranslated_names_are_null_so_they_never_collide():
    """Names are unique; two countries without a Chinese name must not clash on an empty string."""
    Country.objects.create(name="A", slug="a", iso_code="AA")
    Country.objects.create(name="B", slug="b", iso_code="BB")
    assert Country.objects.filter(name_zh_hans__isnull=True).count() == 2


@pytest.mark.django_db
def test_translation_models_are_the_sections_and_taxonomy():
    from modeltranslation.translator import translator

    registered = set(translator.get_registered_models(abstract=False))
    assert {Event, Center, Statement, Country, Topic, CountryStatus} <= registered
