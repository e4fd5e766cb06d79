"""The shared state of one simulation run (校园): the university, habits, random stream, ids."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from contracts.events.enums import MeetingKind
from services.simulator.habits import Habits
from services.simulator.university import University

#: Study themes of the period (学习主题), used in meeting topics.
_THEMES = (
    "学习贯彻党的十九大精神",
    "推进“两学一做”学习教育常态化制度化",
    "“不忘初心、牢记使命”主题教育",
    "落实全面从严治党主体责任",
    "加强基层党组织标准化规范化建设",
    "发挥党员先锋模范作用",
    "党风廉政建设和反腐败工作",
    "立德树人根本任务与师德师风建设",
)


class Campus:
    """One run: the mutable university, its habits, one seeded random stream and id counters."""

    def __init__(self, university: University, habits: Habits, seed: int) -> None:
        self.university = university
        self.habits = habits
        self.seed = seed
        self.rng = random.Random(f"{seed}:activity")
        self._counters: Counter[str] = Counter()
        #: The day each person's membership ends (党员减少), once decided: nothing of theirs
        #: happens after it.
        self.ended: dict[str, date] = {}

    def active(self, person: str | None, day: date) -> bool:
        """Whether ``person`` (None: an organization's fact) can act on ``day``."""
        return person is None or self.ended.get(person, date.max) >= day

    def next_id(self, prefix: str) -> str:
        """A fresh id ``<prefix>-<n>`` (会议编号, 问题编号…)."""
        self._counters[prefix] += 1
        return f"{prefix}-{self._counters[prefix]}"

    def day_between(self, first: date, last: date) -> date:
        """A random day from ``first`` to ``last`` inclusive."""
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def topic(self, kind: MeetingKind, day: date) -> str:
        """A meeting topic (会议主题): the kind's Chinese name and a study theme."""
        return f"{day.year}年{day.month}月{kind.label_zh}：{self.rng.choice(_THEMES)}"
