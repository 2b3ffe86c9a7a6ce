"""Text that XML can hold: what the writer, the review marks and the redline put into parts."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/F.
_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


def clean_xml_text(text: str) -> str:
    """Drop characters that would make the .docx unreadable (lxml refuses them anyway).
    Every one of them is unprintable (a control, a surrogate, a noncharacter): a printable
    text, as nearly all are, is returned as it is, and the pattern (~0.7 ms to compile, the
    costliest of a build's) is compiled only for a text that may hold one."""
    return text if text.isprintable() else re.sub(_NOT_XML, "", text)
