"""Self-check answers (年度自查): an answer other than 是 opens a finding with a deadline.

Built from lists of input events: the duties fold, and the accountability
fold over the duties service's output, as the two services see them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.errors import INCONSISTENT, MISSING, ContractViolation
from contracts.events import oversight
from services.common.ids import case_id
from tests.unit.accountability.builders import Run
from tests.unit.duties.builders import BRANCH, SECRETARY, History, fold, make, of_type

pytestmark = pytest.mark.unit

RECTIFIED = "oversight.self_check_finding.rectified"
ANSWERED = date(2018, 12, 10)
DEADLINE = date(2019, 3, 31)


def _answer(history: History, answer: str, question: int = 18, **extra: Any) -> None:
    fields = {
        "organization_id": BRANCH,
        "year": 2018,
        "question": question,
        "answer": answer,
        "evidence_refs": ["https://oa.example.edu/doc/1"],
        "answered_on": ANSWERED,
        **extra,
    }
    history.add(make(oversight.SelfCheckAnswered, **fields), ANSWERED, id=f"sc-{question}")


def _branch_answering(answer: str, **extra: Any) -> History:
    history = History()
    history.branch()
    # The log begins on 1 January: the 2018 self-check is judged (a year begun before
    # the log is not, whatever is answered for it).
    history.ticks(date(2018, 1, 1), date(2018, 12, 9))
    _answer(history, answer, **extra)
    return history


def test_an_answer_other_than_yes_opens_a_rectification_that_can_fail() -> None:
    history = _branch_answering("no", finding_id="zc-18", rectification_deadline=DEADLINE)
    history.ticks(date(2018, 12, 10), date(2019, 4, 2))
    _, outputs = fold(history.events)

    # Answering still fulfils the self-check itself …
    assert len(of_type(outputs, "DutyFulfilled", duty_id="self_check.q18")) == 1
    # … and the problem found is overdue once its own deadline passes, on question 18.
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=RECTIFIED)
    assert (overdue.data.period, overdue.data.due_on) == ("within:sc-18", DEADLINE)
    assert overdue.data.questions == [18]
    assert overdue.data.charged_person_ids == [SECRETARY]


def test_a_rectification_accepted_in_time_fulfils_the_finding() -> None:
    history = _branch_answering("partly", finding_id="zc-18", rectification_deadline=DEADLINE)
    history.ticks(date(2018, 12, 10), date(2019, 2, 28))
    accepted = make(
        oversight.RectificationAccepted,
        organization_id=BRANCH,
        finding_id="zc-18",
        accepted_on=date(2019, 3, 1),
    )
    history.add(accepted, date(2019, 3, 1))
    history.ticks(date(2019, 3, 1), date(2019, 4, 2))
    _, outputs = fold(history.events)

    [fulfilled] = of_type(outputs, "DutyFulfilled", duty_id=RECTIFIED)
    assert fulfilled.data.fulfilled_on == date(2019, 3, 1)
    assert of_type(outputs, "DutyOverdue", duty_id=RECTIFIED) == []


def test_a_yes_answer_opens_nothing() -> None:
    history = _branch_answering("yes")
    history.ticks(date(2018, 12, 10), date(2019, 12, 31))
    _, outputs = fold(history.events)

    assert [o for o in outputs if getattr(o.data, "duty_id", "") == RECTIFIED] == []


def test_the_finding_is_a_case_of_the_unit_answering_and_its_secretary() -> None:
    """Accountability over the duties output: a case at the answer, criticised when overdue."""
    history = _branch_answering("no", finding_id="zc-18", rectification_deadline=DEADLINE)
    history.ticks(date(2018, 12, 10), date(2019, 4, 2))
    _, outputs = fold(history.events)
    run = Run()
    for env in outputs:
        run.send(env)

    case = run.ledger.cases[case_id("finding", BRANCH, "zc-18")]
    assert (case.organization_id, case.person_ids, case.due_on) == (BRANCH, [SECRETARY], DEADLINE)
    assert "问题清单第18题" in case.subject_zh
    assert "年度自查发现问题" in case.history[0].what
    assert case.level == "criticism"


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"answer": "yes", "evidence_refs": []}, "evidence_refs", MISSING),
        (
            {"answer": "yes", "finding_id": "zc-1", "rectification_deadline": "2019-03-31"},
            "finding_id",
            INCONSISTENT,
        ),
        ({"answer": "no", "rectification_deadline": "2019-03-31"}, "finding_id", MISSING),
        ({"answer": "partly", "finding_id": "zc-1"}, "rectification_deadline", MISSING),
    ],
)
def test_incomplete_answers_are_rejected(fields: dict[str, object], field: str, code: str) -> None:
    answer = {
        "organization_id": BRANCH,
        "year": 2018,
        "question": 12,
        "evidence_refs": ["oa-1"],
        "answered_on": "2018-12-10",
        **fields,
    }
    with pytest.raises(ValidationError) as caught:
        oversight.SelfCheckAnswered.model_validate_json(json.dumps(answer))
    violation = ContractViolation.from_validation_error(caught.value)
    assert (violation.fields, violation.codes) == ([field], [code])
    assert "答" in violation.issues[0].message_en


def test_the_accepted_rectification_resolves_the_finding_case() -> None:
    history = _branch_answering("partly", finding_id="zc-18", rectification_deadline=DEADLINE)
    history.ticks(date(2018, 12, 10), date(2019, 4, 9))
    accepted = make(
        oversight.RectificationAccepted,
        organization_id=BRANCH,
        finding_id="zc-18",
        accepted_on=date(2019, 4, 10),
    )
    history.add(accepted, date(2019, 4, 10))
    history.ticks(date(2019, 4, 10), date(2019, 4, 12))
    _, outputs = fold(history.events)
    run = Run()
    for env in outputs:
        run.send(env)

    case = run.ledger.cases[case_id("finding", BRANCH, "zc-18")]
    assert (case.level, case.status.value) == ("criticism", "resolved")
    assert len(of_type(outputs, "DutyFulfilledLate", duty_id=RECTIFIED)) == 1
