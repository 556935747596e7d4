"""Property-based requests generated from the OpenAPI document (schemathesis), as a teacher, a
school administrator and the coordinator: never a 5xx, and every answer matches its documented
schema.

The coordinator, who reaches deepest into every route, gets all three phases; the teacher and the
school administrator, refused early on most routes, get the examples and the fuzzing only (the
coverage phase's boundary values are most of a run's time and find the same code paths)."""

import subprocess
import sys
from pathlib import Path

import pytest

from support.platform import DEMO_ACCOUNTS

BIN = Path(sys.executable).parent


PHASES = {
    "coordinator": "examples,coverage,fuzzing",
    "school_admin": "examples,fuzzing",
    "teacher": "examples,fuzzing",
}


@pytest.mark.timeout(480)  # every route of the API, some 400 requests: more than the 120 s default
@pytest.mark.parametrize("role", list(PHASES))
def test_generated_requests_never_get_a_server_error(private_platform, role, tmp_path):
    """Runs on a platform of its own: the generated requests create and change data freely."""
    platform = private_platform
    token = "Bearer " + platform.token(DEMO_ACCOUNTS[role])
    result = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "run",
            f"{platform.url}/api/openapi.json",
            "--url",
            platform.url,
            "-H",
            f"Authorization: {token}",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--phases",
            PHASES[role],
            "--exclude-path",
            "/api/v1/auth/sign-out",  # it would end the session the rest of the run uses
            "--max-examples",
            "4",
            "--workers",
            "2",
            "--seed",
            "20261123",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=420,
    )
    assert result.returncode == 0, result.stdout[-4000:]
