"""The overdue page and a withdrawn flag (已撤回的情况提示).

Expected outcome, written before running: m-1's dues flag (raised 2018-06-01) was
withdrawn on 2018-06-20, a transfer out recorded late showing he had left br-1 before it
was raised. A branch secretary reads the member flags table as what is still to decide:
the flag is not in it (its count says 0 items), and it is listed apart, as withdrawn,
with the day and the reason, so that a flag seen before does not vanish unexplained.
Without a withdrawn flag, the page shows no such list.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from tests.unit.workbench.fake import Fake, flag
from tests.unit.workbench.test_pages import ORG_DEPT, logged_in, main_of

pytestmark = pytest.mark.unit

WHY = "经登记，该党员已于2018年2月1日转出组织关系（转至某街道党委），2018年6月1日提示时已不在本组织，此情况提示不再成立"  # noqa: E501


def _overdue_page(fake: Fake) -> str:
    with contextmanager(logged_in)(fake, ORG_DEPT) as client:
        return main_of(client.get("/overdue").text)


def test_a_withdrawn_member_flag_is_shown_apart_with_why() -> None:
    fake = Fake()
    fake.flags = [
        flag("f-dues", "br-1", "2018-06-01", member_id="m-1", person_ids=["p-1"],
             situation="dues_unpaid_six_months", since="2018-01-01",
             withdrawn_on="2018-06-20", withdrawn_by="ev-out", withdrawn_zh=WHY),
    ]  # fmt: skip
    page = _overdue_page(fake)
    standing = page[page.index('id="member-flags"') : page.index('id="unit-flags"')]
    assert "连续六个月不交纳党费" not in standing
    assert "党员情况提示（近一年，0 项" in page
    withdrawn = page[page.index('id="withdrawn-flags"') :]
    assert "王五" in withdrawn  # the member, by name
    assert "连续六个月不交纳党费" in withdrawn
    assert "2018-06-20" in withdrawn
    assert WHY in withdrawn


def test_no_withdrawn_list_without_a_withdrawn_flag() -> None:
    page = _overdue_page(Fake())
    assert 'id="withdrawn-flags"' not in page
    assert page.count('id="member-flags"') == 1  # and none in the page's title
