"""Golden outputs (金标准, issue 25): the folds emit and store the same bytes as before
the speed work.

The digests were recorded on the code before any of it (commit e65077e plus this
test). A change that alters a single output record or stored document of the
bench's history fails here; a deliberate change of the outputs must record new
digests and say why in its commit. Recorded again (4 December 2026): an office
holder's own duty became a case of its own (7 outputs change their case id), and a
holder who left office no longer owes their own duties not yet overdue (one
secretary's training waived, the reminder to them gone); a duty group keeps every
overdue case of a unit (the stored groups' shape); each person named keeps a record
of the duties they let pass (new stored documents); the duties owed about a holder
who left (the parent's evaluation of their 述职) are waived too (one waiver more); a
successor appointed by a period's reminder day owes it (the successor reminded of the
training the reminder to the former holder had been about). Recorded again the same day
for a change of the history, not of the folds: the simulator no longer has a branch
confirm a probationary member who transferred out before the confirmation (the
registry now refuses it): 42 confirmations of the 200,000 facts are gone. The others
are produced in their own month, so each comes after the facts of its day produced
before it, and the campus ids that follow are numbered anew. No other fact is added,
dropped or moved. Recorded again (4 December 2026, later): the 特别突出 rule weighs each overdue
duty once its day has closed in every partition, counting the whole day (its proposals
are sent with the next day's tick, and a case resolved that day gets none): the four
proposals of these facts keep their ids and days, their records' time moves to the
next day, and the ledger stores the overdue duties still to weigh. Recorded again the
same day: a training taken before the appointment is kept for its year
(``before_office``); one unit of these facts stores one (a member trained in July who
holds no office there); no output changes, here or over the 200,000 facts. Recorded again
(4 December 2026, evening): what the day's close decides on a case cites the tick of the case's
own partition and goes to that partition, whichever partition's tick completed the day,
so that lanes folding partitions apart emit the same bytes: six outputs of these facts
cite ``tick:<day>:0`` where they cited ``tick:<day>:3``, and four cases' records say so.
Recorded again (5 December 2026) for a change of the history: the simulated department's
acceptances of a rectification name the case's unit as 所涉单位 (the registry now refuses
a step on a case without it from a unit answering for others), so the forwarded
``RectificationAccepted`` records carry the field; over 20,000 facts 26 duties outputs
differ by that field alone, and no other output or stored document of either fold.
Recorded again (5 December 2026, morning): a term is counted from the day it began
(establishment, election), under the catalog then in force, or the first version for a
term begun before it; the bench's units established before the log (2009-2016) now owe
their running term's election: 15 duties outputs more (ten reminders, four elections
fulfilled, one term waived by an approved extension, all ``org.election.term``), and 16
accountability outputs more about them (reminders, resolutions, one correction); no
other output changes. Evidence of a period begun before the log no longer opens it,
and a member's late-recorded transfer waives what fell due after it: neither shows in
these facts' outputs. Recorded again the same morning: a duty group for the 普遍性 rule
is known from a unit's reminder and waits for the latest deadline of the units owing
it; the stored groups change, no output (over 50,000 facts either). Recorded again the
same morning: the duties service forwards a member's transfer out and suspension to
accountability (a leaving recorded late withdraws the flags it shows no longer stand),
29 duties outputs more here (forwarded records alone) and the accountability ledger's
sequencer with them; a kept flag is dated by the tick that raised it (no flag in
these facts; three over 50,000, each dated a day later, none withdrawn). Recorded
again (5 December 2026, later): evidence of a within-days duty that no instance took is
kept awaiting its trigger (先于触发事实记录的佐证) in ``awaiting:`` documents; here 29 of
them, members transferred out never recorded as away (``member.away.transfer``). No
output changes, here or over 50,000 facts. Recorded again the same day: a person's
training is also kept for the person (``awaiting:unit.secretary_training.yearly|…``, 58
documents here), so that an office they take in another unit later in the year finds
it. No output changes here. Recorded again (5 December 2026, session 30): a case
stores the catalog version its duty status names (``catalog_version``, read instead of
the version in force on its deadline); a unit stores the day each holder appointed
after its establishment took each office (``took_office``: a fact dated before it is
not that holder's), and a talk between secretaries is kept awaiting under the other
exchange duty too. No output changes, here or over 50,000 facts. Recorded again the
same session: a person's contact points are stored (``assigned:`` documents, nine here:
a 党委委员's visit counts at their own 联系点), and evidence kept before an office is kept
until its period's deadline by the rule, not its end (``until``). No output changes.
Recorded again the same session: a unit stores the day a person left an office
(``left_office``: an appointment that day to another office of the same duty continues
the tenure, 同日转任), one unit here; a case stores whether a waiver resolved it
(``waived``: a duty owed again takes the case up again). No output changes, here or
over 50,000 facts. Recorded again the same session: a continued tenure keeps the
offices left that day (``continued``), a unit keeps ``took_office`` of an office left
until the person takes one again, a case keeps the deadline a leaving ended
(``ended_by_leaving``), a quarterly payer's months judged as months are stored
(``judged_by_month``), and ``waived`` is stored only when set. No output changes, here
or over 50,000 facts. Recorded again the same session: ``waived`` keeps the
rectification deadline running when the waiver resolved the case (given back if the
duty is owed again). No output changes, here or over 50,000 facts. Recorded again
(5 December 2026, session 31): a case resolved by its duty's fulfilment stores the day
(``fulfilled_on``: a 联系点 recorded late may take the fulfilment back and reopen it),
and a leaving's waiver of a duty another office also owes is said by the next tick of
its partition, citing the leaving (an appointment the same day, recorded after it,
continues the tenure: 同日转任): one waiver here (a secretary's training, left on
2018-02-15) moves to the 02-16 tick, its payload unchanged. No output's payload
changes, here or over 50,000 facts. Recorded again the same session: a case keeps the
earliest rectification deadline found missed (``missed_on``: the department's acceptance
or closure dated by it, recorded later, shows it met); six cases here. No output changes.
Recorded again the same session: a case with grounds stores the day each was raised
(``raised``: a decision recorded late cites the grounds of its own day, and a ground
folded into a proposal still undecided keeps what it would have proposed); nine cases
here, one with a folded ground. No output changes. Recorded again (5 December 2026,
session 32): a 特别突出 ground on a unit's case stores whom it named (``Raised.named``:
one whose own count an overdue leaving the records brings below it is named no longer),
four cases here; a resolved case stores the day of the step that ended it and the
deadline then running (``settled``: a decision recorded late is placed by its day), 44
cases here. No output changes, here or over 50,000 facts. Recorded again the same
session: an instance waived by its holder's leaving stores the day left (``left_on``:
a same-day appointment, 同日转任, takes the waiver back by that day, not by the reason's
words); three documents here. No output changes. Recorded again (5 December 2026, session
33): a payment or an attendance of a month already judged, recorded after the day it was
done (补录), is handed on to accountability, which withdraws a flag it shows false
(judging again could not see a flagged run a later back payment hid): 71 more duties
outputs here (``DuesPaid`` forwarded; 436 over 50,000 facts), and accountability's
documents taken at other batch boundaries. No accountability output changes, here or
over 50,000 facts. Recorded again the same session: accountability keeps the terms held
in each office (``terms:`` documents: the holders of a past day, for a deadline found
passed late) and a case the last deadline whose passing named the holders of its day
(``deadline_named_on``). No output changes. Recorded again (6 December 2026, session
34): a correction of whom a case names (责任人更正) says 本案责任人予以更正, and on a
decided case that the decisions stand: the text of the one correction here changes.
Recorded again the same session: a term kept by accountability stores the name its
appointment gave (``person_name``), so that a former holder a measure names is named by
it. No output changes, here or over 50,000 facts. Recorded again the same session: a
payment or an attendance recorded after the day it was done (补录) about a member no
longer on the roll (停止党籍, 转出) is handed on to accountability too, which withdraws a
flag it shows false: one more duties output here (a ``DuesPaid``; six over 50,000
facts), and accountability's documents taken at other batch boundaries. No
accountability output changes, here or over 50,000 facts. Recorded again (6 December
2026, session 37): the day each member transferred out of a unit's roll left it is
stored, one ``left:<org>|<member>`` document each (``Unit.transferred_out``: a
restoration dated before it and recorded after it does not bring him back); 29 here.
No output changes, here or over 200,000 facts. Recorded again (7 December 2026, session
44): the duties service forwards a finding (督导检查, or a self-check answer that found a
problem) ahead of the statuses it causes, so that accountability has opened the
finding's case when its rectification duty is said fulfilled (an acceptance recorded
before the finding was entered): here 45 self-check answers with a finding move ahead of
their question's fulfilment, nothing else; no accountability output or document changes,
here or over 50,000 facts. Recorded again (7 December 2026, session 48) for a change of
the history, not of the folds: the simulator has members of the retired members'
branches die (党员去世, ``MembershipEnded`` recorded by the organization department up to
a month later), here two, on 2018-06-03, recorded that day, and on 08-22, recorded on
08-24 (the dues of their month waived, the ends forwarded); neither pays dues after his
month, so the campus's shared random draws and every fact after the first of July
differ. Recorded again the same session: an end's event id says its kind
(``org-dept-deceased-…``), as the simulator now also disqualifies one probationary
member in twenty (取消预备党员资格, none in these facts); the two forwarded ends change.
Recorded again the same session: no fact of a member is simulated for a day after his
membership ended (the registry now refuses a talk or a training naming him after it):
the June dues of the member who died on 06-03, dated after his death, are gone, and
the shared random draws differ from there. Recorded again (7 December 2026, session 49):
a reminder (提醒) says the duty is not done as of its own day (截至…尚未完成), where it
said so of the deadline still to come; its text and the case's record of it change,
nothing else. Recorded again the same session: a duty waived at a day's tick because its
holder left that day (已离任, the leaving held until no appointment of the day continued
the tenure) takes its id from the leaving it cites, not from the tick, whose id names
the unit's partition; these waivers' ids change, nothing else. Recorded again the same
session for a change of the history, not of the folds: one branch in seven of every
category changes secretary each year (one staff branch in twenty-five did), so that the
folds meet many handovers, and while a branch's secretary is vacant it sends another
office holder, else its parent's, to the talks it owes; the campus's shared random draws
differ from the first January.
"""

from __future__ import annotations

import pytest

from tests.bench.golden import Digests, golden

pytestmark = pytest.mark.unit

FACTS = 5000
RECORDED = Digests(
    duties_outputs="13c5db8ad9aeedd66cbfbdd0f4b26fff6ab8d07f7fc0f3abac8933bfdd047af2",
    duties_documents="3b7c42edb7d59af9c4efdaed7e170e9021e4015b755e8becc7aed61e0bd62049",
    accountability_outputs="0dd2374d2b22ef12fd2ae942e1f44147df4c336b89b8a85c29d44173b695dc81",
    accountability_documents="9dc7575a431309572e5424bfef813385251e4ae265d67ebca1321ecafe4c7636",
    counts=(FACTS, 6564, 129),
)


def test_the_bench_history_folds_to_the_recorded_bytes() -> None:
    assert golden(FACTS) == RECORDED
