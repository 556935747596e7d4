"""Property-based requests generated from the OpenAPI document (schemathesis) never get a 5xx."""

import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("role", ["coordinator", "teacher"])
def test_generated_requests_never_get_a_server_error(platform, as_user, role, tmp_path):
    token = as_user(role).session.headers["Authorization"]
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
            "not_a_server_error",
            "--phases",
            "examples,coverage,fuzzing",
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
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-4000:]
