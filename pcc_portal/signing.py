"""Digital signatures on the PDFs the portal publishes (PAdES, with pyHanko).

The office's certificate is a PKCS#12 file named by ``PDF_SIGNING_PKCS12_PATH`` (its
passphrase in ``PDF_SIGNING_PKCS12_PASSPHRASE``). With none configured, a self-signed
development certificate is made once under ``var/signing/`` and reused, so signing
works out of the box; PDF readers then show the signature as intact but not trusted.
"""

import datetime
import fcntl
import io
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from pcc_portal import embedded_db

DEVELOPMENT_CERTIFICATE_NAME = "PCC Portal development signing certificate"


def development_pkcs12_path() -> Path:
    return embedded_db.var_dir() / "signing" / "development-signing.p12"


def _make_development_pkcs12(path: Path) -> None:
    """Write a self-signed certificate and key to ``path`` unless one is there already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, DEVELOPMENT_CERTIFICATE_NAME),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "PCC Portal (development)"),
                x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            ]
        )
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        data = pkcs12.serialize_key_and_certificates(
            name=DEVELOPMENT_CERTIFICATE_NAME.encode(),
            key=key,
            cert=certificate,
            cas=None,
            encryption_algorithm=serialization.NoEncryption(),
        )
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)


@dataclass(frozen=True)
class SigningCertificate:
    pkcs12_bytes: bytes
    passphrase: bytes | None

    def signer(self) -> signers.SimpleSigner:
        return signers.SimpleSigner.load_pkcs12_data(
            self.pkcs12_bytes, other_certs=[], passphrase=self.passphrase
        )


def signing_certificate() -> SigningCertificate:
    """The office's certificate, or the development one (made on first use)."""
    configured = settings.PDF_SIGNING_PKCS12_PATH
    if configured:
        passphrase = settings.PDF_SIGNING_PKCS12_PASSPHRASE
        return SigningCertificate(
            Path(configured).read_bytes(), passphrase.encode() if passphrase else None
        )
    path = development_pkcs12_path()
    if not path.exists():
        _make_development_pkcs12(path)
    return SigningCertificate(path.read_bytes(), None)


def sign_pdf(pdf_bytes: bytes, *, reason: str, location: str = "", signer_name: str = "") -> bytes:
    """Return ``pdf_bytes`` with a PAdES signature added as an incremental update.

    The document's text and layout are unchanged; any change after signing shows as a
    broken signature in a PDF reader.
    """
    certificate = signing_certificate()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
        name=signer_name or None,
        md_algorithm="sha256",
    )
    output = signers.sign_pdf(writer, metadata, signer=certificate.signer())
    return output.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    intact: bool
    valid: bool
    trusted: bool
    signer_common_name: str
    covers_whole_document: bool


def check_signature(pdf_bytes: bytes, *, trust_development_certificate: bool = True):
    """Validate the first signature of ``pdf_bytes``; used by tests and the admin."""
    reader = PdfFileReader(io.BytesIO(pdf_bytes))
    if not reader.embedded_signatures:
        raise ValueError("The PDF carries no signature.")
    embedded = reader.embedded_signatures[0]
    trust_roots = []
    if trust_development_certificate:
        trust_roots.append(signing_certificate().signer().signing_cert)
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=trust_roots))
    return SignatureCheck(
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        signer_common_name=status.signing_cert.subject.native.get("common_name", ""),
        covers_whole_document=status.coverage.name == "ENTIRE_FILE",
    )
