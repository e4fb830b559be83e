"""django-helpdesk measured the same way as Sopan (issue 6 §3): its own virtualenv and database (benchmarks/peer/), as
many tickets as Sopan's dataset, the same gunicorn settings, the same locust load, four operations — list, detail,
create, search — beside Sopan's ticket list, detail, web create and search."""

from __future__ import annotations

import http.cookiejar
import json
import random
import re
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.load import run

PEER = run.ROOT / "benchmarks" / "peer"
PEER_DB = "helpdesk_peer"
OPERATIONS = {"list": "peer_list", "detail": "peer_detail", "create": "peer_create", "search": "peer_search"}


def _login(base: str) -> tuple[str, str]:
    """The agent's session and CSRF cookies, through the peer's own login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "agent", "password": "bench-2026", "next": "/tickets/"}
    ).encode()
    opener.open(urllib.request.Request(base + "/login/", data=body, headers={"Referer": base + "/login/"}))
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit("could not log in to django-helpdesk as agent")
    return cookies["sessionid"], cookies["csrftoken"]


def _pools(tickets: int) -> dict:
    import psycopg

    rng = random.Random(run.scenarios.__name__)
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={PEER_DB}") as connection:
        ids = [rng.randint(1, tickets) for _ in range(400)]
        rows = connection.execute(
            "SELECT id, title, submitter_email FROM helpdesk_ticket WHERE id = ANY(%s)", (ids,)
        ).fetchall()
    words = [w for _id, title, _mail in rows for w in title.split() if len(w) > 5]
    search = (
        [["number", str(pk)] for pk, _title, _mail in rows[:100]]
        + [["company", mail] for _pk, _title, mail in rows[:100] if mail]
        + [["text", w] for w in words[:100]]
    )
    return {"tickets": [pk for pk, _title, _mail in rows], "search": search}


def _dataset(tickets: int) -> dict:
    """The peer's data set with `tickets` tickets, made anew unless the database holds that many (give or take the
    few that earlier runs' create operation added)."""
    import psycopg

    result = run.RESULTS / f"peer-dataset-{tickets}.json"
    try:
        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={PEER_DB}") as connection:
            present = connection.execute("SELECT max(id) FROM helpdesk_ticket").fetchone()[0] or 0
    except psycopg.Error:
        present = 0
    if not result.exists() or not tickets <= present <= tickets * 1.01:
        python = str(PEER / ".venv" / "bin" / "python")
        subprocess.run([python, str(PEER / "generate.py"), "--tickets", str(tickets)], check=True)
    return json.loads(result.read_text())


def measure(locust: Path, *, tickets: int, timing: dict, load) -> dict:
    subprocess.run([str(PEER / "setup.sh")], check=True)  # the peer's virtualenv (idempotent)
    dataset = _dataset(tickets)
    env = {"PATH": "/usr/bin:/bin", "PEER_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{PEER_DB}"}
    server = run.Server(
        [
            str(PEER / ".venv" / "bin" / "gunicorn"),
            "peer_site.wsgi:application",
            "--chdir",
            str(PEER / "project"),
            "--no-control-socket",
            "--timeout",
            "600",
        ],
        env,
        PEER / "project",
        run.WORK / "peer-server.log",
    )
    try:
        session, csrf = _login(server.url)
        fixtures = run.WORK / "fixtures-peer.json"
        org = {"slug": "peer", "sessions": {"agent": session}, **_pools(tickets)}
        fixtures.write_text(json.dumps({"orgs": [org], "csrf": csrf, "session_cookie": "sessionid"}))
        operations = {}
        for operation, scenario in OPERATIONS.items():
            print(f"== django-helpdesk: {operation}", flush=True)
            operations[operation] = load(locust, server, fixtures, scenario, **timing)
            print(f"   {operations[operation]}", flush=True)
        operations["floor"] = load(locust, server, fixtures, "floor", **timing)
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    version = subprocess.run(
        [
            str(PEER / ".venv" / "bin" / "python"),
            "-c",
            "import importlib.metadata as m; print(m.version('django-helpdesk'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return {
        "version": version,
        "tickets": tickets,
        "dataset": dataset,
        "operations": operations,
        "worker_rss_mb": [round(x, 1) for x in rss],
    }
