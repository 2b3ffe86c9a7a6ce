"""Text that XML can hold: what the writer, the review marks and the redline put into parts."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_xml_text(text: str) -> str:
    """Drop characters that would make the .docx unreadable (lxml refuses them anyway)."""
    return _NOT_XML.sub("", text)
