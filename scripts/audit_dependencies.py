"""Audit the locked dependencies for known vulnerabilities, and say plainly what was checked.

    python scripts/audit_dependencies.py [LOCK ...]        (default: requirements/main.lock)

Runs ``pip-audit --requirement LOCK --disable-pip --no-deps`` against PyPI's vulnerability
data and, if PyPI answers for no package, against OSV. pip-audit without ``--strict`` skips a
package it cannot look up and still prints "No known vulnerabilities found"; with
``--strict`` it stops at the first such package without naming the others. So this script
reads pip-audit's JSON and applies the strict rule itself:

* a service answered for every package: any known vulnerability fails (exit 1), none passes;
* a service answered for some packages but not all: the unchecked ones fail (exit 1), named;
* no service answered for any package (no network, or a registry mirror without the
  vulnerability API): the status is NOT CHECKED, with the services, why each failed, and every
  package that was not checked. It exits 0, because an unreachable service says nothing about
  the code, but it never reports "no known vulnerabilities".

It also shows that the lock pins every package with hashes (``uv pip compile
--generate-hashes``): a package without a hash fails (exit 1). Nothing is downloaded except
pip-audit's own queries to the vulnerability services.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOCK = ROOT / "requirements" / "main.lock"
SERVICES = ("pypi", "osv")
TIMEOUT_SECONDS = 300
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


@dataclass
class Lock:
    path: Path
    packages: dict[str, str] = field(default_factory=dict)  # name → pinned version
    hashes: dict[str, int] = field(default_factory=dict)  # name → number of --hash entries


def read_lock(path: Path) -> Lock:
    """The pinned packages of a ``uv pip compile --generate-hashes`` file and their hashes."""
    lock = Lock(path)
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = REQUIREMENT.match(line)
        if match:
            current = match.group(1).lower().replace("_", "-")
            lock.packages[current] = match.group(2)
            lock.hashes[current] = 0
        if current and "--hash=" in line:
            lock.hashes[current] += line.count("--hash=")
        if not line.rstrip().endswith("\\") and not match:
            current = ""
    return lock


# What pip-audit's traceback says when the service is out of reach.
UNREACHABLE = re.compile(
    r"ConnectionError|NameResolutionError|Max retries exceeded|Failed to resolve|timed out"
    r"|Temporary failure in name resolution|Network is unreachable|Connection refused"
)


class AuditError(Exception):
    pass


@dataclass
class ServiceResult:
    service: str
    reachable: bool
    error: str = ""
    checked: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # name → pip-audit's reason


def run_pip_audit(lock: Path, service: str) -> ServiceResult:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--vulnerability-service",
        service,
        "--requirement",
        str(lock),
        "--disable-pip",
        "--no-deps",
        "--require-hashes",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    try:
        completed = subprocess.run(  # nosec B603  # a fixed argument list, no shell
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        return ServiceResult(service, reachable=False, error=f"no answer in {TIMEOUT_SECONDS} s")
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        report = None
    if report is None:
        if UNREACHABLE.search(completed.stderr):
            return ServiceResult(service, reachable=False, error=_last_error(completed.stderr))
        # Anything else (a bad argument, a lock pip-audit cannot read) is our error: say so.
        raise AuditError(f"pip-audit failed ({service}): {_last_error(completed.stderr)}")
    result = ServiceResult(service, reachable=True)
    for dependency in report.get("dependencies", []):
        name = str(dependency["name"]).lower().replace("_", "-")
        if "skip_reason" in dependency:
            result.skipped[name] = str(dependency["skip_reason"])
        else:
            result.checked[name] = list(dependency.get("vulns", []))
    return result


def _last_error(stderr: str) -> str:
    """The line of pip-audit's traceback that names the cause (e.g. a name resolution)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        resolution = re.search(r"Failed to resolve '[^']+'( \(\[Errno -?\d+\] [^)]*\))?", line)
        if resolution:
            return resolution.group(0)
    return lines[-1][:300] if lines else "pip-audit gave no output"


def audit(lock: Lock) -> int:
    shown = lock.path.relative_to(ROOT) if lock.path.is_relative_to(ROOT) else lock.path
    print(f"Dependency audit of {shown}")
    unhashed = sorted(name for name, count in lock.hashes.items() if count == 0)
    pinning = "every package pinned with --hash"
    if unhashed:
        pinning = "WITHOUT HASH: " + ", ".join(unhashed)
    print(
        f"  pinned: {len(lock.packages)} packages with {sum(lock.hashes.values())} hashes"
        f" ({pinning})"
    )
    status = 1 if unhashed or not lock.packages else 0
    results: list[ServiceResult] = []
    for service in SERVICES:
        result = run_pip_audit(lock.path, service)
        results.append(result)
        if not result.reachable:
            print(f"  {service}: could not be reached: {result.error}")
            continue
        print(
            f"  {service}: answered for {len(result.checked)} of {len(lock.packages)} packages"
            + (f" ({_common_reason(result.skipped)})" if result.skipped else "")
        )
        if result.checked:
            break  # this service works: its answer is the audit
    working = next((r for r in results if r.reachable and r.checked), None)
    if working is None:
        print(
            "STATUS: NOT CHECKED. No vulnerability service answered for any package "
            f"({', '.join(f'{r.service}: {_summary(r)}' for r in results)}), so none of these "
            f"{len(lock.packages)} packages was checked for known vulnerabilities:"
        )
        for name, version in sorted(lock.packages.items()):
            print(f"    {name}=={version}")
        return status
    found = {name: vulns for name, vulns in working.checked.items() if vulns}
    for name, vulns in sorted(found.items()):
        for vuln in vulns:
            fixes = ", ".join(str(v) for v in vuln.get("fix_versions", []) or []) or "none yet"
            version = lock.packages.get(name, "?")
            print(f"  VULNERABLE {name}=={version}: {vuln.get('id')} (fixed in: {fixes})")
    unchecked = sorted(set(lock.packages) - set(working.checked))
    for name in unchecked:
        reason = working.skipped.get(name, "not in pip-audit's answer")
        print(f"  NOT CHECKED {name}=={lock.packages[name]}: {reason}")
    if found or unchecked:
        print(
            f"STATUS: FAILED. {sum(len(v) for v in found.values())} known vulnerabilities in "
            f"{len(found)} packages; {len(unchecked)} packages not checked ({working.service})."
        )
        return 1
    print(
        f"STATUS: CHECKED. No known vulnerabilities in {len(working.checked)} packages "
        f"({working.service})."
    )
    return status


def _common_reason(skipped: dict[str, str]) -> str:
    reasons = {re.sub(r":.*", "", reason) for reason in skipped.values()}
    return f"{len(skipped)} skipped: " + "; ".join(sorted(reasons))


def _summary(result: ServiceResult) -> str:
    if not result.reachable:
        return result.error
    return _common_reason(result.skipped) if result.skipped else "no answer"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locks", nargs="*", type=Path, default=[DEFAULT_LOCK])
    options = parser.parse_args(argv)
    status = 0
    for path in options.locks:
        try:
            status = max(status, audit(read_lock(path.resolve())))
        except AuditError as error:
            print(f"STATUS: ERROR. {error}")
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main())
