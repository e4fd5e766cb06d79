"""Evidence kept before the office is kept while its period can still open (任职前的佐证).

Expected outcome, written by hand before running. A training counts for its year in
the unit where its person later takes the office (``before_office``: a training in
March by a 委员 appointed in June; 2019 条例 56 学时). The evidence is kept for the
person until no instance it could credit can open: such an instance falls due at the
period's end plus the grace (``due_by_rule``), and a period is settled (已归档) only once
the archive's cut-off has passed that deadline.

p-new trains 56 hours on 2020-03-15 at gb-1 (the general branch's training of its
branches' cadres), holding no office. The registry records
on 2021-04-10 (补录) that p-new became br-1's 委员 on 2020-06-01 (by the year's reminder
day: owes 2020). The 2020 training falls due on 2021-01-31 (grace 31 days), and the
cut-off of 2021-04-01 (62 days before) does not reach it: the period still opens on
2021-04-10. Expected: p-new's 2020 training is fulfilled as of 2020-03-15 when the
appointment is recorded, never reminded nor found overdue. (Found by the archive audit
of 5 December 2026: the evidence was let go at the period's end, on the first tick of a
month after it, and p-new was reminded on 2021-04-11 and found overdue.)
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import structure
from tests.unit.duties.builders import make
from tests.unit.duties.personal_facts import TRAINING, said, trained

pytestmark = pytest.mark.unit


def test_a_training_kept_before_the_office_counts_until_its_period_is_settled() -> None:
    appointed = make(structure.OfficeHolderAppointed, organization_id="br-1", person_id="p-new",
                     person_name="钱伟", office="committee_member",
                     appointed_on=date(2020, 6, 1))  # fmt: skip
    facts = [(date(2020, 3, 15), trained("p-new", date(2020, 3, 15), 56, "gb-1")),
             (date(2021, 4, 10), appointed)]  # fmt: skip
    assert said(facts, date(2018, 1, 1), date(2021, 7, 31), TRAINING, "p-new") == [
        ("DutyFulfilled", "2020", date(2021, 4, 10), date(2020, 3, 15)),
    ]
