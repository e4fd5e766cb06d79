"""Auditors' tools (督导审计工具): replay the log to a date, verify, explain a decision.

* :mod:`replay` rebuilds the duties and accountability state from
  ``zeren.events.v1`` into separate schemas, read-only on Kafka (历史回放);
* :mod:`verify` compares what a replay emits with what the services emitted
  (一致性核验);
* :mod:`trace` and :mod:`explain` follow an accountability action back to its
  duty, period, clauses and evidence (问责依据追溯).
"""
