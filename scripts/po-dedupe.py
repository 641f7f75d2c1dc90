"""After a union merge of the English catalogue (.gitattributes: *.po merge=union), two branches may
both have added the same message. Keep one entry per msgid (the first translated one), so that
`make messages` (msgmerge, msgfmt) accepts the file again."""

import sys

import polib

path = sys.argv[1] if len(sys.argv) > 1 else "src/regiodeal/locale/en/LC_MESSAGES/django.po"
po = polib.pofile(path)
seen: dict[tuple[str, str], polib.POEntry] = {}
dupes = 0
for entry in list(po):
    key = (entry.msgctxt or "", entry.msgid)
    if key in seen:
        kept = seen[key]
        if not (kept.msgstr or any(kept.msgstr_plural.values())) and (
            entry.msgstr or any(entry.msgstr_plural.values())
        ):
            kept.msgstr, kept.msgstr_plural = entry.msgstr, entry.msgstr_plural
        po.remove(entry)
        dupes += 1
    else:
        seen[key] = entry
po.save(path)
print(f"{dupes} duplicate entries removed from {path}")
