"""The problem list (问题清单): the seed appendix's 8 areas and 36 questions.

``questions.yaml`` holds the seed's text verbatim (``text_zh``) and a short
form for tables (``short_zh``). The numbers are read from the file; nothing
else in the code assumes there are 36.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from pydantic import Field, model_validator

from contracts.catalog.versioning import FrozenModel, read_yaml_mapping

QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")


class Area(FrozenModel):
    """责任清单的一项: one of the responsibility list's areas."""

    number: int = Field(ge=1)
    title_zh: str = Field(min_length=1)


class Question(FrozenModel):
    """问题清单的一题: a check question of the problem list."""

    number: int = Field(ge=1)
    area: int = Field(ge=1)
    short_zh: str = Field(min_length=1, max_length=24)
    text_zh: str = Field(min_length=1)


class ProblemList(FrozenModel):
    """责任清单和问题清单: areas numbered 1..n, questions 1..m grouped by area."""

    title_zh: str = Field(min_length=1)
    areas: tuple[Area, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _numbered_and_grouped(self) -> Self:
        _require_numbered("area", [a.number for a in self.areas])
        _require_numbered("question", [q.number for q in self.questions])
        areas = [q.area for q in self.questions]
        if areas != sorted(areas) or set(areas) != {a.number for a in self.areas}:
            raise ValueError("questions must run through every area in order")
        return self

    @property
    def numbers(self) -> tuple[int, ...]:
        """The question numbers, in order."""
        return tuple(q.number for q in self.questions)

    def question(self, number: int) -> Question:
        """Question ``number``; ``KeyError`` if there is none."""
        for question in self.questions:
            if question.number == number:
                return question
        raise KeyError(f"question {number} is not in the problem list")

    def area(self, number: int) -> Area:
        """Area ``number``; ``KeyError`` if there is none."""
        for area in self.areas:
            if area.number == number:
                return area
        raise KeyError(f"area {number} is not in the problem list")


def _require_numbered(what: str, numbers: list[int]) -> None:
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        raise ValueError(f"{what} numbers must be 1..{len(numbers)} in order, got {numbers}")


def load_problem_list(path: Path = QUESTIONS_FILE) -> ProblemList:
    """Load and validate the problem list."""
    return ProblemList.model_validate(read_yaml_mapping(path))
