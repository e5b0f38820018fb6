"""Read generated PDFs back in tests: text (via pypdf) and link targets."""

import io
import re

import pypdf


def reader(content: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(content))


def text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in reader(content).pages)


def squeezed(content: bytes) -> str:
    """Text without any whitespace, so words broken over lines still match."""
    return re.sub(r"\s+", "", text(content))


def links(content: bytes) -> list[str]:
    found = []
    for page in reader(content).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/URI"):
                found.append(str(action["/URI"]))
    return found
