"""The staff desk: shared data of the people in the loop.

Tickets (handoff to a person), their messages, feedback, unanswered questions and the staff
admin's accounts. Channels (`bot/`) and the staff admin (`admin/`) use the repository modules
(`staff_desk.tickets`, ...); the schema is migrated by `staff_desk.migrate` (own Alembic version
table, so it can share the offer database without touching the offers' migrations).
"""
