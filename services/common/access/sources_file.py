"""Reading, reloading and writing the principals file (``sources.yaml``).

The services re-read the file when it changes (its modification time or size),
so tokens are added, rotated and revoked without a restart. A file that no
longer validates is reported and the last good one stays in force; outside
demo mode a file with demo-only entries (see :func:`demo_only`) is refused.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import yaml
from pydantic import ValidationError

from services.common.access.sources import Sources, demo_only

log = logging.getLogger("zeren.access")

#: The bundled demo principals (tokens ``zeren-demo:<name>``); demo mode only.
DEMO_SOURCES = Path(__file__).resolve().parent / "sources.yaml"


class SourcesFileError(RuntimeError):
    """The principals file cannot be used (登记表不可用); the message is bilingual."""


def load_sources(path: Path = DEMO_SOURCES, *, demo: bool = True) -> Sources:
    """The principals described by the YAML file at ``path``.

    Raises :class:`SourcesFileError` if it cannot be read, does not validate, or
    (outside ``demo`` mode) holds demo-only entries.
    """
    try:
        sources = Sources.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise SourcesFileError(
            f"{path}: cannot be used (登记表无法读取或格式错误): {error}"
        ) from None
    refused = [] if demo else demo_only(sources)
    if refused:
        raise SourcesFileError(
            f"{path}: refused outside demo mode (非演示模式拒绝演示配置; ZEREN_DEMO=1 "
            "for a demo): " + "; ".join(refused)
        )
    return sources


def save_sources(path: Path, sources: Sources) -> None:
    """Write ``sources`` to ``path`` atomically (readers see the old file or the new one)."""
    document = sources.model_dump(mode="json", exclude_defaults=False)
    for entry in document["sources"]:
        entry["roles"] = sorted(entry["roles"])
        entry["types"] = sorted(entry["types"])
        entry["units"] = sorted(entry["units"])
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


class SourcesFile:
    """The principals file as it is now: re-read whenever it changed since the last look."""

    def __init__(self, path: Path, *, demo: bool) -> None:
        self.path, self.demo = path, demo
        self._seen = self._stamp()
        self._sources = load_sources(path, demo=demo)

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def current(self) -> Sources:
        """The principals, re-read if the file changed; the last good ones if it broke."""
        stamp = self._stamp()
        if stamp != self._seen:
            self._seen = stamp
            try:
                self._sources = load_sources(self.path, demo=self.demo)
                log.info("principals reloaded from %s (登记表已重新加载)", self.path)
            except SourcesFileError as error:
                log.error("%s; keeping the previous principals (沿用原登记表)", error)
        return self._sources
