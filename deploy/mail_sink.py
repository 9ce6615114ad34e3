"""An SMTP sink for `make smoke`: every message received is written as a `.eml` file.

Run as its own process (`python -m deploy.mail_sink --dir DIR --port PORT`) so that the portal's
web and worker processes send real SMTP to it, and the scenario reads what they sent from DIR.
Files are written under a temporary name then renamed, so a reader never sees half a message.
"""

import argparse
import asyncio
import itertools
import os
import signal
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class FolderHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        number = next(self.counter)
        name = f"{time.time_ns()}-{number:05d}.eml"
        temp = self.folder / f".{name}.tmp"
        temp.write_bytes(envelope.original_content or b"")
        os.replace(temp, self.folder / name)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, type=Path, help="folder receiving the messages")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", required=True, type=int)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    controller = Controller(FolderHandler(args.dir), hostname=args.host, port=args.port)
    controller.start()
    print(f"mail sink listening on {args.host}:{args.port}, writing to {args.dir}", flush=True)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()
        loop.close()


if __name__ == "__main__":
    main()
