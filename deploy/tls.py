"""A local certificate authority and server certificate for development (本地开发证书).

``make up`` calls :func:`ensure_local_tls`: once, it makes a CA (``ca.pem``)
and a certificate for ``localhost`` and ``127.0.0.1`` signed by it
(``server.pem``, ``server.key``), under ``.zeren/tls``. The services then
answer HTTPS, and the clients trust only that CA (``ZEREN_TLS_CA``). A
production deployment brings its own certificate instead.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
SERVER_DAYS = 397
#: A server certificate this close to its end is made again.
RENEW_BEFORE = timedelta(days=30)
#: The CA signs certificates (and revocation lists), nothing else.
CA_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=True,
    crl_sign=True,
    encipher_only=False,
    decipher_only=False,
)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Zeren development"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    os.chmod(path, 0o600)


def _new_ca(home: Path, now: datetime) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("Zeren local development CA")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(CA_USAGE, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_key(home / "ca.key", key)
    (home / "ca.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _new_server(home: Path, now: datetime) -> None:
    ca_key = serialization.load_pem_private_key((home / "ca.key").read_bytes(), None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    ca = x509.load_pem_x509_certificate((home / "ca.pem").read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_key(home / "server.key", key)
    (home / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _fresh(cert: Path, now: datetime) -> bool:
    if not cert.exists():
        return False
    ends = x509.load_pem_x509_certificate(cert.read_bytes()).not_valid_after_utc
    return ends - now > RENEW_BEFORE


def ensure_local_tls(home: Path, now: datetime | None = None) -> dict[str, str]:
    """The CA and server certificate under ``home`` (made if missing or ending); their settings."""
    now = now or datetime.now(UTC)
    home.mkdir(parents=True, exist_ok=True)
    if not _fresh(home / "ca.pem", now):
        _new_ca(home, now)
        (home / "server.pem").unlink(missing_ok=True)
    if not _fresh(home / "server.pem", now):
        _new_server(home, now)
    return {
        "ZEREN_TLS_CERT": str(home / "server.pem"),
        "ZEREN_TLS_KEY": str(home / "server.key"),
        "ZEREN_TLS_CA": str(home / "ca.pem"),
    }
