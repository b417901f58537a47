"""Alembic migrations: from an empty database to a schema equal to the models, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session

from offer_db.engine import make_engine
from offer_db.migrate import is_current, upgrade
from offer_db.models import Base, Language, Municipality


def test_upgrade_from_empty_gives_exactly_the_schema_of_the_models(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_schema_comparison_would_notice_a_missing_index(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP INDEX ix_offers_category_municipality")
            context = MigrationContext.configure(connection)
            diff = compare_metadata(context, Base.metadata)
        assert [d[0] for d in diff] == ["add_index"]
    finally:
        engine.dispose()


def test_database_is_current_only_after_upgrade(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert not is_current(engine)
        upgrade(db_url)
        assert is_current(engine)
    finally:
        engine.dispose()


def test_upgrade_writes_the_languages_and_municipalities_once(engine: Engine) -> None:
    upgrade(engine.url.render_as_string(hide_password=False))  # a second time
    with Session(engine) as s:
        languages = {lang.code: lang for lang in s.scalars(select(Language))}
        assert sorted(languages) == sorted(["de", "en", "ar", "fa", "uk", "ru", "tr", "fr"])
        assert {c for c, lang in languages.items() if lang.direction == "rtl"} == {"ar", "fa"}
        assert languages["uk"].native_name == "Українська"
        assert s.scalar(select(func.count()).select_from(Municipality)) == 10


def test_municipality_neighbours_are_symmetric_and_as_given(engine: Engine) -> None:
    with Session(engine) as s:
        towns = {m.name: m for m in s.scalars(select(Municipality))}
    pairs = {frozenset((a, b)) for a, m in towns.items() for b in m.neighbours}
    assert len(pairs) == 16
    assert frozenset(("Selfkant", "Gangelt")) in pairs
    assert frozenset(("Wassenberg", "Wegberg")) in pairs
    assert sorted(towns["Selfkant"].neighbours) == ["Gangelt", "Waldfeucht"]
    assert towns["Heinsberg"].postcodes == ["52525"]
    assert towns["Übach-Palenberg"].lat == 50.92


def test_foreign_keys_and_search_columns_are_indexed(engine: Engine) -> None:
    inspector = inspect(engine)
    indexed = {
        table: {tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
        for table in ("offers", "sites", "offer_levels", "offer_translations")
    }
    assert ("category", "municipality") in indexed["offers"]
    assert {("site_id",), ("provider_id",), ("municipality",)} <= indexed["offers"]
    assert {("provider_id",), ("municipality",)} <= indexed["sites"]
    assert ("level", "offer_id") in indexed["offer_levels"]
    assert ("language",) in indexed["offer_translations"]
