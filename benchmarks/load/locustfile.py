"""Caseworkers and municipal leads at work, for Locust (started by benchmarks/load/run.py).

Each simulated user logs in with a demo login of the municipal demo (several users may share
one login: each gets its own session) and then, with a think time between clicks (run.py's
--think, 3 to 10 seconds by default):

* caseworkers open the start page, search for people (a name as she is spelled, a prefix
  being typed, two words, a phone number), open a person of their municipality, log a
  contact attempt on her (the person page's form, without JavaScript: a redirect back), and
  register a new person through the registration form (answering "register anyway" when the
  duplicate warning comes);
* municipal leads open the start page, the partnership's dashboard (the success criteria)
  and its method page, and search.

Every write that the server acknowledged (a redirect after the registration or the attempt)
is appended to LOAD_ACK_FILE as one JSON line with its unique marker, so that run.py can
check afterwards that each of them is in the database.

Run by run.py, which writes LOAD_CONFIG (logins, people, the partnership). Never import this
module in a test process: Locust patches the standard library with gevent.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

CONFIG: dict[str, Any] = json.loads(Path(os.environ["LOAD_CONFIG"]).read_text(encoding="utf-8"))
ACKS = Path(os.environ["LOAD_ACK_FILE"]).open("a", encoding="utf-8", buffering=1)  # noqa: SIM115
RUN = CONFIG["run"]
THINK = between(CONFIG["think_min"], CONFIG["think_max"])

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON_URL = re.compile(r"^/people/(\d+)/$")
PERSON_LINK = re.compile(r'href="/people/(\d+)/"')
SELECT = r'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>'
OPTION = re.compile(r'<option value="(\d+)"')
CHANNEL = re.compile(r'name="channel"[^>]*\bvalue="(\w+)"|value="(\w+)"[^>]*name="channel"')
OUTCOME = re.compile(r'name="outcome" value="(\w+)"')

_caseworker_logins = itertools.cycle(CONFIG["caseworkers"])
_lead_logins = itertools.cycle(CONFIG["leads"])
_sequence = itertools.count(1)


# Every request from the very first, ramp-up included: run.py resets Locust's own statistics
# once all users are logged in (the steady state is what the latency figures describe), but
# counts errors over the whole run from this tally.
TALLY: dict[str, Any] = {"requests": 0, "failures": 0, "failed": {}, "login_ms": []}


@events.request.add_listener
def _tally(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
    TALLY["requests"] += 1
    if exception is not None:
        TALLY["failures"] += 1
        key = f"{name}: {exception}"[:300]
        TALLY["failed"][key] = TALLY["failed"].get(key, 0) + 1
    if name == "login":
        TALLY["login_ms"].append(round(response_time, 1))


@events.quitting.add_listener
def _write_tally(**_: Any) -> None:
    Path(os.environ["LOAD_TALLY_FILE"]).write_text(json.dumps(TALLY), encoding="utf-8")


_logins_done = itertools.count(1)


def _logged_in(environment: Environment) -> None:
    """Once every user has logged in (a login costs the password hash: most of a second of
    CPU), let the queue drain, then measure ``CONFIG["duration"]`` seconds and stop."""
    if next(_logins_done) == CONFIG["caseworker_users"] + CONFIG["lead_users"]:
        gevent.spawn_later(CONFIG["settle"], _measure, environment)


def _measure(environment: Environment) -> None:
    assert environment.runner is not None
    environment.runner.stats.reset_all()
    TALLY["measured_from"] = time.time()
    gevent.spawn_later(CONFIG["duration"], environment.runner.quit)


def _record(kind: str, **fields: Any) -> None:
    ACKS.write(json.dumps({"kind": kind, **fields}) + "\n")


def _token(html: str) -> str | None:
    found = TOKEN.search(html)
    return found.group(1) if found else None


def _options(html: str, name: str) -> list[str]:
    found = re.search(SELECT.format(name=name), html, re.S)
    return OPTION.findall(found.group(1)) if found else []


class Staff(HttpUser):
    abstract = True
    wait_time = THINK
    login: dict[str, str]

    def on_start(self) -> None:
        self.number = next(_sequence)
        self.writes = 0
        with self.client.get("/login/", name="login form", catch_response=True) as form:
            token = _token(form.text)
            if form.status_code != 200 or token is None:
                form.failure(f"no login form ({form.status_code})")
                _logged_in(self.environment)
                return
        with self.client.post(
            "/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": self.login["username"],
                "password": CONFIG["password"],
            },
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/":
                response.failure(
                    f"{self.login['username']} not logged in: {response.status_code} "
                    f"{response.headers.get('Location', '')}"
                )
        _logged_in(self.environment)

    def marker(self) -> str:
        self.writes += 1
        return f"{RUN}-u{self.number}-w{self.writes}"

    def get(self, path: str, name: str, **kwargs: Any) -> Any:
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"GET {path}: {response.status_code} {response.error or ''}")
            elif response.history:
                response.failure(f"GET {path}: redirected to {response.url}")
            return response

    @task(3)
    def start_page(self) -> None:
        self.get("/", "start page")

    def search(self) -> list[str]:
        query = random.choice(CONFIG["queries"])
        response = self.get("/people/", "search", params={"q": query})
        return PERSON_LINK.findall(response.text) if response.status_code == 200 else []


class Caseworker(Staff):
    """A caseworker of one municipality (cw-, cw2-, cw3-<code>)."""

    fixed_count = CONFIG["caseworker_users"]

    def on_start(self) -> None:
        self.login = next(_caseworker_logins)
        self.people = CONFIG["people"][self.login["municipality"]]
        super().on_start()

    @task(5)
    def search_and_open(self) -> None:
        found = self.search()
        if found and random.random() < 0.5:
            self.get(f"/people/{random.choice(found)}/", "person page")

    @task(3)
    def person_page(self) -> None:
        self.get(f"/people/{random.choice(self.people)}/", "person page")

    @task(2)
    def contact_attempt(self) -> None:
        person_id = random.choice(self.people)
        page = self.get(f"/people/{person_id}/", "person page")
        token = _token(page.text)
        channels = [a or b for a, b in CHANNEL.findall(page.text)]
        outcomes = OUTCOME.findall(page.text)
        if token is None or not channels or not outcomes:
            return
        note = f"Opkald fra belastningstest {self.marker()}"
        with self.client.post(
            f"/outreach/people/{person_id}/attempts/",
            data={
                "csrfmiddlewaretoken": token,
                "channel": random.choice(channels),
                "outcome": random.choice(outcomes),
                "note": note,
            },
            headers={"Referer": page.url},
            allow_redirects=False,
            name="contact attempt",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != (
                f"/people/{person_id}/"
            ):
                response.failure(
                    f"attempt not saved: {response.status_code} {response.error or ''}"
                )
                return
            _record("attempt", note=note, person_id=person_id, user=self.login["username"])
        self.get(f"/people/{person_id}/", "person page")

    @task(1)
    def register(self) -> None:
        form = self.get("/people/new/", "registration form")
        token, methods = _token(form.text), _options(form.text, "method")
        if token is None or not methods:
            return
        first, last = random.choice(CONFIG["names"])
        data = {
            "csrfmiddlewaretoken": token,
            "first_name": first,
            "last_name": last,
            "method": random.choice(methods),
            "source_note": f"{random.choice(CONFIG['places'])} ({self.marker()})",
        }
        if random.random() < 0.5:
            data["birth_date"] = f"{random.randint(1, 28):02d}.{random.randint(2, 12):02d}." + str(
                random.randint(1965, 2002)
            )
        for attempt in ("registration", "registration (register anyway)"):
            with self.client.post(
                "/people/new/",
                data=data,
                headers={"Referer": form.url},
                allow_redirects=False,
                name=attempt,
                catch_response=True,
            ) as response:
                location = PERSON_URL.match(response.headers.get("Location", ""))
                if response.status_code == 302 and location:
                    person_id = int(location.group(1))
                    _record(
                        "registration",
                        note=data["source_note"],
                        person_id=person_id,
                        municipality=self.login["municipality"],
                        user=self.login["username"],
                    )
                    self.get(f"/people/{person_id}/", "person page")
                    return
                if response.status_code == 200 and 'data-testid="duplicate-warning"' in (
                    response.text
                ):
                    # The duplicate warning: she is someone else, register anyway.
                    response.success()
                    data = {**data, "confirmed_new": "True", "csrfmiddlewaretoken": token}
                    continue
                response.failure(
                    f"registration not saved: {response.status_code} {response.error or ''}"
                )
                return


class MunicipalLead(Staff):
    """A municipal lead (lead-<code>): the partnership's figures, and some searches."""

    fixed_count = CONFIG["lead_users"]

    def on_start(self) -> None:
        self.login = next(_lead_logins)
        super().on_start()

    @task(3)
    def dashboard(self) -> None:
        self.get(f"/interventions/partnerships/{CONFIG['partnership']}/criteria/", "dashboard")

    @task(1)
    def methods(self) -> None:
        self.get(f"/interventions/partnerships/{CONFIG['partnership']}/methods/", "methods page")

    @task(2)
    def search_people(self) -> None:
        self.search()
