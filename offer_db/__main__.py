"""`python -m offer_db`: the same as the `offers` command."""

from offer_db.cli import main

raise SystemExit(main())
