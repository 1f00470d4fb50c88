"""The Docker image as users run it: build, run, wait for healthy, stop gracefully.

Skipped when no Docker engine answers or the base image is not present locally (the build
must not pull). Every container here reaches nothing outside this machine: the default-config
one runs with no network at all, the published-port one has no sources.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BASE = os.environ.get("CLAIMWATCH_DOCKER_BASE", "python:3.12-slim")
IMAGE = "claimwatch:test"
HEALTHY_WITHIN = 60.0
STOP_WITHIN = 2.0  # a functional bound: `docker stop` must not fall back to SIGKILL after 10 s

pytestmark = pytest.mark.timeout(900)


def docker(*args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=check
    )


def _engine_problem() -> str | None:
    try:
        info = docker("info", "--format", "{{.ServerVersion}}", timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"no docker engine answers ({e})"
    if info.returncode != 0:
        return "no docker engine answers: " + (info.stderr.strip().splitlines() or ["?"])[-1]
    if docker("image", "inspect", BASE, check=False).returncode != 0:
        return f"base image {BASE} is not present locally (docker pull {BASE})"
    return None


@pytest.fixture(scope="module")
def image() -> str:
    problem = _engine_problem()
    if problem:
        pytest.skip(problem)
    build = docker("build", "--build-arg", f"BASE={BASE}", "-t", IMAGE, str(REPO), timeout=840,
                   check=False)  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return IMAGE


@pytest.fixture
def container() -> Iterator[str]:
    name = f"claimwatch-test-{uuid.uuid4().hex[:8]}"
    yield name
    docker("rm", "-f", "-v", name, check=False)


def run(image: str, name: str, *args: str) -> None:
    # Healthchecks every second so the test is not waiting on the image's 30 s default.
    docker("run", "-d", "--name", name, "--health-interval=1s", "--health-retries=3", *args, image)


def wait_healthy(name: str, since: str) -> None:
    """Follow the engine's health_status events (no polling); `--until` ends the stream."""
    until = str(int(time.time() + HEALTHY_WITHIN))
    events = subprocess.Popen(
        ["docker", "events", "--since", since, "--until", until, "--filter", f"container={name}",
         "--filter", "event=health_status", "--format", "{{.Status}}"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert events.stdout is not None
        for line in events.stdout:
            if line.strip().endswith(": healthy"):
                return
            if line.strip().endswith(": unhealthy"):  # past the start period: it will not recover
                break
    finally:
        events.kill()
        events.wait()
    logs = docker("logs", name, check=False)
    pytest.fail(f"{name} not healthy within {HEALTHY_WITHIN}s:\n{logs.stdout}{logs.stderr}"[-4000:])


def stop(name: str) -> float:
    started = time.monotonic()
    docker("stop", "--time", "10", name, timeout=30)
    return time.monotonic() - started


def state(name: str) -> dict:
    return json.loads(docker("inspect", "--format", "{{json .State}}", name).stdout)


def test_image_stays_healthy_without_network_and_stops_fast(image: str, container: str) -> None:
    # The shipped config polls real feeds; with no network every poll fails, which must not
    # make the daemon unhealthy.
    since = str(int(time.time()) - 1)
    run(image, container, "--network", "none")
    wait_healthy(container, since)

    assert docker("exec", container, "id", "-u").stdout.strip() == "10001"
    assert (
        docker("exec", container, "test", "-s", "/data/claimwatch.db", check=False).returncode == 0
    )
    for tool in ("gcc", "cc", "make"):  # nothing to build with in the final stage
        assert docker("exec", container, "sh", "-c", f"command -v {tool}", check=False).returncode

    took = stop(container)
    st = state(container)
    assert st["ExitCode"] == 0, st  # exited on SIGTERM by itself, not killed
    assert took < STOP_WITHIN, f"docker stop took {took:.2f}s"
    logs = docker("logs", container)
    assert "stopped" in logs.stdout + logs.stderr


def test_published_port_serves_health_and_metrics(
    image: str, container: str, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "claimwatch.toml").write_text('[[topics]]\nname = "t"\nquery = "Iran AND militia*"\n')
    config.chmod(0o755)
    (config / "claimwatch.toml").chmod(0o644)
    since = str(int(time.time()) - 1)
    run(image, container, "-v", f"{config}:/config:ro", "-e", "CLAIMWATCH_SERVER__HOST=0.0.0.0",
        "-p", "127.0.0.1::8787")  # fmt: skip
    wait_healthy(container, since)

    port = docker("port", container, "8787/tcp").stdout.split(":")[-1].strip()
    base = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{base}/healthz", timeout=10) as r:
        assert json.load(r)["status"] == "ok"
    with urllib.request.urlopen(f"{base}/metrics", timeout=10) as r:
        assert b"claimwatch_scheduler_running 1.0" in r.read()
    with urllib.request.urlopen(f"{base}/", timeout=10) as r:
        assert b"claimwatch" in r.read()

    took = stop(container)
    assert state(container)["ExitCode"] == 0
    assert took < STOP_WITHIN, f"docker stop took {took:.2f}s"
