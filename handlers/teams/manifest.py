"""The Teams app package: ``manifest.json`` (schema 1.17), a 192×192 colour icon and a 32×32 outline icon
(white on transparent), zipped. The icons are drawn here and written as PNG with ``zlib`` (no imaging
library)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.17"
SCHEMA_URL = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{SCHEMA_VERSION}/MicrosoftTeams.schema.json"
ACCENT = (0x1F, 0x5F, 0x8B)
COMMANDS: tuple[tuple[str, str], ...] = (
    ("hjelp", "Hva kompetansebot kan hjelpe med"),
    ("når er fristen?", "Fristene i planen for kompetansemidlene, med kilde"),
    ("meld behov", "Send behovsmelding for nettverket (skjema i chat)"),
    ("mine behovsmeldinger", "Dine utkast og innsendte behovsmeldinger"),
    ("fordel 31,45 mill i desentralisert ordning", "Fordeling av midler per nettverk (tabell og diagram)"),
    ("purrestatus", "Status for purringen på årsrapportene (sekretariatet)"),
    ("start purring", "Start purring på årsrapportene (sekretariatet)"),
    ("eksporter behovsmeldinger", "Behovsmeldingene som XLSX og CSV (sekretariatet)"),
)


@dataclass(frozen=True)
class ManifestOptions:
    app_id: str
    version: str = "1.0.0"
    website: str = "https://www.statsforvalteren.no/innlandet/"
    privacy_url: str = "https://www.statsforvalteren.no/innlandet/personvern/"
    terms_url: str = "https://www.statsforvalteren.no/innlandet/"
    developer: str = "Statsforvalteren i Innlandet"
    valid_domains: Sequence[str] = field(default_factory=tuple)


def manifest(options: ManifestOptions) -> dict[str, Any]:
    commands = [{"title": title, "description": description} for title, description in COMMANDS]
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": SCHEMA_VERSION,
        "version": options.version,
        "id": options.app_id,
        "developer": {"name": options.developer, "websiteUrl": options.website, "privacyUrl": options.privacy_url,
                      "termsOfUseUrl": options.terms_url},
        "name": {"short": "kompetansebot", "full": "kompetansebot – kompetanseutvikling i Innlandet"},
        "description": {
            "short": "Frister, behovsmeldinger, fordeling og årsrapporter for kompetansemidlene.",
            "full": ("Spør om planen for kompetanseutvikling i barnehage og skole i Innlandet (regional ordning, "
                     "desentralisert ordning og kompetanseløftet), send behovsmelding for nettverket, se "
                     "fordelingen av midler og svar på purringer om årsrapporter. Sekretariatet styrer "
                     "purringer og eksport herfra."),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [{
            "botId": options.app_id,
            "scopes": ["personal", "team", "groupChat"],
            "supportsFiles": False,
            "isNotificationOnly": False,
            "commandLists": [{"scopes": ["personal", "team", "groupChat"], "commands": commands}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": list(options.valid_domains),
    }


# ---------------------------------------------------------------------------------------------- icons

Pixel = tuple[int, int, int, int]


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An RGBA PNG (8 bits per channel, no interlace) from a pixel function."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + chunk(b"IEND", b""))


def _in_k(u: float, v: float) -> bool:
    """A bold letter K in the unit square (u right, v down)."""
    if not (0.22 <= v <= 0.78):
        return False
    if 0.26 <= u <= 0.38:
        return True
    reach = abs(v - 0.5) * 1.05 + 0.40
    return reach - 0.07 <= u <= reach + 0.07 and u <= 0.76


def color_icon(size: int = 192) -> bytes:
    def pixel(x: int, y: int) -> Pixel:
        u, v = (x + 0.5) / size, (y + 0.5) / size
        return (255, 255, 255, 255) if _in_k(u, v) else (*ACCENT, 255)

    return png(size, size, pixel)


def outline_icon(size: int = 32) -> bytes:
    """White on transparent, as Teams requires for the outline icon."""
    def pixel(x: int, y: int) -> Pixel:
        u, v = (x + 0.5) / size, (y + 0.5) / size
        border = min(u, v, 1 - u, 1 - v) < 1.5 / size
        return (255, 255, 255, 255) if _in_k(u, v) or border else (255, 255, 255, 0)

    return png(size, size, pixel)


def package(options: ManifestOptions) -> bytes:
    """The zip to upload in the Teams admin centre (or Developer Portal)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(options), ensure_ascii=False, indent=2) + "\n")
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()
