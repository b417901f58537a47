"""Database plumbing that the offer database and the staff desk share.

`offer_db` and `staff_desk` may not import each other (the import contracts in pyproject.toml):
the channels use the desk and must never reach the offers. Both are SQLAlchemy databases with
their own Alembic history, so what they do alike lives here, in a leaf that imports neither.
"""
