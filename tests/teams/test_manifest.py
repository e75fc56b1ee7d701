"""``kompetansebot teams manifest``: the app package Teams accepts (manifest 1.17, bot id, personal + team
scopes, Norwegian commands, 192×192 colour and 32×32 white-on-transparent outline icons)."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.teams.world import APP_ID


def _png(data: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Width, height and RGBA pixels of a PNG written without filters (as the bot writes them)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width, height = 8, b"", 0, 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 6)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 4 + 1
    pixels = []
    for y in range(height):
        row = raw[y * stride:(y + 1) * stride]
        assert row[0] == 0
        pixels += [tuple(row[1 + x * 4:5 + x * 4]) for x in range(width)]
    return width, height, pixels  # type: ignore[return-value]


def test_the_app_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    out = tmp_path / "kompetansebot-teams.zip"
    result = CliRunner().invoke(app, ["teams", "manifest", "--out", str(out), "--domain", "bot.example.no"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color = _png(archive.read("color.png"))
        outline = _png(archive.read("outline.png"))
    assert tuple(int(part) for part in manifest["manifestVersion"].split(".")) >= (1, 17)
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert {"personal", "team"} <= set(manifest["bots"][0]["scopes"])
    titles = [command["title"] for command in manifest["bots"][0]["commandLists"][0]["commands"]]
    assert "hjelp" in titles and "meld behov" in titles and len(titles) <= 10
    assert all(len(command["description"]) <= 128 and len(command["title"]) <= 128
               for command in manifest["bots"][0]["commandLists"][0]["commands"])
    assert manifest["validDomains"] == ["bot.example.no"]
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert color[:2] == (192, 192) and outline[:2] == (32, 32)
    assert all(alpha == 255 for *_rgb, alpha in color[2])
    assert any(alpha == 0 for *_rgb, alpha in outline[2])  # transparent background
    assert all(rgb == (255, 255, 255) for *rgb_list, alpha in outline[2] if alpha for rgb in [tuple(rgb_list)])


def test_no_app_id_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = CliRunner().invoke(app, ["teams", "manifest", "--out", str(tmp_path / "x.zip")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.zip").exists()
