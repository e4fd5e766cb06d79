"""Where a Kafka client connects and as whom (Kafka 连接与身份).

Every aiokafka client of the project (producer, consumer, admin) is made from
:meth:`KafkaClient.options`, so that each one authenticates the same way: the
local broker of ``make up`` and the tests' broker accept only SASL/SCRAM
(``SASL_PLAINTEXT``); production adds TLS (``SASL_SSL``, see the README).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

#: The SASL mechanism of the project's brokers (the client side).
SCRAM_SHA_256 = "SCRAM-SHA-256"


@dataclass(frozen=True)
class KafkaSecurity:
    """How a client authenticates: protocol, SASL mechanism and the principal's password.

    The default, ``PLAINTEXT`` without a principal, is for a broker without
    security (an external test broker, e.g. testcontainers).
    """

    protocol: str = "PLAINTEXT"
    mechanism: str = SCRAM_SHA_256
    username: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never print a password into a log
        return f"KafkaSecurity({self.protocol}, {self.mechanism}, user={self.username!r})"

    @property
    def sasl(self) -> bool:
        return self.protocol.startswith("SASL_")

    def options(self) -> dict[str, Any]:
        """The aiokafka keyword arguments of this security (none for PLAINTEXT)."""
        if not self.sasl:
            return {"security_protocol": self.protocol}
        return {
            "security_protocol": self.protocol,
            "sasl_mechanism": self.mechanism,
            "sasl_plain_username": self.username,
            "sasl_plain_password": self.password,
        }


#: No authentication (a broker without security).
PLAINTEXT = KafkaSecurity()


@dataclass(frozen=True)
class KafkaClient:
    """A broker address and the security to reach it with."""

    bootstrap: str
    security: KafkaSecurity = PLAINTEXT

    def options(self) -> dict[str, Any]:
        """Keyword arguments for aiokafka's producer, consumer and admin client."""
        return {"bootstrap_servers": self.bootstrap, **self.security.options()}

    def as_user(self, username: str, password: str) -> KafkaClient:
        """The same broker and protocol, authenticated as another principal."""
        return replace(self, security=replace(self.security, username=username, password=password))
