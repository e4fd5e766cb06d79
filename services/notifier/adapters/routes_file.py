"""The routes file (送达路由表) read from YAML: a bad file stops the notifier before it starts,
with every problem named in Chinese and English."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import yaml
from pydantic import ValidationError

from services.notifier.domain.routes import Routes


def _packaged(name: str) -> Path:
    """A file of the ``deploy`` package, found without importing it (services never do)."""
    spec = find_spec("deploy")
    assert spec is not None
    assert spec.submodule_search_locations is not None
    return Path(next(iter(spec.submodule_search_locations))) / name


#: The routes the package ships: every alert to the organization department's local file.
DEFAULT_ROUTES = _packaged("notifier_routes.yaml")


class RoutesFileError(RuntimeError):
    """The routes file cannot be read or is invalid (路由表无效)."""

    code = "notifier.routes_invalid"


def load_routes(path: Path) -> Routes:
    """The routes of ``path``; a :class:`RoutesFileError` saying what is wrong."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Routes.model_validate(raw if raw is not None else {})
    except (OSError, yaml.YAMLError) as error:
        raise RoutesFileError(
            f"{RoutesFileError.code}: cannot read routes file {path}: {error}"
            f" (无法读取路由表 {path})"
        ) from None
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise RoutesFileError(
            f"{RoutesFileError.code}: routes file {path} is invalid: {problems}"
            f" (路由表 {path} 无效)"
        ) from None
