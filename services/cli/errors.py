"""User errors of ``zeren``: one bilingual line on stderr and exit code 2, never a traceback.

A command checks its arguments with the functions here before anything
starts (no broker, no database, no child process), and wraps its body in
:func:`tells_user_errors` so that a mistake found later (an unknown unit, a
missing stack) ends the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from typing import NoReturn, ParamSpec, TypeVar

import asyncpg
import typer
from aiokafka.errors import KafkaError

from services.common.settings import SettingsError

#: Exit code of every user error (the shell's convention for a misuse).
USAGE_EXIT = 2
#: Bounds of the demo's arguments. Below 0.1 every count of the simulated university is
#: at its floor of one already (as at 0.1); a simulated year at scale 1 takes minutes.
DEMO_YEARS = (1, 10)
DEMO_SCALE = (0.1, 10.0)

#: What a command meets when Kafka or PostgreSQL does not answer (or a file cannot be had).
UNREACHABLE = (OSError, KafkaError, asyncpg.PostgresConnectionError)

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

P = ParamSpec("P")
R = TypeVar("R")


class UserError(Exception):
    """A mistake in what the user asked, told in Chinese and English (用户输入错误)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en

    @property
    def line(self) -> str:
        """The one line shown to the user."""
        return f"错误 error: {self.zh} / {self.en}"


def tells_user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Run ``command``; a :class:`UserError` or a bad or missing setting becomes one line
    on stderr and exit code 2; Kafka, PostgreSQL or a file out of reach one line and exit
    code 1."""

    @functools.wraps(command)
    def told(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except UserError as error:
            fail(error)
        except SettingsError as error:
            fail(UserError(error.zh, error.en))
        except UNREACHABLE as error:
            typer.echo(
                f"错误 error: Kafka、PostgreSQL 或本地文件不可用（请先运行 make up 或检查配置） / "
                "Kafka, PostgreSQL or a local file is unavailable: "
                f"{type(error).__name__}: {error}",
                err=True,
            )
            raise typer.Exit(1) from None

    return told


def fail(error: UserError) -> NoReturn:
    """Print ``error``'s line on stderr and end the command with exit code 2."""
    typer.echo(error.line, err=True)
    raise typer.Exit(USAGE_EXIT)


def parse_day(text: str, option: str) -> date:
    """``text`` as a calendar day written ``YYYY-MM-DD``, or a :class:`UserError`."""
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise UserError(
        f"{option} 的值 {text!r} 不是有效日期（格式 YYYY-MM-DD）",
        f"{option} {text!r} is not a day written YYYY-MM-DD",
    )


def check_demo(years: int, scale: float) -> None:
    """Refuse demo arguments outside their bounds, before anything starts."""
    low, high = DEMO_YEARS
    if not low <= years <= high:
        raise UserError(
            f"--years 须在 {low} 至 {high} 之间，收到 {years}",
            f"--years must be between {low} and {high}, got {years}",
        )
    small, large = DEMO_SCALE
    if not small <= scale <= large:
        raise UserError(
            f"--scale 须在 {small} 至 {large} 之间，收到 {scale}",
            f"--scale must be between {small} and {large}, got {scale}",
        )
