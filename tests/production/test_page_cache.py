"""The page cache: repeat visits cost no query, and no change by anyone is ever hidden by a cached page."""

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError
from django.test import Client
from django.utils import timezone

from sco_portal.core import cache as page_cache_module
from sco_portal.core.models import ChangeNote, PublicationStatus
from sco_portal.events.models import Event
from sco_portal.taxonomy.models import Country, CountryStatus, SCOStatus, Topic
from tests.factories import (
    CenterFactory,
    CountryStatusFactory,
    EventFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def public_urls():
    event = Event.objects.published().order_by("pk").first()
    topic, country = Topic.objects.order_by("pk").first(), Country.objects.in_sco_on().order_by("pk").first()
    return [
        "/",
        "/timeline/",
        "/events/",
        "/events/?year=2025",
        event.get_absolute_url(),
        "/centers/",
        "/statements/",
        "/countries/",
        country.get_absolute_url(),
        "/topics/",
        topic.get_absolute_url(),
        "/search/?q=SCO",
        "/feeds/",
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        "/feeds/latest.json",
        "/feeds/events.rss",
        f"/feeds/topics/{topic.slug}.rss",
        "/events/calendar.ics",
        "/sitemap.xml",
        "/robots.txt",
        "/ru/events/",
        "/zh-hans/",
    ]


def test_repeat_visit_is_answered_from_the_cache_without_a_query(client, demo_content, django_assert_num_queries):
    for url in public_urls():
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["X-Cache"] == "miss", url
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again["X-Cache"] == "hit", url
        assert again.content == first.content, url
        assert again["Content-Type"] == first["Content-Type"], url


def test_cached_page_answers_conditional_get_and_head_without_a_query(client, demo_content, django_assert_num_queries):
    first = client.get("/feeds/latest.rss")
    client.get("/events/")
    with django_assert_num_queries(0):
        not_modified = client.get("/feeds/latest.rss", HTTP_IF_NONE_MATCH=first["ETag"])
        head = client.head("/events/")
    assert not_modified.status_code == 304
    assert head.status_code == 200 and head["X-Cache"] == "hit"


def test_a_hit_is_answered_before_sessions_and_sign_in_are_looked_at(client, demo_content, django_assert_num_queries):
    client.get("/ru/events/")
    client.get("/events/")  # English is the thread's language now
    with django_assert_num_queries(0):
        hit = client.get("/ru/events/")
    assert hit["X-Cache"] == "hit" and b'lang="ru"' in hit.content
    assert hit["Content-Language"] == "ru"
    assert not hasattr(hit.wsgi_request, "user") and not hasattr(hit.wsgi_request, "session")
    assert hit.wsgi_request.LANGUAGE_CODE == "ru"


def test_browsers_languages_neither_change_a_page_nor_split_the_cache(client, demo_content):
    english = client.get("/events/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert english["X-Cache"] == "miss" and b'lang="en"' in english.content
    assert "accept-language" not in english.get("Vary", "").lower()
    for header in ("zh-CN,zh;q=0.9", "en-GB", ""):
        again = client.get("/events/", HTTP_ACCEPT_LANGUAGE=header)
        assert again["X-Cache"] == "hit" and again.content == english.content, header
    russian = client.get("/ru/events/", HTTP_ACCEPT_LANGUAGE="en")
    assert russian["Content-Language"] == "ru" and b'lang="ru"' in russian.content


def test_a_reader_with_messages_waiting_is_never_answered_from_the_cache(client, demo_content):
    client.get("/events/")
    client.cookies["messages"] = "pending"
    assert not client.get("/events/").has_header("X-Cache")


def test_clients_must_revalidate_so_they_see_changes_at_once(client, demo_content):
    response = client.get("/events/")
    assert response["Cache-Control"] == "no-cache"
    assert response["ETag"]


@pytest.mark.parametrize(
    "url", ["/events/no-such-event/", "/events/?year=abc", "/feeds/events.rss?topic=nope", "/ru/timeline/?page=999"]
)
def test_errors_are_revalidated_too_so_a_404_is_not_kept_past_the_items_publication(client, demo_content, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert response["Cache-Control"] == "no-cache"


def test_each_language_is_cached_apart(client, demo_content):
    english, russian = client.get("/events/"), client.get("/ru/events/")
    assert (english["X-Cache"], russian["X-Cache"]) == ("miss", "miss")
    assert b'lang="ru"' in client.get("/ru/events/").content
    assert b'lang="en"' in client.get("/events/").content


def test_vary_headers_are_respected(client, settings):
    settings.ROOT_URLCONF = "tests.production.urls"
    gzipped = client.get("/test/by-encoding/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert gzipped["Content-Encoding"] == "gzip"
    plain = client.get("/test/by-encoding/", HTTP_ACCEPT_ENCODING="identity")
    assert plain.content == b"hello" and not plain.has_header("Content-Encoding")
    assert plain["X-Cache"] == "miss"
    again = client.get("/test/by-encoding/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert again["X-Cache"] == "hit" and again["Content-Encoding"] == "gzip"


@pytest.mark.parametrize(
    "url",
    ["/admin/login/", "/healthz", "/preview/events/1/", "/ru/preview/events/1/", "/events/?year=abc", "/events/nope/"],
)
def test_admin_health_previews_and_errors_are_never_cached(client, demo_content, url):
    first, again = client.get(url), client.get(url)
    assert not first.has_header("X-Cache") and not again.has_header("X-Cache"), url


def test_responses_that_set_cookies_are_never_stored(client, settings):
    settings.ROOT_URLCONF = "tests.production.urls"
    assert client.get("/test/counter/").content == client.get("/test/counter/").content
    assert Client().get("/test/sets-cookie/").content != Client().get("/test/sets-cookie/").content


def test_posts_are_never_answered_from_the_cache(client, settings):
    settings.ROOT_URLCONF = "tests.production.urls"
    client.get("/test/counter/")
    assert client.post("/test/counter/").content != client.get("/test/counter/").content


def test_signed_in_staff_see_live_pages_and_never_fill_the_cache(client, admin_client, demo_content):
    staff_first = admin_client.get("/events/")
    assert not staff_first.has_header("X-Cache")
    assert client.get("/events/")["X-Cache"] == "miss"  # the staff member's page was not stored
    assert not admin_client.get("/events/").has_header("X-Cache")


def test_page_cache_off_when_seconds_is_zero(client, settings, demo_content):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    client.get("/events/")
    response = client.get("/events/")
    assert not response.has_header("X-Cache")


# --- A change is visible on the very next request -------------------------------------------------------


def prime(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url


def test_an_edit_shows_at_once_on_every_page_and_feed(client, demo_content):
    event = Event.objects.published().order_by("-start_date").first()
    topic = event.topics.first()
    urls = ["/", "/events/", event.get_absolute_url(), "/timeline/", "/feeds/latest.rss", f"/topics/{topic.slug}/"]
    prime(client, *urls)
    for url in urls:
        assert event.title.encode() in client.get(url).content, url
    event.title = "A renamed event everyone must see"
    event.save()
    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "miss", url
        assert b"A renamed event everyone must see" in response.content, url


def test_admin_publish_and_unpublish_actions_show_at_once(client, admin_client, demo_content):
    draft = EventFactory(title="Drafted summit", status=PublicationStatus.DRAFT)
    prime(client, "/events/", "/feeds/events.rss")
    assert b"Drafted summit" not in client.get("/events/").content
    changelist = "/admin/events/event/"
    admin_client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert b"Drafted summit" in client.get("/events/").content
    assert b"Drafted summit" in client.get("/feeds/events.rss").content
    assert client.get(f"/events/{draft.slug}/").status_code == 200
    prime(client, f"/events/{draft.slug}/")
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    assert b"Drafted summit" not in client.get("/events/").content


def test_a_deletion_shows_at_once(client, demo_content):
    event = Event.objects.published().order_by("pk").first()
    url = event.get_absolute_url()
    prime(client, url, "/events/", "/feeds/latest.atom")
    title = event.title.encode()
    event.delete()
    assert client.get(url).status_code == 404
    assert title not in client.get("/events/").content
    assert title not in client.get("/feeds/latest.atom").content


def test_related_and_taxonomy_changes_show_at_once(client, demo_content):
    event = Event.objects.published().order_by("pk").first()
    new_topic = Topic.objects.exclude(pk__in=event.topics.all()).order_by("pk").first()
    prime(client, f"/topics/{new_topic.slug}/", event.get_absolute_url())
    event.topics.add(new_topic)  # many-to-many only: the event row itself does not change
    assert event.title.encode() in client.get(f"/topics/{new_topic.slug}/").content
    new_topic.name = "Quantum gardening"
    new_topic.save()
    assert b"Quantum gardening" in client.get(event.get_absolute_url()).content


def members_shown(client):
    html = client.get("/").content.decode()
    return int(html.split("Member states</dt><dd>")[1].split("<")[0])


def test_a_status_change_shows_at_once_in_the_counts(client, demo_content):
    prime(client, "/")
    members = members_shown(client)
    country = Country.objects.create(name="Testland", slug="testland", iso_code="TL")
    CountryStatus.objects.create(country=country, status=SCOStatus.MEMBER, since=datetime.date(2001, 6, 15))
    assert members_shown(client) == members + 1


def test_change_notes_and_former_addresses_show_at_once(client, demo_content):
    event = Event.objects.published().order_by("pk").first()
    old_url = event.get_absolute_url()
    prime(client, old_url)
    ChangeNote.objects.create(
        content_type=ContentType.objects.get_for_model(Event), object_id=event.pk, note="Corrected the venue."
    )
    assert b"Corrected the venue." in client.get(old_url).content
    event.slug = "a-new-address"
    event.save()
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"].endswith("/events/a-new-address/")


def test_generated_content_written_without_signals_shows_at_once(client, demo_content):
    from django.core.management import call_command

    shown = client.get("/statements/").context["paginator"].count
    assert client.get("/statements/")["X-Cache"] == "hit"
    call_command("generate_content", events=0, centers=0, statements=3, verbosity=0)
    response = client.get("/statements/")
    assert response["X-Cache"] == "miss"
    assert response.context["paginator"].count == shown + 3


# --- Scheduled publication and the passing of days ----------------------------------------------------------


def test_a_scheduled_item_appears_when_its_time_comes_though_no_row_changes(client, demo_content, monkeypatch):
    real_now = timezone.now()
    EventFactory(title="Scheduled congress", publish_at=real_now + datetime.timedelta(hours=1))
    prime(client, "/events/", "/feeds/latest.rss")
    assert b"Scheduled congress" not in client.get("/events/").content
    monkeypatch.setattr(timezone, "now", lambda: real_now + datetime.timedelta(hours=1, seconds=1))
    for url in ("/events/", "/feeds/latest.rss"):
        response = client.get(url)
        assert response["X-Cache"] == "miss", url
        assert b"Scheduled congress" in response.content, url


def test_a_cached_page_does_not_outlive_the_day(client, demo_content, monkeypatch):
    real_now = timezone.now()
    prime(client, "/")
    tomorrow = timezone.make_aware(datetime.datetime.combine(timezone.localdate(real_now), datetime.time.min))
    monkeypatch.setattr(timezone, "now", lambda: tomorrow + datetime.timedelta(days=1, seconds=1))
    assert client.get("/")["X-Cache"] == "miss"


def test_fresh_until_is_the_next_publication_or_midnight(db):
    now = timezone.now()
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now) + datetime.timedelta(days=1), datetime.time.min)
    )
    assert page_cache_module.fresh_until(now) == midnight
    soon = EventFactory(publish_at=now + datetime.timedelta(seconds=90))
    EventFactory(publish_at=now + datetime.timedelta(seconds=30), status=PublicationStatus.DRAFT)
    expected = min(soon.publish_at, midnight)
    assert page_cache_module.fresh_until(now) == expected


# --- The content generation -----------------------------------------------------------------------------


def portal_models():
    """Every model of every portal app; many-to-many tables send m2m_changed instead (tested below)."""
    labels = page_cache_module._portal_app_labels()
    return [model for model in apps.get_models() if model._meta.app_label in labels]


def test_every_portal_app_is_watched():
    assert {"core", "taxonomy", "events", "centers", "statements"} <= page_cache_module._portal_app_labels()


@pytest.fixture
def every_kind_of_row(db):
    """Two rows of every portal model (one may be protected from deletion by the other's references)."""
    for _ in range(2):
        topics, countries = [TopicFactory()], [CountryStatusFactory().country]
        center = CenterFactory(topics=topics, countries=countries)
        event = EventFactory(topics=topics, countries=countries)
        statement = StatementFactory(topics=topics, countries=countries, event=event)
        for item in (center, event, statement):
            item.sources.add(SourceFactory())
        event.centers.add(center)
        statement.centers.add(center)
        ChangeNote.objects.create(content_type=ContentType.objects.get_for_model(Event), object_id=event.pk, note="n")
        event.slug = f"{event.slug}-moved"
        event.save()  # leaves a former address (SlugRedirect)


@pytest.mark.parametrize("model", portal_models(), ids=lambda model: model._meta.label)
def test_saving_or_deleting_any_portal_model_retires_cached_pages(every_kind_of_row, model):
    instances = list(model._default_manager.order_by("pk"))
    if not instances:
        pytest.skip(f"no {model._meta.label} rows: add some to the every_kind_of_row fixture")
    before = page_cache_module.current_generation()
    instances[0].save()
    after_save = page_cache_module.current_generation()
    assert after_save != before
    for instance in instances:  # the first one nothing protects from deletion
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError:
            continue
        break
    else:
        pytest.fail(f"every {model._meta.label} is protected from deletion")
    assert page_cache_module.current_generation() != after_save


def many_to_many_fields():
    return [
        (model, field.name)
        for model in portal_models()
        for field in model._meta.get_fields()
        if field.many_to_many and not field.auto_created
    ]


@pytest.mark.parametrize(
    ("model", "name"), many_to_many_fields(), ids=lambda value: value if isinstance(value, str) else value.__name__
)
def test_changing_any_many_to_many_relation_retires_cached_pages(every_kind_of_row, model, name):
    instance = model._default_manager.order_by("pk").first()
    related = getattr(instance, name)
    other = related.model._default_manager.exclude(pk__in=related.all()).order_by("pk").first()
    for change in (lambda: related.add(other), lambda: related.remove(other), lambda: related.clear()):
        before = page_cache_module.current_generation()
        change()
        assert page_cache_module.current_generation() != before


def test_a_change_moves_the_generation_again_when_it_commits(demo_content, django_capture_on_commit_callbacks):
    event = Event.objects.order_by("pk").first()
    before = page_cache_module.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
        during = page_cache_module.current_generation()
        assert during != before
    assert page_cache_module.current_generation() != during


def test_models_outside_the_portal_do_not_retire_pages(django_user_model):
    before = page_cache_module.current_generation()
    django_user_model.objects.create_user("reader", password="a long passphrase")
    assert page_cache_module.current_generation() == before


# --- When the cache is down --------------------------------------------------------------------------------

UNREACHABLE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_pages_are_served_live_while_the_cache_is_down(client, settings, demo_content):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/events/")
    assert response.status_code == 200
    assert not response.has_header("X-Cache")


def test_a_change_that_cannot_retire_cached_pages_is_not_saved(settings, demo_content):
    event = Event.objects.order_by("pk").first()
    settings.CACHES = UNREACHABLE_REDIS
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - the Redis client's connection error
        event.title = "Never saved"
        event.save()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not Event.objects.filter(title="Never saved").exists()


def test_a_host_not_allowed_is_a_400_and_not_reported_as_a_cache_failure(client, caplog):
    response = client.get("/events/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert [r.getMessage() for r in caplog.records if r.name == "sco_portal.core.cache"] == []
    assert any(r.name == "django.security.DisallowedHost" for r in caplog.records)
