"""A local stand-in for Telegram's Bot API: updates in, recorded API calls out.

A `LocalHttpServer` (a free loopback port, a thread of its own) speaking the Bot API methods the
bridge uses (`{base_url}{token}/<method>`, form-encoded parameters as PTB sends them). Tests
queue updates for getUpdates, read every call the bridge made, and can make a method fail once
with a 429 (`retry_after`) or a dropped connection. `members` says who belongs to which group
(getChatMember; anyone else has "left"), for the staff desk's group.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from tests.local_http_server import JsonRequestHandler, LocalHttpServer

TOKEN = "123456:TEST-not-a-real-token"
BOT_ID = 424242
BOT_USERNAME = "ki_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "KI Heinsberg", "username": BOT_USERNAME}
LONG_POLL_S = 0.5  # a getUpdates with nothing to deliver waits at most this long
_RIGHTS = (
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
_ADMIN_RIGHTS = (
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)
_SEND_RIGHTS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
)
# The fields Telegram sends (and PTB requires) for each member status besides user and status.
MEMBER_FIELDS: dict[str, dict[str, Any]] = {
    "creator": {"is_anonymous": False},
    "administrator": dict.fromkeys(_ADMIN_RIGHTS, False),
    "restricted": {
        "is_member": True,
        "until_date": 0,
        **dict.fromkeys(_SEND_RIGHTS, True),
        **dict.fromkeys(_RIGHTS, False),
    },
    "kicked": {"until_date": 0},
}


@dataclass
class ApiCall:
    """One request the bridge made; `params` as sent (strings), decoded by the helpers."""

    method: str
    params: dict[str, str]
    status: int = 200
    at: float = field(default_factory=time.monotonic)
    result: Any = None  # what the fake answered (a sent message, with its message_id)

    def json(self, name: str) -> Any:
        return json.loads(self.params[name])

    @property
    def text(self) -> str:
        return self.params.get("text", "")

    @property
    def chat_id(self) -> int:
        return int(self.params["chat_id"])

    def markup(self) -> dict[str, Any]:
        return self.json("reply_markup") if "reply_markup" in self.params else {}

    def inline_buttons(self) -> list[dict[str, Any]]:
        return [b for row in self.markup().get("inline_keyboard", []) for b in row]


class FakeBotApi(LocalHttpServer):
    """The fake server; start() it, give the bridge `base_url`, then queue updates."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self._updates: list[dict[str, Any]] = []
        self._acknowledged = 0  # highest update_id the bridge confirmed (getUpdates offset - 1)
        self._failures: dict[str, list[str]] = {}
        self._cond = threading.Condition()
        self._message_ids = itertools.count(1000)
        self._update_ids = itertools.count(1)
        self.members: dict[tuple[int, int], str] = {}  # (chat id, user id) → member status
        # A long poll cancelled by the bridge's shutdown makes the server write to a closed
        # socket; LocalHttpServer keeps such errors out of the test output.
        super().__init__(self._handler_class())

    @property
    def base_url(self) -> str:
        """In PTB's `base_url` form: the token is appended."""
        return f"{self.url}/bot"

    # --- what tests do -------------------------------------------------------------------

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def enqueue(self, update: dict[str, Any]) -> int:
        """Queues an update for getUpdates; returns its update_id."""
        with self._cond:
            update.setdefault("update_id", self.next_update_id())
            self._updates.append(update)
            self._cond.notify_all()
        return int(update["update_id"])

    def fail_once(self, method: str, how: str) -> None:
        """The next call of `method` fails: `retry_after` (429, 1 s) or `drop` (no response)."""
        with self._cond:
            self._failures.setdefault(method, []).append(how)

    def calls_of(self, method: str, ok_only: bool = True) -> list[ApiCall]:
        with self._cond:
            return [
                c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)
            ]

    def sent_texts(self) -> list[str]:
        return [c.text for c in self.calls_of("sendMessage")]

    def acknowledged(self, update_id: int) -> bool:
        with self._cond:
            return self._acknowledged >= update_id

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,
        where: Callable[[ApiCall], bool] = lambda c: True,
    ) -> list[ApiCall]:
        """Waits until `count` successful calls of `method` matching `where` were made."""
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls_of(method) if where(c)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                made = [(c.method, c.params.get("text", "")[:60]) for c in self.calls]
                raise AssertionError(f"{count}× {method} not called within {timeout} s: {made}")
            await asyncio.sleep(0.01)

    async def processed(self, update_id: int, settle_s: float = 0.2) -> None:
        """Waits until the bridge fetched and confirmed `update_id`, then lets it settle."""
        deadline = time.monotonic() + 5
        while not self.acknowledged(update_id):
            if time.monotonic() > deadline:
                raise AssertionError(f"update {update_id} was not fetched")
            await asyncio.sleep(0.01)
        await asyncio.sleep(settle_s)

    # --- the server side -----------------------------------------------------------------

    def _answer(self, method: str, params: dict[str, str]) -> tuple[int, dict[str, Any]] | None:
        with self._cond:
            failures = self._failures.get(method)
            how = failures.pop(0) if failures else None
        if how == "drop":
            self._record(method, params, 0)
            return None
        if how == "retry_after":
            self._record(method, params, 429)
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            }
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        result = self._result(method, params)
        self._record(method, params, 200, result)
        return 200, {"ok": True, "result": result}

    def _record(self, method: str, params: dict[str, str], status: int, result: Any = None) -> None:
        with self._cond:
            self.calls.append(ApiCall(method, params, status, result=result))

    def _get_updates(self, params: dict[str, str]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), LONG_POLL_S)
        deadline = time.monotonic() + wait
        with self._cond:
            if offset:
                self._acknowledged = max(self._acknowledged, offset - 1)
            self.calls.append(ApiCall("getUpdates", params))
            while True:
                pending = [u for u in self._updates if u["update_id"] >= offset]
                remaining = deadline - time.monotonic()
                if pending or remaining <= 0:
                    return pending
                self._cond.wait(remaining)

    def _result(self, method: str, params: dict[str, str]) -> Any:
        if method == "getMe":
            return {
                **BOT_USER,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": True,
            }
        if method in ("sendMessage", "sendVenue"):
            chat_id = int(params["chat_id"])
            message: dict[str, Any] = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": BOT_USER,
            }
            if method == "sendMessage":
                message["text"] = params.get("text", "")
            else:
                location = {
                    "latitude": float(params["latitude"]),
                    "longitude": float(params["longitude"]),
                }
                message["location"] = location
                message["venue"] = {
                    "location": location,
                    "title": params.get("title", ""),
                    "address": params.get("address", ""),
                }
            return message
        if method == "getChatMember":
            user_id = int(params["user_id"])
            status = self.members.get((int(params["chat_id"]), user_id), "left")
            user = {"id": user_id, "is_bot": False, "first_name": "Staff"}
            return {"status": status, "user": user, **MEMBER_FIELDS.get(status, {})}
        return True  # setMyCommands, sendChatAction, answerCallbackQuery, setWebhook, ...

    def _handler_class(self) -> type[JsonRequestHandler]:
        api = self

        class Handler(JsonRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                body = self.read_body().decode("utf-8")
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    decoded = json.loads(body or "{}")
                    params = {
                        k: v if isinstance(v, str) else json.dumps(v) for k, v in decoded.items()
                    }
                else:
                    params = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                answer = api._answer(method, params)
                if answer is None:
                    self.close_connection = True
                    return
                self.send_json(*answer)

            do_GET = do_POST  # noqa: N815

        return Handler
