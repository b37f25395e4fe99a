"""The conformance page's fuzz campaign section, rewritten alone from the record."""

import json

from tests.spec import conformance


def test_fuzz_only_replaces_the_last_section_and_keeps_the_rest(tmp_path, monkeypatch):
    record = tmp_path / "fuzz-campaigns.jsonl"
    rows = [{"kind": "smith", "cases": 7, "divergent": 0, "slow": 0, "inconclusive": 1,
             "commit": "abc1234", "date": "2026-12-07", "command": "python -m tests.fuzz"},
            {"kind": "smith", "cases": 5, "divergent": 0, "slow": 0, "inconclusive": 0,
             "commit": "abc1234", "date": "2026-12-07", "command": "python -m tests.fuzz"}]
    record.write_text("".join(json.dumps(r) + "\n" for r in rows))
    monkeypatch.setattr(conformance, "FUZZ_RECORD", record)
    page = tmp_path / "conformance.md"
    page.write_text("# Conformance\n\nspec results\n\n## Fuzz campaigns\n\nold figures\n")
    assert conformance.main(["--fuzz-only", "--output", str(page)]) == 0
    text = page.read_text()
    assert text.startswith("# Conformance\n\nspec results\n\n## Fuzz campaigns")
    assert "old figures" not in text
    assert "| smith | 12 | 20,000 |" in text


def test_fuzz_only_needs_the_page(tmp_path):
    assert conformance.main(["--fuzz-only", "--output", str(tmp_path / "missing.md")]) == 2
