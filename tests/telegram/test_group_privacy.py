"""A group never shares the private conversation of the same user (issue 9 #4).

Rasa keeps a conversation per sender. Before, a user's private chat and every group they wrote
in had the same sender: a location shared once in private was used for a group's answer, and
the distances in a public list told the group where the person lives.
"""

from __future__ import annotations

import re

from tests.fake_rasa import FakeRasa
from tests.telegram.conftest import GROUP_ID, USER_ID, RunningBridge, message, message_update
from tests.telegram.fake_bot_api import BOT_USERNAME

WHERE_SHE_LIVES = {"latitude": 51.0664, "longitude": 6.3131}


async def test_a_location_shared_in_private_is_not_in_the_groups_conversation(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    await telegram.send(message_update(location=WHERE_SHE_LIVES))
    await telegram.api.wait_for("sendMessage")
    await telegram.send(message_update(f"@{BOT_USERNAME} Kita in der Nähe?", chat_type="group"))
    await telegram.api.wait_for("sendMessage", 2)
    private, group = fake_rasa.requests
    assert private["metadata"]["location"] == {"lat": 51.0664, "lon": 6.3131}
    assert "location" not in group["metadata"]
    # Rasa keeps slots per sender: another sender is another conversation
    assert group["sender"] != private["sender"]
    assert private["sender"] == telegram.sender()
    assert group["sender"] == telegram.sender(chat_type="group")
    for request in (private, group):
        assert re.fullmatch(r"tg-[0-9a-f]{24}", request["sender"])
        assert str(USER_ID) not in request["sender"] and str(GROUP_ID) not in request["sender"]


async def test_each_group_and_each_member_has_a_conversation_of_its_own(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    other_group = message(f"@{BOT_USERNAME} Hallo", chat_type="supergroup")
    other_group["chat"] = {**other_group["chat"], "id": GROUP_ID - 1}
    updates = [
        message_update(f"@{BOT_USERNAME} Hallo", chat_type="supergroup"),
        {"message": other_group},
        message_update(f"@{BOT_USERNAME} Hallo", chat_type="supergroup", user_id=USER_ID + 1),
        message_update(f"@{BOT_USERNAME} Kita?", chat_type="supergroup"),
    ]
    for update in updates:
        await telegram.send(update)
        await telegram.api.wait_for("sendMessage", len(fake_rasa.requests) + 1)
    senders = [r["sender"] for r in fake_rasa.requests]
    assert len(set(senders[:3])) == 3
    assert senders[3] == senders[0]  # the same member in the same group goes on
