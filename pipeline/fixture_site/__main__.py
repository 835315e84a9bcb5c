"""``python -m pipeline.fixture_site [--slow-seconds N]``: serve the fixture site until SIGTERM/SIGINT.

Prints one JSON line mapping outlet id to base URL on stdout, so a parent process (the scrapy-style
mock-server pattern, ``rbmon demo``) can read the random ports.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from pipeline.fixture_site.server import FixtureSite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.fixture_site", description=__doc__)
    parser.add_argument("--slow-seconds", type=float, default=3.0, help="delay of the slow trap page")
    args = parser.parse_args(argv)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    with FixtureSite.start(slow_seconds=args.slow_seconds) as site:
        sys.stdout.write(json.dumps({o.id: o.base_url for o in site.outlets}) + "\n")
        sys.stdout.flush()
        stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
