"""The KI's own contact (address, phone, hours): the answer whenever the bot cannot help."""

from __future__ import annotations

from actions import offer_rendering as render
from actions.offer_store import offer_lookup
from actions.reply import Reply
from offer_db.search import get_contact


def send_ki_contact(reply: Reply) -> None:
    """The KI's address, phone and hours from the database."""
    with offer_lookup(reply, "KI contact") as session:
        contact = get_contact(session, "ki")
        if contact is None:
            reply.say("contact.missing")
            return
        reply.send(render.contact_point(reply, contact))
