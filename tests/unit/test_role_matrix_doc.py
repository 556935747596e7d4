"""docs/role-matrix.md is the declared matrix the e2e test proves, regenerated when it changes."""

from pathlib import Path

from support.role_matrix import ALLOWED, PERSONAS, markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "role-matrix.md"


def test_the_role_matrix_document_matches_the_declared_matrix():
    assert DOC.read_text() == markdown(), (
        "regenerate: cd tests && python -m support.role_matrix > ../docs/role-matrix.md"
    )


def test_every_declared_persona_is_one_the_test_signs_in_as():
    assert all(set(who) <= set(PERSONAS) for who in ALLOWED.values())
