"""Entry point: `python -m admin` serves the staff admin (ADMIN_HOST:ADMIN_PORT) until stopped."""

from __future__ import annotations

import logging
import sys

import uvicorn

from admin.server import build
from admin.settings import AdminSettings


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = AdminSettings.from_env()
    app = build(settings)
    print(f"staff admin: http://{settings.host}:{settings.port}/admin/", flush=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,  # would record staff's addresses and the ids in the URLs
        # X-Forwarded-For/-Proto are read by the app itself (admin/app.py), and only from
        # ADMIN_TRUSTED_PROXIES; uvicorn's own reading would believe them from 127.0.0.1.
        proxy_headers=False,
        server_header=False,
        log_level="info",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
