"""`staff-admin create-user NAME`: a staff account, the password asked twice (never in argv)."""

from __future__ import annotations

import argparse
import getpass
import sys

from admin.accounts import AccountError, create_user
from staff_desk.engine import make_engine, make_session_factory
from staff_desk.migrate import upgrade_engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="staff-admin", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="create a staff account")
    create.add_argument("name")
    args = parser.parse_args(argv)

    password = getpass.getpass("Password (at least 12 characters): ")
    if password != getpass.getpass("Password again: "):
        print("The passwords differ; nothing was created.", file=sys.stderr)
        return 2
    engine = make_engine()
    try:
        upgrade_engine(engine)
        create_user(make_session_factory(engine), args.name, password)
    except AccountError as e:
        print(f"Not created: {e}.", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"Account {args.name!r} created.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
