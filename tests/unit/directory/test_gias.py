"""Reading GIAS extracts: Windows-1252, column names, bad rows by line number, links."""

import csv

from directory.gias import BadRow, LinkRow, SchoolRow, open_gias, read_links, read_rows
from directory.gias_sample import sample_rows, write_csv


def _write(tmp_path, rows):
    path = tmp_path / "edubase.csv"
    write_csv(path, rows)
    return path


def test_a_windows_1252_file_reads_with_its_curly_apostrophes(tmp_path):
    rows = list(sample_rows(3))
    rows[0]["EstablishmentName"] = "St Bede\u2019s CE Primary (synthetic)"
    path = _write(tmp_path, rows)
    assert b"\x92" in path.read_bytes()
    with open_gias(str(path)) as lines:
        parsed = list(read_rows(lines))
    assert parsed[0].name == "St Bede\u2019s CE Primary (synthetic)"
    assert all(isinstance(r, SchoolRow) for r in parsed)


def test_bad_rows_are_reported_with_their_line_numbers_and_the_rest_read(tmp_path):
    rows = list(sample_rows(5))
    rows[1]["URN"] = "abc"
    rows[3]["OfstedLastInsp"] = "2024-13-45"
    with open_gias(str(_write(tmp_path, rows))) as lines:
        parsed = list(read_rows(lines))
    bad = [r for r in parsed if isinstance(r, BadRow)]
    assert [b.line for b in bad] == [3, 5]
    assert "URN" in bad[0].problem and "date" in bad[1].problem
    assert len([r for r in parsed if isinstance(r, SchoolRow)]) == 3


def test_rows_of_other_local_authorities_are_skipped(tmp_path):
    rows = list(sample_rows(2)) + list(sample_rows(2, la_code="888", la_name="Lancashire"))
    with open_gias(str(_write(tmp_path, rows))) as lines:
        assert [r.la_code for r in read_rows(lines, "890")] == ["890", "890"]


def test_a_closed_school_keeps_its_close_date(tmp_path):
    rows = list(sample_rows(1))
    rows[0].update({"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2024"})
    with open_gias(str(_write(tmp_path, rows))) as lines:
        (row,) = read_rows(lines)
    assert (row.status, row.close_date.isoformat()) == ("Closed", "2024-08-31")


def test_links_name_predecessors(tmp_path):
    path = tmp_path / "links.csv"
    with open(path, "w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"])
        writer.writerow(["2", "1", "Old", "Predecessor", "01-09-2024"])
        writer.writerow(["x", "1", "Bad", "Predecessor", ""])
    with open_gias(str(path)) as lines:
        link, bad = list(read_links(lines))
    assert link == LinkRow(2, 1, "Predecessor", "Old") and link.is_predecessor
    assert bad.line == 3
