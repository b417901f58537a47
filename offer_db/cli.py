"""`offers`: the command line of the offer database for KI staff and developers.

    offers migrate                      create or upgrade the schema
    offers seed [PATH] [--if-safe|--force]
                                        load the sample data (migrates first), only into an
                                        empty database or the local default one
    offers import FILE [--dry-run]      import a .csv, .xlsx or .yml file
    offers export FILE.csv|FILE.xlsx    write every offer to a sheet
    offers search --category kita --municipality Wegberg --child-age 4

Exit codes: 0 ok, 1 validation errors (printed), 2 usage errors, 3 the database is busy with
another import (nothing was written; try again).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from offer_db.engine import make_engine, make_session_factory
from offer_db.imports import sample_guard
from offer_db.imports.importer import IMPORT_SUFFIXES, import_file
from offer_db.imports.report import ImportReport
from offer_db.imports.tabular import SUFFIXES, export_table
from offer_db.migrate import is_current, upgrade_engine
from offer_db.search import OfferQuery, search_offers
from offer_db.settings import load_settings
from offer_db.vocabulary import LEVELS, Category, TargetGroup, values
from offer_db.write_lock import DatabaseBusy, lock_for_writing
from project_paths import REPO_ROOT

DEFAULT_SEED = REPO_ROOT / "seeds" / "sample_offers.yml"
OK, INVALID, USAGE, BUSY = 0, 1, 2, 3


class UsageError(Exception):
    """A wrong command line or an impossible request: exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    engine = make_engine(args.database_url)
    try:
        return int(args.run(engine, args))
    except UsageError as e:
        print(f"offers {args.command}: {e}", file=sys.stderr)
        return USAGE
    except DatabaseBusy as e:
        print(f"offers {args.command}: {_busy_message(e)}", file=sys.stderr)
        return BUSY
    finally:
        engine.dispose()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="offers", description="The KI offer database.")
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL (default: DATABASE_URL or the local SQLite file)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    migrate = commands.add_parser("migrate", help="create or upgrade the database schema")
    migrate.set_defaults(run=run_migrate)

    seed = commands.add_parser(
        "seed",
        help="load the sample data (migrates first): refused over a database with other data",
    )
    seed.add_argument("path", nargs="?", type=Path, default=DEFAULT_SEED)
    when = seed.add_mutually_exclusive_group()
    when.add_argument(
        "--if-safe",
        action="store_true",
        help="where seeding is refused, say why and exit 0 (what `make run` uses)",
    )
    when.add_argument(
        "--force", action="store_true", help="load the sample even over existing data"
    )
    seed.set_defaults(run=run_seed)

    imp = commands.add_parser("import", help="import offers from .csv, .xlsx or .yml")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")
    imp.set_defaults(run=run_import)

    exp = commands.add_parser("export", help="write every offer to .csv or .xlsx")
    exp.add_argument("file", type=Path)
    exp.set_defaults(run=run_export)

    search = commands.add_parser("search", help="search offers as the assistant does")
    search.add_argument("--category", choices=values(Category))
    search.add_argument("--municipality")
    search.add_argument("--level", choices=LEVELS)
    search.add_argument("--child-age", type=int)
    search.add_argument("--childcare", action=argparse.BooleanOptionalAction, default=None)
    search.add_argument("--target-group", choices=values(TargetGroup))
    search.add_argument("--free-places-only", action="store_true")
    search.add_argument("--near", type=_point, metavar="LAT,LON")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--offset", type=int, default=0)
    search.add_argument("--language", default="de", help="language of the titles and notes shown")
    search.set_defaults(run=run_search)
    return parser


def _point(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"{text!r} is not LAT,LON (e.g. 51.14,6.28)") from e
    return lat, lon


def run_migrate(engine: Engine, args: argparse.Namespace) -> int:
    upgrade_engine(engine)
    print(f"database at the newest schema: {engine.url.render_as_string(hide_password=True)}")
    return OK


def run_seed(engine: Engine, args: argparse.Namespace) -> int:
    _require_file(args.path, (".yml", ".yaml"))
    upgrade_engine(engine)
    with make_session_factory(engine)() as session:
        lock_for_writing(session)  # nobody writes between the check and the seed
        reason = None if args.force else _seed_refusal(session, engine)
        if reason is None:
            return _report(import_file(session, args.path), session)
    where = engine.url.render_as_string(hide_password=True)
    if args.if_safe:
        print(
            f"offers seed: Beispieldaten nicht geladen / sample data not loaded ({where}): {reason}"
        )
        return OK
    raise UsageError(f"{where}: {reason}; --force loads the sample data anyway")


def _seed_refusal(session: Session, engine: Engine) -> str | None:
    default_url = load_settings().default_database_url
    default = engine.url.render_as_string(hide_password=False) == default_url
    reason = sample_guard.refusal(sample_guard.contents(session), default_database=default)
    return None if reason is None else " / ".join(reason)


def run_import(engine: Engine, args: argparse.Namespace) -> int:
    _require_file(args.file, IMPORT_SUFFIXES)
    if args.dry_run:
        if not is_current(engine):
            raise UsageError("the database schema is not current: run `offers migrate` first")
    else:
        upgrade_engine(engine)
    return _import(engine, args.file, dry_run=args.dry_run)


def _import(engine: Engine, path: Path, *, dry_run: bool) -> int:
    with make_session_factory(engine)() as session:
        return _report(import_file(session, path, dry_run=dry_run), session)


def _report(report: ImportReport, session: Session) -> int:
    """Commits a successful, real import and prints its summary; the exit code."""
    if report.ok and not report.dry_run:
        session.commit()
    if not report.ok:
        print(report.summary(), file=sys.stderr)
        return INVALID
    print(report.summary())
    return OK


def run_export(engine: Engine, args: argparse.Namespace) -> int:
    if args.file.suffix.lower() not in SUFFIXES:
        raise UsageError(f"{args.file.name}: export writes {' or '.join(SUFFIXES)} files")
    _require_schema(engine)
    with make_session_factory(engine)() as session:
        count = export_table(session, args.file)
    print(f"{count} offers written to {args.file}")
    return OK


def run_search(engine: Engine, args: argparse.Namespace) -> int:
    _require_schema(engine)
    query = OfferQuery(
        category=args.category,
        municipality=args.municipality,
        level=args.level,
        child_age=args.child_age,
        childcare=args.childcare,
        target_group=args.target_group,
        free_places_only=args.free_places_only,
        near=args.near,
        limit=args.limit,
        offset=args.offset,
    )
    with make_session_factory(engine)() as session:
        try:
            result = search_offers(session, query)
        except ValueError as e:
            raise UsageError(str(e)) from e
    shown = f"{args.offset + 1}-{args.offset + len(result.hits)}" if result.hits else "0"
    where = f" in {result.municipality}" if result.municipality else ""
    print(f"{shown} of {result.total} offers{where}")
    if result.fallback:
        print(f"(nothing in {result.municipality}: offers from other municipalities)")
    for number, hit in enumerate(result.hits, start=args.offset + 1):
        offer, site = hit.offer, hit.offer.site
        distance = f", {hit.distance_km:.1f} km" if hit.distance_km is not None else ""
        print(f"{number}. {offer.title_in(args.language)} [{offer.external_id}]")
        print(f"   {site.name}, {site.street}, {site.postcode} {site.municipality}{distance}")
        details = [offer.category, offer.course_type, " ".join(offer.levels)]
        if offer.age_min is not None or offer.age_max is not None:
            details.append(f"age {offer.age_min}-{offer.age_max}")
        details.append(f"places: {offer.free_places}")
        print(f"   {', '.join(d for d in details if d)}")
        note = offer.note(args.language)
        if note:
            print(f"   {note}")
    return OK


def _busy_message(error: DatabaseBusy) -> str:
    return (
        "Die Datenbank ist mit einer anderen Übernahme beschäftigt; nichts wurde geändert, "
        "bitte gleich noch einmal versuchen / the database is busy with another import; nothing "
        f"was changed, please try again shortly ({error})"
    )


def _require_file(path: Path, suffixes: Sequence[str]) -> None:
    if path.suffix.lower() not in suffixes:
        raise UsageError(f"{path.name}: expected a {', '.join(suffixes)} file")
    if not path.is_file():
        raise UsageError(f"{path}: no such file")


def _require_schema(engine: Engine) -> None:
    if not is_current(engine):
        raise UsageError("the database schema is not current: run `offers migrate` first")
