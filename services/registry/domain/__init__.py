"""The registry's pure domain (登记处领域): no I/O, no wall clock.

* :mod:`.codes` — the registry's rejection codes, in English and Chinese;
* :mod:`.organizations` — the organization registry (组织登记) folded from accepted facts;
* :mod:`.clock` — the log's clock (时钟) and its daily ticks;
* :mod:`.sources` — which campus system may publish what (来源系统授权);
* :mod:`.rules` — validation against the registry (引用与日期校验);
* :mod:`.state` — everything the registry remembers, with change tracking;
* :mod:`.intake` — the decision for one submission: accepted, duplicate or rejected.
"""
