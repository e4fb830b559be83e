"""The load: `BENCH_CLIENTS` simulated people sending one scenario's requests back to back (no think time), each as
one organisation's persona. Run by `run.py` as `locust --headless`; this file only needs locust and scenarios.py.

Environment: BENCH_FIXTURES (prepare.py's JSON, or peer fixtures), BENCH_SCENARIO, BENCH_WARMUP (seconds not
counted), BENCH_OUT (where the raw samples go: every latency in ms, errors, queries per request).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scenarios

FIXTURES = json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text())
SCENARIO = scenarios.BY_NAME[os.environ["BENCH_SCENARIO"]]
WARMUP = float(os.environ.get("BENCH_WARMUP", "10"))
OUT = Path(os.environ["BENCH_OUT"])
SESSION_COOKIE = FIXTURES.get("session_cookie", "sessionid")

STARTED = time.monotonic()
SAMPLES: list[tuple[float, float, int]] = []  # (seconds since start, latency ms, queries or -1)
ERRORS: list[str] = []
STATE: dict = {"users": 0, "exhausted_at": None}  # shared by every simulated person of this process
POOLS: dict = {}


class Person(FastHttpUser):
    # Each request goes out as soon as the previous answer is in: the server, not the clients, sets the pace.
    wait_time = staticmethod(lambda: 0)

    def on_start(self):
        index = STATE["users"]
        STATE["users"] += 1
        self.org = FIXTURES["orgs"][index % len(FIXTURES["orgs"])]
        self.rng = random.Random(index)

    def headers_for(self, persona: str) -> dict:
        csrf = FIXTURES["csrf"]
        cookies = [f"csrftoken={csrf}"]
        session = self.org["sessions"].get(persona)
        if session:
            cookies.append(f"{SESSION_COOKIE}={session}")
        return {"Cookie": "; ".join(cookies), "X-CSRFToken": csrf, "Referer": self.host + "/"}

    @task
    def one_request(self):
        request = scenarios.pick(SCENARIO, self.org, self.rng, POOLS)
        if request is None and SCENARIO.consumes:
            # this organisation's pool used up: go on with another's, then with those that only lend theirs
            for other in FIXTURES["orgs"] + FIXTURES.get("lenders", []):
                request = scenarios.pick(SCENARIO, other, self.rng, POOLS)
                if request is not None:
                    self.org = other
                    break
        if request is None:  # every pool used up: the run ends here, measured up to this moment
            if STATE["exhausted_at"] is None:
                STATE["exhausted_at"] = time.monotonic() - STARTED
            self.environment.runner.quit()
            return
        requests = request if isinstance(request, list) else [request]
        start = time.perf_counter()
        queries, problem = 0, ""
        for one in requests:  # one action of a person: its requests timed together
            persona = one.persona or SCENARIO.persona
            headers = self.headers_for(persona)
            body = one.data
            if isinstance(body, dict):  # a field with several values (a checklist) as a browser sends it: repeated
                body = urlencode(body, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            with self.client.request(
                one.method,
                one.path,
                data=body,
                headers=headers,
                allow_redirects=False,
                catch_response=True,
                name=SCENARIO.name,
            ) as response:
                if response.status_code not in one.expect:
                    problem = f"{one.method} {one.path}: {response.status_code}, expected {one.expect}"
                elif one.must_contain and one.must_contain not in (response.text or ""):
                    problem = f"{one.method} {one.path}: the answer lacks {one.must_contain!r}"
                elif one.location and not _path_of(response.headers.get("Location", "")).startswith(one.location):
                    problem = f"{one.method} {one.path}: sent to {response.headers.get('Location')!r}"
                if problem:
                    response.failure(problem)
                else:
                    response.success()
            counted = int(response.headers.get("X-Sopan-Queries", "-1") or -1)
            queries = -1 if counted < 0 or queries < 0 else queries + counted
            if problem:
                break
        latency = (time.perf_counter() - start) * 1000
        moment = time.monotonic() - STARTED
        if moment < WARMUP:
            return
        SAMPLES.append((moment, latency, queries))
        if problem:
            ERRORS.append(problem)


def _path_of(location: str) -> str:
    return urlsplit(location).path


@events.quitting.add_listener
def _write(environment, **_kwargs):
    OUT.write_text(
        json.dumps(
            {
                "scenario": SCENARIO.name,
                "warmup": WARMUP,
                "ended_at": time.monotonic() - STARTED,
                "exhausted_at": STATE["exhausted_at"],
                "samples": SAMPLES,
                "errors": len(ERRORS),
                "error_examples": sorted(set(ERRORS))[:10],
            }
        )
    )
