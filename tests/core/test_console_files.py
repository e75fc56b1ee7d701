"""The console formats for itself: plain text, and the files a reply carries written to disk with
their paths printed (the allocation's CSV/XLSX/PNG, the secretariat's export)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.test_cli import run

ENV = {"KOMPETANSEBOT_NOW": "2026-11-28T10:00", "SECRETARIAT": "sekretariat@statsforvalteren.no"}


def test_allocation_in_the_console_is_plain_text_and_its_files_are_written(tmp_path: Path) -> None:
    assert run(["stats", "import", "--example", "--if-empty"], tmp_path, **ENV).returncode == 0
    out_dir = tmp_path / "ut"
    answer = run(["console", "--jsonl", "--out", str(out_dir)], tmp_path,
                 stdin=b"fordel 10 mill i regional ordning\nfordel 10 mill i regional ordning\n", **ENV)
    first, second = (json.loads(line) for line in answer.stdout.decode().splitlines())
    assert first["intent"] == "allocation"
    assert "```" not in first["text"] and "*Regional ordning*" not in first["text"]
    assert "Regional ordning" in first["text"]
    files = [Path(path) for path in first["files"]]
    assert files and all(path.parent == out_dir.resolve() and path.stat().st_size > 0 for path in files)
    assert {path.suffix for path in files} >= {".csv", ".xlsx", ".png"}
    for path in files:
        assert str(path) in first["text"]
    # asked again: new names, nothing overwritten
    assert set(second["files"]).isdisjoint(first["files"]) and len(second["files"]) == len(files)


def test_the_secretariats_export_in_the_console_names_the_files(tmp_path: Path) -> None:
    answer = run(["console", "--user", "sekretariat@statsforvalteren.no"], tmp_path,
                 stdin=b"eksporter behovsmeldinger\n", **ENV)
    text = answer.stdout.decode()
    assert answer.returncode == 0
    assert "ingen innsendte behovsmeldinger" in text or "Filene er lagret" in text


def test_an_unwritable_folder_is_said_and_the_answer_still_comes(tmp_path: Path) -> None:
    assert run(["stats", "import", "--example", "--if-empty"], tmp_path, **ENV).returncode == 0
    blocker = tmp_path / "fil-ikke-mappe"
    blocker.write_text("x")
    answer = run(["console", "--jsonl", "--out", str(blocker)], tmp_path,
                 stdin=b"fordel 10 mill i regional ordning\n", **ENV)
    reply = json.loads(answer.stdout.decode().splitlines()[0])
    assert reply["intent"] == "allocation" and reply["files"] == []
    assert "Jeg fikk ikke lagret" in reply["text"] and "--out" in reply["text"]
