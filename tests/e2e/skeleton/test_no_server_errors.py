"""Property-based requests generated from the OpenAPI document (schemathesis) never get a 5xx."""

import subprocess
import sys
from pathlib import Path

import pytest

from support.platform import DEMO_ACCOUNTS

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("role", ["coordinator", "teacher"])
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
