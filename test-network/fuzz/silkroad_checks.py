"""Schemathesis checks for the Silkroad gateway (loaded through SCHEMATHESIS_HOOKS=silkroad_checks).

Besides schemathesis' own checks, every answer of the gateway must hold to three rules:

* no 5xx at all: the network is healthy while the fuzzer runs, so a 5xx is the gateway failing on bad input;
* every 4xx is an RFC 9457 problem detail (application/problem+json) with a stable upper-case `code`;
* a refused request (4xx) changes nothing on the ledger: no peer's channel height grows across it.

The ledger rule needs the peers' heights before and after each call. Before each call the hook waits until every
peer reports the same height (blocks of an earlier, accepted request may still be on their way to the other peers),
and remembers it; after a 4xx no peer may be higher. A block written for the refused request itself would be on the
gateway's own peer before the gateway answers, so it cannot slip past. Heights come from each peer's operations
endpoint (`ledger_blockchain_height`), listed in SILKROAD_FUZZ_PEER_METRICS (comma-separated URLs). The fuzzer runs
with one worker, so one request is in flight at a time and the before/after pair belongs to it.
"""

import json
import os
import re
import time
import urllib.request

import schemathesis

CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
CHANNEL = os.environ.get("SILKROAD_CHANNEL", "silkroad")
METRICS = [u for u in os.environ.get("SILKROAD_FUZZ_PEER_METRICS", "").split(",") if u]
COUNTS = os.environ.get("SILKROAD_FUZZ_COUNTS")
_before = {"heights": None}
_counts = {"requests": 0, "refused": 0, "accepted": 0, "ledger_checked": 0}


def _heights():
    found = []
    for url in METRICS:
        with urllib.request.urlopen(url, timeout=3) as answer:
            text = answer.read().decode()
        match = re.search(r'^ledger_blockchain_height\{channel="%s"\} (\S+)$' % re.escape(CHANNEL), text, re.M)
        found.append(int(float(match.group(1))) if match else -1)
    return found


def _settled_heights():
    deadline = time.monotonic() + 5
    heights = _heights()
    while len(set(heights)) > 1 and time.monotonic() < deadline:
        time.sleep(0.1)
        heights = _heights()
    return heights


def _save_counts():
    if COUNTS:
        with open(COUNTS, "w") as out:
            json.dump(_counts, out)


@schemathesis.hook
def before_call(context, case, kwargs):
    _before["heights"] = _settled_heights() if METRICS else None


@schemathesis.hook
def after_call(context, case, response):
    _counts["requests"] += 1
    if 400 <= response.status_code < 500:
        _counts["refused"] += 1
    elif response.status_code < 400:
        _counts["accepted"] += 1
    _save_counts()


@schemathesis.check
def no_server_error_at_all(ctx, response, case):
    if response.status_code >= 500:
        raise AssertionError(f"{response.status_code} from {case.method} {case.path}: {response.text[:300]}")


@schemathesis.check
def errors_are_problem_details_with_code(ctx, response, case):
    if response.status_code < 400:
        return
    content_type = ";".join(response.headers.get("content-type", []))
    if not content_type.startswith("application/problem+json"):
        raise AssertionError(f"{response.status_code} with content type {content_type!r}, not application/problem+json")
    try:
        body = json.loads(response.text)
    except ValueError:
        raise AssertionError(f"{response.status_code} body is not JSON: {response.text[:200]!r}")
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not CODE.match(code):
        raise AssertionError(f"{response.status_code} problem without a stable code: {response.text[:200]}")
    if body.get("status") != response.status_code:
        raise AssertionError(f"problem status {body.get('status')} differs from HTTP {response.status_code}")


@schemathesis.check
def refused_request_changes_no_ledger(ctx, response, case):
    if not (400 <= response.status_code < 500) or _before["heights"] is None:
        return
    after = _heights()
    _counts["ledger_checked"] += 1
    _save_counts()
    if max(after) > max(_before["heights"]):
        raise AssertionError(f"{response.status_code} {case.method} {case.path} refused, but the channel grew from "
                             f"{_before['heights']} to {after}")
