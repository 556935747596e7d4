"""What an attachment may be, found from its content (community.uploads, pure)."""

import base64
import io
import zipfile

import pytest

from community.uploads import check_upload, check_uploads, safe_filename
from contracts.errors import InvalidInput

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 20
PDF = b"%PDF-1.7\n%%EOF\n"


def item(name, data):
    return {"filename": name, "content": base64.b64encode(data).decode()}


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, kind",
    [
        ("chart.png", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("plan.pdf", PDF, "application/pdf"),
        (
            "policy.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("scores.csv", b"name,score\nA,1\n", "text/csv"),
        ("notes.txt", "Café notes".encode(), "text/plain"),
        ("no-suffix", PDF, "application/pdf"),
    ],
)
def test_accepted_types_are_found_from_the_content(name, data, kind):
    assert check_upload(item(name, data), 1000, "f").content_type == kind


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("plan.pdf", PNG, "not what the name"),
        ("plan.pdf", b"MZ\x90\x00" + b"\0" * 60, "Not a document"),
        ("page.txt", b"  <html><script>alert(1)</script>", "Not a document"),
        ("data.bin", b"\x00\x01\x02", "Not a document"),
        ("notes.txt", b"\xff\xfe\x00bad", "Not a document"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", PDF + b"x" * 2000, "Larger than"),
    ],
)
def test_refused_uploads_name_their_field(name, data, problem):
    with pytest.raises(InvalidInput) as refused:
        check_uploads([item("ok.pdf", PDF), item(name, data)], 1000)
    assert list(refused.value.fields) == ["attachments.1.content"]
    assert problem in refused.value.fields["attachments.1.content"][0]


def test_a_huge_upload_is_refused_before_it_is_decoded():
    with pytest.raises(InvalidInput, match="Larger than"):
        check_upload({"filename": "x.pdf", "content": "A" * 10_000}, 1000, "f")


def test_file_names_are_safe_for_a_header():
    assert safe_filename("C:\\Users\\me\\plan.pdf") == "plan.pdf"
    assert safe_filename('a"b;c\r\n.png') == "abc.png"
    assert safe_filename("...") == "attachment"
