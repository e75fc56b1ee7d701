"""The Jinja2 environment for every user-facing text (templates/ package).

Compiled templates are kept in a bytecode cache on disk (Jinja2's ``FileSystemBytecodeCache``: a
private per-user folder in the system temp folder, or ``KOMPETANSEBOT_TEMPLATE_CACHE``; ``off``
turns it off). A cache entry is keyed by the template's name and checked against its source's
checksum, so an edited template is compiled again; a cache that cannot be read or written only
costs the compilation. This takes most of a process's start-up: the Q&A compiles every reply
template when it is built.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket

CACHE_SETTING = "KOMPETANSEBOT_TEMPLATE_CACHE"


class _TolerantBytecodeCache(FileSystemBytecodeCache):
    """A bytecode cache whose failures (a read-only or full disk, a damaged file) cost only a compile."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged entry: compile as if there were none
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> BytecodeCache | None:
    setting = os.environ.get(CACHE_SETTING, "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    try:
        return _TolerantBytecodeCache(setting or None)
    except (OSError, RuntimeError):  # no safe folder: no cache
        return None


@lru_cache(maxsize=1)
def template_environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("templates", "."),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the package; no stat() per render
        bytecode_cache=_bytecode_cache(),
    )
    return environment


def render(name: str, **context: object) -> str:
    return template_environment().get_template(name).render(**context).strip()
