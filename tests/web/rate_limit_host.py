"""One app host for the rate-limit tests, in a process of its own, as in a real deployment.

The limiter is one object per process, so two hosts in one test process would share it and
prove nothing about Redis. Run as `python -m tests.web.rate_limit_host CONFIG_JSON`: builds
`create_app(CONFIG)`, prints "ready", then for every line "follow-up" on stdin makes one failed
follow-up sign-in and prints the status code.
"""

from __future__ import annotations

import json
import sys

from complaints import create_app
from tests.web.staff import token


def main() -> None:
    app = create_app(json.loads(sys.argv[1]))
    client = app.test_client()
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "follow-up":
            print(f"unknown command {line.strip()!r}", flush=True)
            continue
        data = {"csrf_token": token(client, "/follow-up"), "reference": "SC-0000-0001",
                "code": "WRONG"}  # fmt: skip
        print(client.post("/follow-up", data=data).status_code, flush=True)


if __name__ == "__main__":
    main()
