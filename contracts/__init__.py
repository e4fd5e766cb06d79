"""Zeren's public interface (公开契约): events, envelope, bindings, topics, exports.

* ``contracts.events``: payload models, one module per area; enums in ``events.enums``;
* ``contracts.types``: ``EVENT_TYPES`` (``zeren.<Name>`` → payload model), ``event_type_of``;
* ``contracts.envelope``: ``Envelope``, ``parse_envelope``, ``new_envelope``, ``examples``;
* ``contracts.bindings``: the CloudEvents Kafka bindings (``encode_*``, ``decode``);
* ``contracts.errors``: ``ContractViolation`` and its stable issue codes;
* ``contracts.topics``: topic names and specs (``TOPICS``);
* ``contracts.export``: writes ``schemas/*.json`` and ``asyncapi.json``.
"""
