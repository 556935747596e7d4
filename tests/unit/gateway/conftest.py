"""Unit tier for the gateway: Flask test clients, no broker; a strong JWT secret by default."""

import pytest


@pytest.fixture(autouse=True)
def jwt_secret(monkeypatch):
    monkeypatch.setenv("JWT_SECRET", "gateway-unit-tests-" + "s" * 40)
    monkeypatch.setenv("SESSION_FEED", "0")  # no broker here: every token is resolved
