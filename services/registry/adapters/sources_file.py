"""Reads the campus systems' configuration (``sources.yaml``) and hashes new tokens.

``python -m services.registry.adapters.sources_file <token>`` prints the
``token:`` block to paste into the file for a new bearer token.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from services.registry.domain.sources import Sources, TokenHash

DEFAULT_SOURCES = Path(__file__).resolve().parent.parent / "sources.yaml"


def load_sources(path: Path = DEFAULT_SOURCES) -> Sources:
    """The registered campus systems described by the YAML file at ``path``."""
    return Sources.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m services.registry.adapters.sources_file <token>", file=sys.stderr)
        return 2
    hashed = TokenHash.of(argv[1])
    print(f"token:\n  salt: {hashed.salt}\n  sha256: {hashed.sha256}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
