"""The publishing workflow checks and builds strictly before anything is deployed."""

from __future__ import annotations

from typing import Any

import yaml

from tests.conftest import ROOT


def workflow() -> dict[Any, Any]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_check_and_strict_build_run_before_the_upload() -> None:
    steps = workflow()["jobs"]["build"]["steps"]
    commands = [step.get("run", step.get("uses", "")) for step in steps]
    check = commands.index("python -m hindsight check")
    build = commands.index("mkdocs build --strict")
    upload = next(i for i, c in enumerate(commands) if c.startswith("actions/upload-pages-artifact"))
    assert check < build < upload


def test_deploy_needs_the_build_and_never_runs_for_pull_requests() -> None:
    jobs = workflow()["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    assert "pull_request" in jobs["deploy"]["if"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_build_log_has_no_end_of_life_notice() -> None:
    """Material prints nine lines about its end of life on every run unless this variable is set."""
    assert workflow()["jobs"]["build"]["env"]["NO_MKDOCS_2_WARNING"] == "1"
