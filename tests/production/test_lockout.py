"""Brute-force protection on the admin sign-in (django-axes): locked out after 5 failures, with a clear page."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PASSWORD = "the right passphrase 42"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("eda", password=PASSWORD, is_staff=True)


def sign_in(client, password, username="eda", address="203.0.113.7", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def test_five_failures_lock_the_sign_in_even_for_the_right_password(client, editor):
    for attempt in range(1, 5):
        response = sign_in(client, f"wrong {attempt}")
        assert response.status_code == 200, attempt  # the sign-in form again, with its error
        assert b"Please enter the correct username and password" in response.content
    locked = sign_in(client, "wrong 5")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Sign-in locked" in html
    assert "5 failed sign-in attempts" in html
    assert "Try again in 30 minutes" in html
    assert "“eda”" in html
    assert sign_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_only_that_user_from_that_address(client, editor):
    get_user_model().objects.create_user("oleg", password=PASSWORD, is_staff=True)
    for attempt in range(5):
        sign_in(client, f"wrong {attempt}")
    assert sign_in(client, PASSWORD, username="oleg").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, address="198.51.100.9").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, editor):
    for attempt in range(4):
        sign_in(client, f"wrong {attempt}")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(4):
        assert sign_in(client, f"wrong again {attempt}").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(client, editor, settings):
    settings.PORTAL_PROXY_COUNT = 1
    for attempt in range(5):
        sign_in(client, f"wrong {attempt}", address="10.0.0.2", HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7")
    # Another client behind the same load balancer is not locked out with the first.
    response = sign_in(client, PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 302
    client.logout()
    locked = sign_in(client, PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="anything, 203.0.113.7")
    assert locked.status_code == 429
