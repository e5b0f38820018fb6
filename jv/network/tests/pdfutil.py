"""Read generated PDFs back in tests: text (via pypdf) and link targets. Results are memoised
per file content, because text extraction of a 30-page PDF takes seconds."""

import functools
import io
import re

import pypdf


def reader(content: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(content))


@functools.lru_cache(maxsize=16)
def text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in reader(content).pages)


def squeezed(content: bytes) -> str:
    """Text without any whitespace, so words broken over lines still match."""
    return re.sub(r"\s+", "", text(content))


@functools.lru_cache(maxsize=16)
def links(content: bytes) -> tuple[str, ...]:
    found = []
    for page in reader(content).pages:
        for annotation in page.get("/Annots") or []:
            obj = annotation.get_object()
            action = obj.get("/A")
            if action and action.get("/URI"):
                found.append(str(action["/URI"]))
    return tuple(found)


def internal_link_count(content: bytes) -> int:
    count = 0
    for page in reader(content).pages:
        for annotation in page.get("/Annots") or []:
            obj = annotation.get_object()
            action = obj.get("/A")
            if obj.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                count += 1
    return count
