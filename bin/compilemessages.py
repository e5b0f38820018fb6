#!/usr/bin/env python3
"""Compile every locale/*/LC_MESSAGES/*.po to .mo with polib (no GNU gettext needed)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(ROOT)}: {len(po.translated_entries())} vertaald, "
              f"{len(po.untranslated_entries())} onvertaald, {len(po.fuzzy_entries())} fuzzy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
