"""Login, sessions that expire, CSRF and the login throttle of the staff admin."""

from __future__ import annotations

import time
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.admin.conftest import PASSWORD, USER, AdminDatabase, csrf_token, form_of, login

PROTECTED = [
    "/admin/",
    "/admin/offer/list",
    "/admin/site/edit/1",
    "/admin/ticket/list",
    "/admin/ticket/details/1",
    "/admin/feedback/list",
    "/admin/unanswered-question/list",
    "/admin/unanswered-question/training-data.yml",
    "/admin/unanswered-question/export/csv",
]


@pytest.mark.parametrize("path", PROTECTED)
def test_every_page_redirects_to_the_login_without_a_session(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["location"].endswith("/admin/login")


def test_a_post_without_login_is_refused_and_changes_nothing(
    client: TestClient, admin_db: AdminDatabase
) -> None:
    page = client.get("/admin/login")  # a session with a CSRF token, but no login
    response = client.post(
        f"/admin/ticket/ticket/{admin_db.ticket_id}/close",
        data={"csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302
    assert response.headers["location"].endswith("/admin/login")


def test_login_works_with_the_right_password_only(client: TestClient) -> None:
    wrong = login(client, password=PASSWORD + "x")
    assert wrong.status_code == 400
    assert "Invalid credentials" in wrong.text
    assert client.get("/admin/offer/list").status_code == 302
    unknown = login(client, user="niemand")
    assert unknown.status_code == 400
    right = login(client)
    assert right.status_code == 302
    assert client.get("/admin/offer/list").status_code == 200


def test_logout_ends_the_session(logged_in: TestClient) -> None:
    assert logged_in.get("/admin/logout").status_code == 302
    assert logged_in.get("/admin/offer/list").status_code == 302


def test_the_session_cookie_is_httponly_samesite_strict_and_secure_when_asked(
    make_client: Any,
) -> None:
    local = make_client()
    cookie = local.get("/admin/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    served = make_client(secure_cookie=True)
    cookie = served.get("/admin/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "; secure" in cookie


def test_a_form_post_without_the_csrf_token_is_refused(
    logged_in: TestClient, admin_db: AdminDatabase
) -> None:
    edit = f"/admin/site/edit/{admin_db.site_id}"
    values = form_of(logged_in.get(edit))
    assert values.pop("csrf_token")
    values["name"] = "Von fremder Seite"
    refused = logged_in.post(edit, data=values)
    assert refused.status_code == 403
    forged = logged_in.post(edit, data={**values, "csrf_token": "x" * 43})
    assert forged.status_code == 403
    assert "Von fremder Seite" not in logged_in.get("/admin/site/list").text
    # sqladmin's delete button sends DELETE by script: without the header it is refused too.
    assert logged_in.delete(f"/admin/site/delete?pks={admin_db.site_id}").status_code == 403
    assert logged_in.get(edit).status_code == 200  # still there


def test_a_login_post_without_the_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/admin/login")
    response = client.post("/admin/login", data={"username": USER, "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/admin/").status_code == 302


def test_a_session_past_its_idle_max_age_is_logged_out(make_client: Any) -> None:
    # itsdangerous counts whole seconds, and a loaded machine may take a second per request:
    # a max age of 3 s leaves room before the first page, 4.5 s idle is surely past it.
    client = make_client(idle_timeout_s=3)
    assert login(client).status_code == 302
    assert client.get("/admin/offer/list").status_code == 200
    time.sleep(4.5)
    response = client.get("/admin/offer/list")
    assert response.status_code == 302
    assert response.headers["location"].endswith("/admin/login")


def test_a_session_ends_a_fixed_time_after_login_even_when_used(make_client: Any) -> None:
    client = make_client(absolute_timeout_s=4)
    assert login(client).status_code == 302
    for _ in range(2):
        time.sleep(1.0)
        assert client.get("/admin/offer/list").status_code == 200  # kept alive by use
    time.sleep(2.5)
    assert client.get("/admin/offer/list").status_code == 302


def test_logins_are_refused_after_five_failures_even_with_the_right_password(
    make_client: Any,
) -> None:
    client = make_client()
    for _ in range(5):
        assert login(client, password="falsch-falsch-falsch").status_code == 400
    blocked = login(client)
    assert blocked.status_code == 429
    assert client.get("/admin/offer/list").status_code == 302
