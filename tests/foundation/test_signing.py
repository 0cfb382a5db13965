import io

import pytest
import weasyprint
from pypdf import PdfReader

from pcc_portal import signing

pytestmark = pytest.mark.pdf


@pytest.fixture
def var_dir(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("PCC_VAR_DIR", str(tmp_path))
    settings.PDF_SIGNING_PKCS12_PATH = ""
    return tmp_path


def a_pdf(text="Decision 16/2020"):
    html = f"<html lang='en'><head><title>{text}</title></head><body><h1>{text}</h1></body></html>"
    return weasyprint.HTML(string=html).write_pdf()


def test_a_development_certificate_is_made_once_and_reused(var_dir):
    first = signing.signing_certificate()
    second = signing.signing_certificate()

    assert (var_dir / "signing" / "development-signing.p12").exists()
    assert first.pkcs12_bytes == second.pkcs12_bytes


def test_a_signed_pdf_validates_and_keeps_its_text(var_dir):
    signed = signing.sign_pdf(a_pdf(), reason="Approved by the Commissioner")

    check = signing.check_signature(signed)
    assert (check.intact, check.valid, check.trusted) == (True, True, True)
    assert check.covers_whole_document
    assert check.signer_common_name == signing.DEVELOPMENT_CERTIFICATE_NAME
    assert "Decision 16/2020" in PdfReader(io.BytesIO(signed)).pages[0].extract_text()


def test_a_changed_signed_pdf_no_longer_validates(var_dir):
    signed = signing.sign_pdf(a_pdf(), reason="Approved")
    tampered = signed.replace(b"/Title", b"/Titlf", 1)
    if tampered == signed:
        pytest.fail("the PDF has no /Title to alter")

    check = signing.check_signature(tampered)

    assert not (check.intact and check.valid)


def test_the_office_certificate_is_used_when_configured(var_dir, tmp_path, settings):
    office_p12 = tmp_path / "office.p12"
    signing._make_development_pkcs12(office_p12)
    settings.PDF_SIGNING_PKCS12_PATH = str(office_p12)

    assert signing.signing_certificate().pkcs12_bytes == office_p12.read_bytes()
    assert not (var_dir / "signing" / "development-signing.p12").exists()
