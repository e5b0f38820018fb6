#!/usr/bin/env python3
"""Compile every app's locale/*/LC_MESSAGES/*.po to .mo with polib (no GNU gettext needed)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    po_paths = sorted(ROOT.glob("jv/*/locale/*/LC_MESSAGES/*.po")) + sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po"))
    for po_path in po_paths:
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(
            f"{po_path.relative_to(ROOT)}: {len(po.translated_entries())} vertaald, "
            f"{len(po.untranslated_entries())} onvertaald, {len(po.fuzzy_entries())} fuzzy"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
