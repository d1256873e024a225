"""Load test: 50 caseworkers and municipal leads against gunicorn on PostgreSQL.

    .venv/bin/python benchmarks/load/run.py                  # 5 minutes, 50 users
    .venv/bin/python benchmarks/load/run.py --duration 60    # shorter, while developing
    .venv/bin/python benchmarks/load/run.py --compare 60     # first 60 s for each of a few
                                                             # gunicorn configurations
    .venv/bin/python benchmarks/load/run.py --think 1,3      # a stress test: a click every
                                                             # 1-3 s per user

Starts a throwaway PostgreSQL 15 cluster (scripts/with_postgres.py), migrates, loads
`brobygger demo --scale municipal` (four municipalities, 6,000 people, 12 caseworker and 4
lead logins), starts gunicorn with production settings (benchmarks/load/server_settings.py),
and runs Locust headless as a subprocess (benchmarks/load/locustfile.py): the users log in
one a second (each login hashes the password: most of a second of CPU), and once all are in
and 10 s have passed, Locust's statistics are reset and the latency figures measured for
``--duration`` seconds of steady state; errors are counted over the whole run, logins
included.
Afterwards gunicorn is stopped and every write acknowledged to a user (a registration or a
contact attempt, each with a unique marker) is looked up in the database. The figures, the
machine and its load go to benchmarks/results/load.json; the exit code is 1 if a request
failed or an acknowledged write is missing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.load.server import (  # noqa: E402
    BIN,
    ROOT,
    Gunicorn,
    environment,
    manage,
    postgres_cluster,
)

RESULTS = ROOT / "benchmarks" / "results"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
PLACES = ["Kvindecaféen", "Biblioteket", "Beboerhuset", "Sprogcentret", "Vaskekælderen"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of steady state")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--leads", type=int, default=6, help="of the users, municipal leads")
    parser.add_argument("--spawn-rate", type=float, default=1.0, help="logins per second")
    parser.add_argument(
        "--think",
        default="3,10",
        help="seconds between one user's clicks, MIN,MAX (default 3,10: every user busy all the"
        " time, which 50 real caseworkers never are; 1,3 is a stress test)",
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--compare",
        type=int,
        default=0,
        metavar="SECONDS",
        help="first measure each of a few gunicorn configurations for SECONDS",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "load.json")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the logs and Locust's files")
    args = parser.parse_args(argv)
    think = tuple(float(value) for value in args.think.split(","))

    work = Path(tempfile.mkdtemp(prefix="brobygger-load-"))
    started = time.monotonic()
    result: dict[str, Any] = {
        "benchmark": "load",
        "database": "postgresql",
        "command": "python benchmarks/load/run.py " + " ".join(argv or sys.argv[1:]),
        "machine": machine(),
        "started_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
    with postgres_cluster() as database_url:
        env = environment(database_url, import_root=work / "imports")
        print(f"load: PostgreSQL at {database_url}; loading the municipal demo", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        loaded = time.monotonic()
        manage(env, "demo", "--scale", "municipal", "--seed", str(args.seed), log=work / "demo.log")
        result["demo"] = {"scale": "municipal", "seconds": round(time.monotonic() - loaded, 1)}
        os.environ.update(env)
        import django

        django.setup()
        config = locust_config(args, think=think)
        result["demo"].update(config.pop("demo"))
        (work / "config.json").write_text(json.dumps(config), encoding="utf-8")
        result["postgresql"] = postgresql_version()

        if args.compare:
            result["configs_compared"] = [
                run_once(env, work, args, config, workers=w, threads=t, seconds=args.compare)[
                    "summary"
                ]
                for w, t in [(3, 2), (2, 4), (5, 1), (4, 2)]
            ]
        final = run_once(
            env,
            work,
            args,
            config,
            workers=args.workers,
            threads=args.threads,
            seconds=args.duration,
        )
        result.update(final)
    result["machine"]["load_after"] = load_average()
    result["machine"]["uptime_after"] = uptime()
    result["seconds_total"] = round(time.monotonic() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = result["summary"]
    print(json.dumps({"summary": summary, "writes": result["writes"]["summary"]}, indent=2))
    ok = (
        summary["errors"] == 0
        and summary["steady_state_reached"]
        and not result["writes"]["missing"]
    )
    if args.keep or not ok:
        print(f"load: logs and Locust's files are in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


def run_once(
    env: dict[str, str],
    work: Path,
    args: argparse.Namespace,
    config: dict[str, Any],
    *,
    workers: int,
    threads: int,
    seconds: int,
) -> dict[str, Any]:
    """One gunicorn configuration under Locust; the writes it acknowledged, checked."""
    run = f"L{uuid.uuid4().hex[:8]}"
    label = f"{workers}x{threads}-{run}"
    acks, tally = work / f"acks-{label}.jsonl", work / f"tally-{label}.json"
    config_path = work / f"config-{label}.json"
    settle = 10
    config_path.write_text(
        json.dumps({**config, "run": run, "duration": seconds, "settle": settle}),
        encoding="utf-8",
    )
    server = Gunicorn(env, log=work / f"gunicorn-{label}.log", workers=workers, threads=threads)
    ramp = int(args.users / args.spawn_rate)
    print(f"load: {server.description}, {args.users} users log in over {ramp} s; {seconds} s")
    server.start()
    load_before = load_average()
    try:
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                # The locustfile stops the run after `seconds` of steady state; this is the
                # backstop should the logins never finish.
                "--run-time",
                f"{ramp + settle + seconds + 600}s",
                "--host",
                server.url,
                "--csv",
                str(work / label),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            env={
                **os.environ,
                "LOAD_CONFIG": str(config_path),
                "LOAD_ACK_FILE": str(acks),
                "LOAD_TALLY_FILE": str(tally),
            },
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        server.stop()
    if not (work / f"{label}_stats.csv").exists():
        raise RuntimeError(f"locust wrote no statistics:\n{locust.stdout}\n{locust.stderr}")
    endpoints, aggregated = read_stats(work / f"{label}_stats.csv")
    counted = json.loads(tally.read_text(encoding="utf-8"))
    writes = verify_writes(acks, run=run)
    summary = {
        "server": server.description,
        "steady_state_seconds": seconds,
        "requests": aggregated["requests"],
        "requests_per_s": aggregated["requests_per_s"],
        "p50_ms": aggregated["p50_ms"],
        "p95_ms": aggregated["p95_ms"],
        "p99_ms": aggregated["p99_ms"],
        "errors": counted["failures"],
        "requests_whole_run": counted["requests"],
        "steady_state_reached": counted.get("measured_from") is not None,
        "load_average_before": load_before,
    }
    logins = sorted(counted["login_ms"])
    return {
        "summary": summary,
        "server": {"gunicorn": server.description, "settings": env["DJANGO_SETTINGS_MODULE"]},
        "locust": {
            "users": args.users,
            "caseworkers": config["caseworker_users"],
            "leads": config["lead_users"],
            "spawn_rate_per_s": args.spawn_rate,
            "spawn_s": ramp,
            "settle_s": settle,
            "measured_from": counted.get("measured_from"),
            "think_time_s": [config["think_min"], config["think_max"]],
            "exit_code": locust.returncode,
        },
        "endpoints": endpoints,
        "failures": counted["failed"],
        "logins": {
            "count": len(logins),
            "median_ms": logins[len(logins) // 2] if logins else None,
            "max_ms": logins[-1] if logins else None,
        },
        "writes": writes,
    }


def read_stats(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    endpoints, aggregated = [], {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            figures = {
                "name": row["Name"],
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "requests_per_s": round(float(row["Requests/s"]), 2),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
                "max_ms": _ms(row["Max Response Time"]),
            }
            if row["Name"] == "Aggregated":
                aggregated = figures
            elif figures["requests"]:
                endpoints.append(figures)
    return endpoints, aggregated


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else round(float(value), 1)


def locust_config(args: argparse.Namespace, *, think: tuple[float, ...]) -> dict[str, Any]:
    """Logins, each caseworker's people, search queries and names, from the demo."""
    from django.contrib.auth import get_user_model

    from brobygger.accounts.models import Membership, Role
    from brobygger.demo.generator import DEMO_PARTNERSHIP_NAME
    from brobygger.demo.names import NAMES
    from brobygger.partnerships.models import Partnership
    from brobygger.people.models import Person

    rng = random.Random(args.seed)
    memberships = Membership.objects.select_related("user", "municipality").order_by(
        "user__username"
    )
    caseworkers = [
        {"username": m.user.username, "municipality": m.municipality.code}
        for m in memberships.filter(role=Role.CASEWORKER)
        if m.municipality is not None
    ]
    leads = [
        {"username": m.user.username, "municipality": m.municipality.code}
        for m in memberships.filter(role=Role.MUNICIPAL_LEAD)
        if m.municipality is not None
    ]
    people: dict[str, list[int]] = {}
    for code, pk in Person.objects.filter(merged_into__isnull=True).values_list(
        "municipality__code", "pk"
    ):
        people.setdefault(code, []).append(pk)
    spellings = [
        variants
        for female, male, surnames in NAMES.values()
        for variants in (*female, *male, *surnames)
    ]
    queries: list[str] = []
    for _ in range(400):
        variants = rng.choice(spellings)
        kind = rng.random()
        if kind < 0.5:
            queries.append(rng.choice(variants))  # a name as she is spelled
        elif kind < 0.65:
            queries.append(rng.choice(variants)[:3])  # being typed
        elif kind < 0.85:
            queries.append(f"{rng.choice(rng.choice(spellings))} {rng.choice(variants)}")
        else:
            digits = f"{rng.choice('2345678')}{rng.randrange(10_000_000):07d}"
            queries.append(f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}")
    given = [v[0] for female, male, _s in NAMES.values() for v in (*female, *male)]
    surnames = [v[0] for _f, _m, surnames in NAMES.values() for v in surnames]
    names = [(rng.choice(given), rng.choice(surnames)) for _ in range(500)]
    leads_wanted = min(args.leads, args.users)
    return {
        "password": os.environ.get("BROBYGGER_DEMO_PASSWORD") or "brobygger-demo",
        "caseworkers": caseworkers,
        "leads": leads,
        "caseworker_users": args.users - leads_wanted,
        "lead_users": leads_wanted,
        "people": people,
        "partnership": Partnership.objects.get(name=DEMO_PARTNERSHIP_NAME).pk,
        "queries": queries,
        "names": names,
        "places": PLACES,
        "think_min": think[0],
        "think_max": think[1],
        "demo": {
            "people": sum(len(ids) for ids in people.values()),
            "users": get_user_model().objects.count(),
            "caseworker_logins": len(caseworkers),
            "lead_logins": len(leads),
        },
    }


def verify_writes(acks: Path, *, run: str) -> dict[str, Any]:
    """Every acknowledged registration and contact attempt, looked up by its marker."""
    from brobygger.people.models import ContactAttempt, PersonSource, StatusEvent

    lines = acks.read_text(encoding="utf-8").splitlines() if acks.exists() else []
    acknowledged = [json.loads(line) for line in lines if line]
    registrations = [a for a in acknowledged if a["kind"] == "registration"]
    attempts = [a for a in acknowledged if a["kind"] == "attempt"]
    sources = dict(
        PersonSource.objects.filter(note__contains=f"({run}-").values_list("note", "person_id")
    )
    with_event = set(
        StatusEvent.objects.filter(person_id__in=sources.values(), from_status="").values_list(
            "person_id", flat=True
        )
    )
    notes = set(
        ContactAttempt.objects.filter(note__contains=f" {run}-").values_list("note", "person_id")
    )
    missing = [
        a
        for a in registrations
        if sources.get(a["note"]) != a["person_id"] or a["person_id"] not in with_event
    ] + [a for a in attempts if (a["note"], a["person_id"]) not in notes]
    acknowledged_notes = {a["note"] for a in acknowledged}
    extra = len([n for n in sources if n not in acknowledged_notes]) + len(
        [n for n, _p in notes if n not in acknowledged_notes]
    )
    found = len(acknowledged) - len(missing)
    return {
        "summary": {
            "acknowledged": len(acknowledged),
            "registrations": len(registrations),
            "contact_attempts": len(attempts),
            "found": found,
            "missing": len(missing),
            "in_database_without_acknowledgement": extra,
        },
        "missing": missing[:100],
    }


def postgresql_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = int(meminfo.read_text().split()[1]) // 1024
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_mb": memory,
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_before": load_average(),
        "uptime_before": uptime(),
    }


if __name__ == "__main__":
    sys.exit(main())
