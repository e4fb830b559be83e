"""Check that each operation of benchmarks/peer/operations.md works against a served peer, the way a load client would
send it. Exits non-zero when one does not. Run with the peer's venv (it has requests):

    benchmarks/peer/serve.sh 127.0.0.1 8100 2 &
    benchmarks/peer/.venv/bin/python benchmarks/peer/smoke.py --base http://127.0.0.1:8100

With --dataset (default benchmarks/results/peer-dataset-<N>.json for --tickets N), the ticket list's total is also
compared with the generated number of open and reopened tickets (plus those that this check created before).
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import re
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests

REPO_DIR = Path(__file__).resolve().parent.parent.parent
DATATABLES_URL = re.compile(r'"url":\s*"(/datatables_ticket_list/[A-Za-z0-9+/=]+)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The DataTables request of the list page, as its script sends it on load (serverSide, no order, page length 25).
DATATABLES_PARAMS = {"draw": "1", "start": "0", "length": "25", "search[value]": "", "search[regex]": "false"}


class Failed(Exception):
    pass


class Smoke:
    def __init__(self, base: str, timeout: float):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.results: list[tuple[str, bool, str]] = []

    def request(self, session, method, path, **kwargs):
        began = time.perf_counter()
        response = session.request(method, self.base + path, timeout=self.timeout, allow_redirects=False, **kwargs)
        elapsed = (time.perf_counter() - began) * 1000
        queries = response.headers.get("X-Sopan-Queries", "?")
        print(f"  {method} {path[:90]} -> {response.status_code} in {elapsed:.0f} ms, {queries} queries")
        return response

    def check(self, name, func):
        print(f"{name}:")
        try:
            detail = func()
        except (Failed, requests.RequestException, ValueError, KeyError) as error:
            self.results.append((name, False, str(error)))
            print(f"  FAIL {error}")
            return None
        self.results.append((name, True, detail or ""))
        print(f"  ok {detail or ''}")
        return detail


def expect(condition, message):
    if not condition:
        raise Failed(message)


def csrf_from(response):
    match = CSRF_INPUT.search(response.text)
    expect(match, "no csrfmiddlewaretoken in the form")
    return match.group(1)


def login(smoke, username, password):
    """GET the login form (csrftoken cookie and token), POST it; the session cookie comes with the redirect."""
    session = requests.Session()
    form = smoke.request(session, "GET", "/login/")
    expect(form.status_code == 200, f"login form answered {form.status_code}")
    expect("csrftoken" in session.cookies, "the login form set no csrftoken cookie")
    response = smoke.request(
        session,
        "POST",
        "/login/",
        data={"csrfmiddlewaretoken": csrf_from(form), "username": username, "password": password, "next": "/tickets/"},
    )
    expect(response.status_code == 302, f"login answered {response.status_code}, not 302 (wrong password?)")
    expect(urlsplit(response.headers["Location"]).path == "/tickets/", f"login went to {response.headers['Location']}")
    expect("sessionid" in session.cookies, "no sessionid cookie after login")
    return session


def ticket_list(smoke, session, query=None, order=None):
    """The list page, then its rows: the page embeds the query (base64 JSON) in the DataTables URL it fetches.
    `order` is a DataTables column order, e.g. ("0", "desc") for the newest id first (a click on a column header)."""
    page = smoke.request(session, "GET", "/tickets/", params={"q": query} if query is not None else None)
    expect(page.status_code == 200, f"list page answered {page.status_code}")
    expect('id="ticketTable"' in page.text, "no ticketTable on the list page")
    match = DATATABLES_URL.search(page.text)
    expect(match, "no datatables_ticket_list URL on the list page")
    url = match.group(1)
    params = json.loads(base64.b64decode(url.rsplit("/", 1)[1]))
    extra = {"order[0][column]": order[0], "order[0][dir]": order[1]} if order else {}
    rows = smoke.request(
        session, "GET", url, params={**DATATABLES_PARAMS, **extra}, headers={"Accept": "application/json"}
    )
    expect(rows.status_code == 200, f"rows answered {rows.status_code}")
    expect(rows.headers.get("Content-Type", "").startswith("application/json"), "rows are not JSON")
    return params, rows.json()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8100")
    parser.add_argument("--username", default="agent")
    parser.add_argument("--password", default="bench-2026")
    parser.add_argument("--tickets", type=int, default=20_000, help="N of the data set, for --dataset's default")
    parser.add_argument("--dataset", type=Path, help="the generator's result file (optional)")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args(argv)
    dataset_path = args.dataset or REPO_DIR / "benchmarks" / "results" / f"peer-dataset-{args.tickets}.json"
    dataset = json.loads(dataset_path.read_text()) if dataset_path.exists() else None
    smoke = Smoke(args.base, args.timeout)
    state: dict = {}

    def do_login():
        state["agent"] = login(smoke, args.username, args.password)
        return f"session cookie for {args.username}"

    def do_list():
        params, rows = ticket_list(smoke, state["agent"])
        expect(params["filtering"] == {"status__in": [1, 2]}, f"default filter is {params['filtering']}")
        expect(params["sorting"] == "created" and not params["sortreverse"], f"default sort is {params['sorting']}")
        expect(len(rows["data"]) == min(25, rows["recordsFiltered"]), f"{len(rows['data'])} rows on the first page")
        expect(rows["data"], "the default list is empty")
        expect({r["status"] for r in rows["data"]} <= {"Open", "Reopened"}, "closed tickets on the default list")
        created = [r["created"] for r in rows["data"]]
        expect(created == sorted(created), "first page not in order of creation")
        if dataset:
            by_status = dataset["counts"]["tickets_by_status"]
            generated = by_status.get("open", 0) + by_status.get("reopened", 0)
            # Tickets that earlier runs of this check created are open too.
            expect(rows["recordsTotal"] >= generated, f"{rows['recordsTotal']} open tickets, generated {generated}")
        state["row"] = rows["data"][0]
        return f"{len(rows['data'])} of {rows['recordsTotal']} open tickets, oldest first (#{rows['data'][0]['id']})"

    def do_detail():
        row = state["row"]
        page = smoke.request(state["agent"], "GET", f"/tickets/{row['id']}/")
        expect(page.status_code == 200, f"ticket page answered {page.status_code}")
        expect(html.escape(row["title"], quote=False) in page.text, "the ticket's title is not on its page")
        expect(row["submitter"] in page.text, "the submitter is not on the ticket page")
        expect("Ticket Opened" in page.text, "the opening follow-up is not on the ticket page")
        missing = smoke.request(state["agent"], "GET", "/tickets/999999999/")
        expect(missing.status_code == 404, f"an unknown ticket answered {missing.status_code}, not 404")
        return f"#{row['id']} shows its title, submitter and follow-ups; unknown id 404"

    def do_create_staff():
        session = state["agent"]
        form = smoke.request(session, "GET", "/tickets/submit/")
        expect(form.status_code == 200, f"staff submit form answered {form.status_code}")
        queues = re.findall(r'<option value="(\d+)"', form.text.split('name="queue"', 1)[1].split("</select>", 1)[0])
        expect(queues, "no queue to choose on the staff form")
        title = f"Smoke: paket {uuid.uuid4().hex[:8]} gagal diunggah ke SPSE"
        response = smoke.request(
            session,
            "POST",
            "/tickets/submit/",
            data={
                "csrfmiddlewaretoken": csrf_from(form),
                "queue": queues[0],
                "title": title,
                "body": "Dokumen penawaran tidak bisa diunggah, muncul pesan galat.",
                "priority": "3",
                "due_date": "",
                "submitter_email": "smoke.test@majujaya.co.id",
                "assigned_to": "",
            },
        )
        expect(response.status_code == 302, f"staff create answered {response.status_code}, not 302")
        location = urlsplit(response.headers["Location"]).path
        expect(re.fullmatch(r"/tickets/\d+/", location), f"staff create went to {location}")
        page = smoke.request(session, "GET", location)
        expect(page.status_code == 200 and html.escape(title, quote=False) in page.text, "the new ticket's page")
        return f"created {location}"

    def do_create_public():
        session = requests.Session()  # anonymous: the public form of the home page
        form = smoke.request(session, "GET", "/tickets/submit/")
        expect(form.status_code == 200, f"public submit form answered {form.status_code}")
        queues = re.findall(r'<option value="(\d+)"', form.text.split('name="queue"', 1)[1].split("</select>", 1)[0])
        expect(queues, "no public queue on the public form")
        email = "pelapor.smoke@gmail.com"
        response = smoke.request(
            session,
            "POST",
            "/tickets/submit/",
            data={
                "csrfmiddlewaretoken": csrf_from(form),
                "queue": queues[0],
                "title": f"Smoke publik: RUP {uuid.uuid4().hex[:8]} tidak muncul di SPSE",
                "body": "Paket sudah diumumkan di SiRUP tetapi belum muncul di SPSE.",
                "priority": "3",
                "due_date": "",
                "submitter_email": email,
            },
        )
        expect(response.status_code == 302, f"public create answered {response.status_code}, not 302")
        location = response.headers["Location"]
        expect(location.startswith("/view/?ticket=") and "&key=" in location, f"public create went to {location}")
        page = smoke.request(session, "GET", location)
        expect(page.status_code == 200 and email in page.text, "the public ticket page")
        return f"created {location.split('&', 1)[0]}"

    def do_search():
        session = state["agent"]
        row = state["row"]
        found = []
        # By number: the newest ticket (a long id) is on the first page of the tickets whose id or text contains
        # its digits, oldest first.
        _params, newest = ticket_list(smoke, session, order=("0", "desc"))
        number = str(newest["data"][0]["id"])
        params, rows = ticket_list(smoke, session, query=number)
        expect(params["search_string"] == number and "status__in" not in params["filtering"], "query params")
        expect(any(str(r["id"]) == number for r in rows["data"]), f"#{number} is not on the first page of hits")
        found.append(f"number {number}: {rows['recordsFiltered']} hits")
        # By text: a phrase of the generated subjects, in every status.
        phrase = "Akun PA/KPA SiRUP terkunci"
        _params, rows = ticket_list(smoke, session, query=phrase)
        expect(rows["recordsFiltered"] > 0, f"nothing found for {phrase!r}")
        expect(all(phrase.lower() in r["title"].lower() for r in rows["data"]), f"a hit for {phrase!r} without it")
        found.append(f"text {phrase!r}: {rows['recordsFiltered']} hits")
        # By submitter e-mail.
        _params, rows = ticket_list(smoke, session, query=row["submitter"])
        expect(any(r["id"] == row["id"] for r in rows["data"]), f"#{row['id']} not found by {row['submitter']}")
        expect(all(row["submitter"] in r["submitter"] for r in rows["data"]), "a hit of another submitter")
        found.append(f"submitter {row['submitter']}: {rows['recordsFiltered']} hits")
        return "; ".join(found)

    smoke.check("login (agent)", do_login)
    if state.get("agent"):
        smoke.check("ticket list (agent, default filter, first page)", do_list)
    if state.get("row"):
        smoke.check("ticket detail", do_detail)
        smoke.check("search", do_search)
    if state.get("agent"):
        smoke.check("ticket create (staff form)", do_create_staff)
    smoke.check("ticket create (public form)", do_create_public)

    failed = [name for name, ok, _ in smoke.results if not ok]
    expected = 6
    print(f"{len(smoke.results) - len(failed)} passed, {len(failed) + expected - len(smoke.results)} failed")
    return 1 if failed or len(smoke.results) < expected else 0


if __name__ == "__main__":
    sys.exit(main())
