"""The demo content: it loads idempotently, and the facts drawn from the seed documents are exact."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from sco_portal.centers.models import Center
from sco_portal.core.dates import DatePrecision
from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import Event
from sco_portal.statements.models import Statement
from sco_portal.taxonomy.models import Country, CountryStatus, Source, Topic, sco_counts

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CONTENT_MODELS = (Event, Center, Statement)
ALL_MODELS = (Topic, Country, CountryStatus, Source, *CONTENT_MODELS)


@pytest.fixture
def content(db):
    call_command("load_content", verbosity=0)


def snapshot():
    """Every row's identity, plus its timestamps where it has them."""
    rows = {}
    for model in ALL_MODELS:
        for obj in model.objects.all():
            rows[(model._meta.label, obj.pk)] = (getattr(obj, "created_at", None), getattr(obj, "updated_at", None))
    return rows


def test_fixtures_use_natural_keys_only():
    files = sorted(FIXTURES.glob("*.json"))
    assert len(files) >= 6
    for path in files:
        for obj in json.loads(path.read_text(encoding="utf-8")):
            assert "pk" not in obj, f"{path.name}: {obj['model']} has a pk"


@pytest.mark.django_db
def test_loading_twice_changes_nothing(capsys):
    call_command("load_content", verbosity=0)
    first = snapshot()
    assert first
    call_command("load_content")
    assert "created 0, updated 0, unchanged" in capsys.readouterr().out
    assert snapshot() == first


@pytest.mark.django_db
def test_reload_repairs_an_edited_row_and_leaves_the_rest(capsys):
    call_command("load_content", verbosity=0)
    event = Event.objects.get(slug="ninth-sco-science-technology-ministers-meeting-chengdu")
    event.city = "Somewhere else"
    event.save()
    event.topics.clear()
    before = snapshot()
    call_command("load_content")
    assert "created 0, updated 1, unchanged" in capsys.readouterr().out
    event.refresh_from_db()
    assert event.city == "Chengdu"
    assert event.topics.filter(slug="artificial-intelligence").exists()
    after = snapshot()
    key = ("events.Event", event.pk)
    assert after[key][1] > before[key][1]
    assert {k: v for k, v in after.items() if k != key} == {k: v for k, v in before.items() if k != key}


@pytest.mark.django_db
def test_dry_run_saves_nothing(capsys):
    call_command("load_content", "--dry-run")
    assert "would have created" in capsys.readouterr().out
    assert not Event.objects.exists()
    assert not Country.objects.exists()


def test_counts(content):
    assert Event.objects.count() >= 12
    assert Center.objects.count() >= 12
    assert Statement.objects.count() >= 10
    assert Topic.objects.count() >= 10
    for model in CONTENT_MODELS:
        assert model.objects.published().count() == model.objects.count()
        assert not model.objects.exclude(status=PublicationStatus.PUBLISHED).exists()
    assert 4 <= Center.objects.filter(featured=True).count() <= 6


def test_every_item_cites_a_source_and_renders(content):
    for model in CONTENT_MODELS:
        for item in model.objects.prefetch_related("sources"):
            assert item.sources.exists(), f"{model.__name__} {item.slug} cites no source"
            assert item.summary.strip(), item.slug
            assert item.body_html.strip().startswith("<"), f"{model.__name__} {item.slug} has no rendered body"


def test_sources_describe_the_seed_documents(content):
    seeds = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    for source in Source.objects.all():
        assert source.document.endswith(".txt")
        assert source.url == ""
        if seeds.is_dir():
            assert (seeds / source.document).is_file(), source.document
    qingdao = Source.objects.get(key="seed-001-qingdao-center")
    assert qingdao.published_on == datetime.date(2025, 9, 5)
    assert (
        qingdao.title == "China-SCO Sci-Tech Innovation Cooperation Center unveiled to promote multilateral cooperation"
    )


def test_ministers_meeting_in_chengdu(content):
    event = Event.objects.get(slug="ninth-sco-science-technology-ministers-meeting-chengdu")
    assert event.start_date == datetime.date(2025, 6, 12)
    assert event.date_precision == DatePrecision.DAY
    assert event.end_date is None
    assert event.city == "Chengdu"
    assert event.country.iso_code == "CN"
    assert "Yin Hejun" in event.hosts


def test_qingdao_center_unveiled_on_4_september(content):
    center = Center.objects.get(slug="china-sco-sci-tech-innovation-cooperation-center")
    assert center.launched_on == datetime.date(2025, 9, 4)
    assert center.launched_precision == DatePrecision.DAY
    assert center.city == "Qingdao"
    assert center.country.slug == "china"
    assert center.key_date == datetime.date(2025, 9, 4)
    assert center.featured
    assert {
        "artificial-intelligence",
        "digital-economy",
        "healthcare-bio-medicine",
        "agriculture",
        "climate-change",
    } <= set(center.topics.values_list("slug", flat=True))
    unveiling = center.events.get(kind="unveiling")
    assert unveiling.start_date == datetime.date(2025, 9, 4)
    assert unveiling.city == "Qingdao"


def test_tianjin_tashkent_train_is_known_to_the_month(content):
    train = Event.objects.get(slug="tianjin-tashkent-cargo-train-2025")
    assert train.date_precision == DatePrecision.MONTH
    assert train.start_date == datetime.date(2025, 5, 1)
    assert train.date_display == "May 2025"
    assert train.date_iso == "2025-05"
    assert "50 containers" in train.summary
    assert set(train.countries.values_list("slug", flat=True)) == {"china", "uzbekistan"}


def test_summit_and_its_meetings(content):
    summit = Event.objects.get(slug="sco-summit-2025-tianjin")
    assert (summit.start_date, summit.end_date) == (datetime.date(2025, 8, 31), datetime.date(2025, 9, 1))
    assert summit.city == "Tianjin"
    assert summit.venue == "Meijiang Convention and Exhibition Center"
    council = Event.objects.get(slug="sco-council-of-heads-of-state-25th-meeting")
    assert council.start_date == datetime.date(2025, 9, 1)
    assert council.statements.filter(kind="statement").count() == 6
    speech = council.statements.get(kind="speech")
    assert speech.issued_on == datetime.date(2025, 9, 1)
    assert len(speech.key_point_list) == 5
    plus_speech = Statement.objects.get(slug="xi-jinping-speech-sco-plus-meeting-2025")
    assert plus_speech.event.start_date == datetime.date(2025, 9, 1)
    assert len(plus_speech.key_point_list) == 5


def test_partial_dates_are_never_given_a_day(content):
    founding = Event.objects.get(slug="sco-founded-2001")
    assert (founding.date_precision, founding.date_display) == (DatePrecision.YEAR, "2001")
    for event in Event.objects.exclude(date_precision=DatePrecision.DAY):
        assert event.start_date.day == 1
        assert event.end_date is None
    luban = Center.objects.get(slug="pakistan-luban-workshop")
    assert [m["display"] for m in luban.milestones()] == ["2018"]


def test_platforms_initiated_day_after_summit(content):
    event = Event.objects.get(slug="sco-cooperation-platforms-initiated-2025")
    assert event.start_date == datetime.date(2025, 9, 2)
    assert event.city == ""
    assert event.centers.filter(kind="platform").count() == 3
    for center in event.centers.all():
        assert center.launched_on == datetime.date(2025, 9, 2)


def test_every_item_that_dates_by_the_summit_cites_the_seed_that_dates_the_summit(content):
    # Only seed 004 gives the summit's days (31 August and 1 September 2025).
    for model in (Event, Center, Statement):
        for item in model.objects.prefetch_related("sources"):
            if "day after the" in item.body + item.summary:
                assert "seed-004-china-commitment-sco" in {s.key for s in item.sources.all()}, item.slug


def test_a_publisher_is_given_only_where_the_document_names_itself(content):
    # No seed names its own publisher; an outlet an interviewee spoke to is not the document's publisher.
    assert set(Source.objects.values_list("publisher", flat=True)) == {""}


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_the_council_statements_say_their_day_is_the_meetings(content, language):
    from django.utils import translation

    marks = {
        "en": "does not date the statements",
        "ru": "не датирует сами заявления",
        "zh-hans": "未注明各项声明本身的日期",
    }
    with translation.override(language):
        council = Statement.objects.filter(issuer_en="Council of Heads of State of the SCO")
        assert council.count() == 6
        for statement in council:
            assert statement.issued_on == datetime.date(2025, 9, 1)
            assert marks[language] in statement.body, statement.slug


def test_sco_membership_over_time(content):
    before = sco_counts(datetime.date(2025, 8, 31))
    assert (before["members"], before["observers"], before["dialogue_partners"], before["total"]) == (10, 2, 14, 26)
    after = sco_counts(datetime.date(2025, 9, 2))
    assert (after["members"], after["sco_partners"], after["partners"], after["total"]) == (10, 17, 17, 27)
    assert after["observers"] == after["dialogue_partners"] == 0
    assert sco_counts(datetime.date(2024, 1, 1))["members"] == 9
    assert sco_counts(datetime.date(2024, 7, 4))["members"] == 10
    assert sco_counts(datetime.date(2001, 6, 15))["members"] == 6
    assert sco_counts(datetime.date(2001, 6, 14))["total"] == 0


def test_countries_are_not_promoted(content):
    assert not Country.objects.filter(slug="south-africa").exists()
    assert not Country.objects.filter(iso_code="ZA").exists()
    belarus = Country.objects.get(slug="belarus")
    assert belarus.status_on(datetime.date(2024, 7, 3)).status == "observer"
    assert belarus.status_on(datetime.date(2024, 7, 4)).status == "member"
    assert Country.objects.get(iso_code="TR").name == "Türkiye"
    assert Country.objects.get(slug="laos").status_on(datetime.date(2025, 8, 31)) is None
