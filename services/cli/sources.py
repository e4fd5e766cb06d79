"""``zeren sources add|rotate|revoke|list``: the principals file, edited in place.

The file is ``--file`` or ``ZEREN_REGISTRY_SOURCES``; the running services
reload it within a second. A new token is printed once and stored only as a
salted digest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer

from services.common.access import admin
from services.common.access.roles import Role
from services.common.access.sources import Sources
from services.common.access.sources_file import SourcesFileError, load_sources, save_sources

app = typer.Typer(help="Principals and their tokens / 来源系统与令牌管理")

FILE = typer.Option(
    None,
    "--file",
    envvar="ZEREN_REGISTRY_SOURCES",
    help="The principals file (default $ZEREN_REGISTRY_SOURCES) / 登记表文件",
)
ROLES = typer.Option([Role.CAMPUS], "--role", help="Role, repeatable / 角色（可多次）")
TYPES = typer.Option([], "--type", help="Event type it may publish, repeatable / 可发布事件")
UNITS = typer.Option(
    [], "--unit", help="A branch secretary's unit, repeatable / 支部书记所辖党组织（可多次）"
)
DAYS = typer.Option(365, "--days", min=0, help="Token lifetime in days, 0: none / 令牌有效天数")


def _file(path: Path | None) -> Path:
    if path is None:
        typer.echo("give --file or set ZEREN_REGISTRY_SOURCES (请指定登记表文件)", err=True)
        raise typer.Exit(2)
    return path


@contextmanager
def _refused() -> Iterator[None]:
    """A change that does not apply ends the command with its reason and exit code 2."""
    try:
        yield
    except (ValueError, SourcesFileError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None


def _load(path: Path) -> Sources:
    """The principals in ``path`` (none yet if it does not exist); demo entries refused."""
    if not path.exists():
        return Sources(sources=())
    with _refused():
        return load_sources(path, demo=False)


def _lifetime(days: int) -> timedelta | None:
    return timedelta(days=days) if days else None


def _apply(path: Path, change: tuple[Sources, str], source: str) -> None:
    save_sources(path, change[0])
    typer.echo(f"token for {source} (only shown now / 仅显示一次):")
    typer.echo(change[1])


@app.command("add")
def add(
    source: str = typer.Argument(..., help="The source attribute, e.g. urn:campus:finance"),
    name: str = typer.Option(..., "--name", help="Human-readable name / 系统名称"),
    role: list[Role] = ROLES,
    types: list[str] = TYPES,
    days: int = DAYS,
    file: Path | None = FILE,
    unit: list[str] = UNITS,
) -> None:
    """Register a principal with a fresh token / 登记主体并签发令牌."""
    path = _file(file)
    with _refused():
        change = admin.add(
            _load(path),
            source,
            name,
            frozenset(role),
            frozenset(types),
            datetime.now(UTC),
            _lifetime(days),
            frozenset(unit),
        )
    _apply(path, change, source)


@app.command("rotate")
def rotate(
    source: str = typer.Argument(..., help="The source attribute / 来源标识"),
    days: int = DAYS,
    grace_hours: float = typer.Option(
        24.0, "--grace-hours", min=0, help="The old tokens' remaining life / 旧令牌保留小时数"
    ),
    file: Path | None = FILE,
) -> None:
    """Issue a new token; the old ones end after the grace period / 轮换令牌."""
    path = _file(file)
    with _refused():
        change = admin.rotate(
            _load(path), source, datetime.now(UTC), _lifetime(days), timedelta(hours=grace_hours)
        )
    _apply(path, change, source)


@app.command("revoke")
def revoke(
    source: str = typer.Argument(..., help="The source attribute / 来源标识"),
    token: str | None = typer.Option(None, "--token", help="Token id; default all / 令牌编号"),
    file: Path | None = FILE,
) -> None:
    """Revoke one token, or all of a principal's / 吊销令牌."""
    path = _file(file)
    with _refused():
        save_sources(path, admin.revoke(_load(path), source, token))
    typer.echo(f"revoked (已吊销): {source} {token or 'all tokens / 全部令牌'}")


@app.command("list")
def list_sources(file: Path | None = FILE) -> None:
    """The principals, their roles and token ids with expiry / 查看登记表."""
    for s in _load(_file(file)).sources:
        roles = ",".join(sorted(s.roles))
        tokens = ", ".join(
            f"{t.id} (expires {t.expires.isoformat() if t.expires else 'never / 不过期'})"
            for t in s.tokens
        )
        typer.echo(f"{s.source}\t{s.name}\t{roles}\t{len(s.types)} types\t{tokens or '-'}")
