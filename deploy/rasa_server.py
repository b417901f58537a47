"""`rasa run` with the HTTP API token taken from the environment, never from the command line.

Run by the Rasa environment's Python (`python -m deploy.rasa_server run ...`). Rasa reads its
token only from `--auth-token`; given on the command line it would be visible to every local
user in the process list, so this adds it to the arguments inside the process, where `ps` does
not see it. Imports nothing of ours: it runs in Rasa's environment.
"""

from __future__ import annotations

import os
import sys

TOKEN_VARIABLE = "RASA_API_TOKEN"


def main() -> None:
    token = os.environ.pop(TOKEN_VARIABLE, "")
    if token:
        # One argument with "=": a URL-safe token may start with "-", which argparse would
        # otherwise take for an option (Rasa then exits with a usage error).
        sys.argv.append(f"--auth-token={token}")
    from deploy.rasa_speedups import install

    install()  # same behaviour, less time per message (see the module)
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
