"""Erasure and retention on a real tracker store database (SQLite and PostgreSQL)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore, ErasureFailed
from tests.tracker_rows import TrackerRows, refusing_deletes

DAY_S = 86400.0


def rasa_url(url: str) -> str:
    """TRACKER_DB_URL as an operator writes it (Rasa's own driver for PostgreSQL)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture
def rows(db_url: str) -> Iterator[TrackerRows]:
    tracker = TrackerRows(rasa_url(db_url))
    yield tracker
    tracker.dispose()


@pytest.fixture
def store(rows: TrackerRows) -> Iterator[ConversationStore]:
    conversation_store = ConversationStore(ConversationStoreSettings(rows.url, retention_days=90))
    yield conversation_store
    conversation_store.dispose()


def test_erasure_leaves_no_row_of_the_sender_and_keeps_the_others(
    store: ConversationStore, rows: TrackerRows
) -> None:
    rows.add("tg-aaa", events=7)
    rows.add("tg-bbb", events=3)
    store.erase(["tg-aaa"])
    assert rows.count("tg-aaa") == 0
    assert rows.count("tg-bbb") == 3


def test_erasure_that_the_database_refuses_is_reported(
    store: ConversationStore, rows: TrackerRows
) -> None:
    rows.add("tg-aaa", events=2)
    with refusing_deletes(rows), pytest.raises(ErasureFailed):
        store.erase(["tg-aaa"])
    assert rows.count("tg-aaa") == 2


def test_erasure_is_checked_by_reading_the_store_not_by_the_statement(
    store: ConversationStore, rows: TrackerRows
) -> None:
    rows.add("tg-aaa", events=2)
    with refusing_deletes(rows, silently=True), pytest.raises(ErasureFailed, match="2 events"):
        store.erase(["tg-aaa"])


def test_an_unreachable_store_is_an_erasure_failure() -> None:
    settings = ConversationStoreSettings("postgresql://postgres@127.0.0.1:1/none")
    store = ConversationStore(settings)
    with pytest.raises(ErasureFailed):
        store.erase(["tg-aaa"])


def test_before_rasa_created_its_table_there_is_nothing_to_erase(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = ConversationStore(ConversationStoreSettings(f"sqlite:///{tmp_path / 'new.sqlite3'}"))
    store.erase(["tg-aaa"])
    assert store.count_events("tg-aaa") == 0
    assert store.purge_idle().conversations == 0


def test_retention_erases_only_conversations_idle_longer_than_the_period(
    store: ConversationStore, rows: TrackerRows
) -> None:
    now = time.time()
    rows.add("tg-old", events=4, timestamp=now - 120 * DAY_S)
    rows.add("tg-fresh", events=2, timestamp=now - 10 * DAY_S)
    # Began long ago but was active lately: its newest event counts, so it stays whole.
    rows.add("tg-returning", events=3, timestamp=now - 200 * DAY_S)
    rows.add("tg-returning", events=1, timestamp=now - 1 * DAY_S)
    result = store.purge_idle()
    assert (result.conversations, result.events) == (1, 4)
    assert rows.count("tg-old") == 0
    assert rows.count("tg-fresh") == 2
    assert rows.count("tg-returning") == 4


def test_retention_period_is_configurable(store: ConversationStore, rows: TrackerRows) -> None:
    now = time.time()
    rows.add("tg-a", timestamp=now - 40 * DAY_S)
    rows.add("tg-b", timestamp=now - 20 * DAY_S)
    assert store.idle_senders(30) == ["tg-a"]
    assert store.purge_idle(30).conversations == 1
    assert rows.count() == 3


def test_settings_default_to_a_sqlite_file_in_the_data_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = ConversationStoreSettings.from_env({"KI_DATA_DIR": str(tmp_path)})
    assert settings.tracker_db_url == f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    assert settings.retention_days == 90
    env = settings.rasa_environment()
    assert env["LOCK_STORE_TYPE"] == "in_memory"
    assert env["TRACKER_DB_URL"] == settings.tracker_db_url


def test_redis_url_switches_rasa_to_the_redis_lock_store() -> None:
    settings = ConversationStoreSettings.from_env(
        {"TRACKER_DB_URL": "postgresql://u@db/rasa", "REDIS_URL": "redis://:pw@cache:6380/2"}
    )
    env = settings.rasa_environment()
    assert (env["LOCK_STORE_TYPE"], env["LOCK_STORE_HOST"], env["LOCK_STORE_PORT"]) == (
        "redis",
        "cache",
        "6380",
    )
    assert (env["LOCK_STORE_DB"], env["LOCK_STORE_PASSWORD"]) == ("2", "pw")


@pytest.mark.parametrize("days", ["0", "-3", "ninety"])
def test_a_bad_retention_period_stops_the_start(days: str) -> None:
    with pytest.raises(SystemExit, match="RETENTION_DAYS"):
        ConversationStoreSettings.from_env({"RETENTION_DAYS": days})
