"""`c7draft stats`: bullets, words and footnotes per agency and per Part, against the limits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"


def with_limits(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    sub = folder / "submission.yaml"
    sub.write_text(
        sub.read_text(encoding="utf-8").replace("order:", "word_limit: 10\npart_word_budget: 20\norder:"),
        encoding="utf-8",
    )
    return folder


def test_stats_table_counts_what_the_reader_sees(tmp_path):
    result = c7draft("stats", with_limits(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "By agency (Parts 2 and 3)",
        "            bullets   words  footnotes   over 10",
        "ITC               2      16          1         0",
        "UNCTAD            2      21          1         1",
        "",
        "By Part (budget 20 words) (Part 1: paragraphs)",
        "            bullets   words  footnotes   over 10",
        "Part 1            1      12          0         0  8 left",
        "Part 2            2      22          2         1  2 over budget",
        "Part 3            2      15          0         0  5 left",
        "Total             5      49          2         1",
        "",
        "Bullets over 10 words:",
        "  unctad-der (UNCTAD, Part 2): 14 words",
    ]


def test_stats_json(tmp_path):
    data = json.loads(c7draft("stats", with_limits(tmp_path), "--format", "json").stdout)
    assert (data["word_limit"], data["part_word_budget"]) == (10, 20)
    assert [(r["name"], r["bullets"], r["words"], r["footnotes"]) for r in data["parts"]] == [
        ("Part 1", 1, 12, 0),
        ("Part 2", 2, 22, 2),
        ("Part 3", 2, 15, 0),
    ]
    assert data["total"]["words"] == 49
    assert [b["record_id"] for b in data["long_bullets"]] == ["unctad-der"]


def test_stats_of_the_2025_sample_add_up():
    data = json.loads(c7draft("stats", ROOT / "sample_inputs" / "2025", "--format", "json").stdout)
    agencies = {r["name"]: r["bullets"] for r in data["agencies"]}
    assert agencies == {"ITC": 3, "UNCTAD": 13, "UPU": 7}
    assert sum(agencies.values()) == data["total"]["bullets"] - 3  # Part 1's three paragraphs
    assert data["total"]["footnotes"] == 7  # as the build reports


def test_stats_of_a_broken_folder_exit_2(tmp_path):
    result = c7draft("stats", tmp_path / "nowhere")
    assert result.returncode == 2 and "input folder not found" in result.stderr


def test_stats_of_a_folder_fresh_from_init_list_every_part_at_zero(tmp_path):
    folder = tmp_path / "2026"
    assert c7draft("init", folder, "--from", ROOT / "sample_inputs" / "2025").returncode == 0
    data = json.loads(c7draft("stats", folder, "--format", "json").stdout)
    assert [(r["name"], r["bullets"], r["words"]) for r in data["parts"]] == [
        ("Part 1", 0, 0),
        ("Part 2", 0, 0),
        ("Part 3", 0, 0),
    ]
    assert [r["name"] for r in data["agencies"]] == ["ITC", "UNCTAD", "UPU"]
