"""The offer database of the KI assistant: the only source of the offers it talks about.

- `offer_db.models`: SQLAlchemy models; `offer_db.vocabulary`: the codes they store.
- `offer_db.search`: `search_offers`, `get_offer`, `get_contact`, `get_procedure`.
- `offer_db.engine` / `offer_db.settings`: engines and sessions from `DATABASE_URL`.
- `offer_db.migrate`: Alembic migrations and reference data (`offers migrate`).
- `offer_db.imports`: the import pipeline for staff (YAML seed, CSV, XLSX; import and export).
- `offer_db.cli`: the `offers` command.
"""
