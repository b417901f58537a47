"""Rasa's conversations as stored data: where they are kept, erasure that erases, retention.

Rasa keeps every conversation in its tracker store (SQL: the `events` table, one row per event,
keyed by `sender_id`) and, in production, a per-conversation lock in Redis. Rasa's own API can
only append events to a SQL store, so erasing goes to the store itself.
"""
