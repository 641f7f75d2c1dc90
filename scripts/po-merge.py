"""A git merge driver for the translation catalogue (.gitattributes: *.po merge=po; set up with
`git config merge.po.driver "python scripts/po-merge.py %O %A %B"`). Parallel branches each add
messages; the merge keeps every message of both, our translation first, theirs where ours has
none. `make messages` then drops what no code uses any more and compiles."""

import sys

import polib


def translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values())) and "fuzzy" not in entry.flags


def main(base_path: str, ours_path: str, theirs_path: str) -> int:
    ours, theirs = polib.pofile(ours_path), polib.pofile(theirs_path)
    index = {(e.msgctxt or "", e.msgid): e for e in ours}
    for entry in theirs:
        key = (entry.msgctxt or "", entry.msgid)
        mine = index.get(key)
        if mine is None:
            ours.append(entry)
            index[key] = entry
        elif not translated(mine) and translated(entry):
            mine.msgstr, mine.msgstr_plural = entry.msgstr, entry.msgstr_plural
            mine.flags = [f for f in mine.flags if f != "fuzzy"]
    ours.save(ours_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
