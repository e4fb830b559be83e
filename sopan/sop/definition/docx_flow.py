"""Where each step of a Word SOP leads: the next row, unless its text says otherwise.

Read from the Kegiatan and the Keterangan as printed:
- 'a. Jika "tersedia", lanjut ke langkah 8 b. Jika "Tidak Tersedia", lanjut ke langkah 4' (Salatiga, Prosedur Usulan
  Pengadaan step 3): two exits, labelled with the quoted words;
- '… (lanjut kelangkah 5) atau meminta evaluasi ulang … (kembali kelangkah 2)' (Salatiga, Pemantauan Kinerja Pendukung
  Layanan step 4): two exits labelled as printed, "lanjut ke langkah 5" and "kembali ke langkah 2";
- 'kembali ke aktivitas No. 1' on a process: its next step.
A decision whose exits cannot be read goes on to the next row as "Ya"; its "Tidak" is left without a target and
recorded as a doubt, to be finished in the editor.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .model import Symbol

_TARGET = re.compile(
    r"(?P<verb>lanjut|kembali|menuju|diteruskan)\s*(?:ke\s*)?"
    r"(?:langkah|aktivitas|aktifitas|kegiatan|tahap|no\.?|nomor|step)\s*(?:no\.?\s*|nomor\s*)?(?P<to>\d{1,3}[a-z]?)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”']([^\"“”']{1,40})[\"“”']")
_YES_NO = re.compile(r"\b(tidak|ya)\b", re.IGNORECASE)


def _exits_in(text: str) -> list[tuple[str, str]]:
    """(label, target number) for every "lanjut ke langkah N" in the text, labelled by the quoted word or the Ya /
    Tidak before it in the same clause, else by the printed phrase itself."""
    found, start = [], 0
    for match in _TARGET.finditer(text):
        clause = text[start : match.start()]
        clause = re.split(r"(?:^|\s)(?:[a-z][.)]|\d[.)])\s|;|\batau\b", clause)[-1]
        quoted = _QUOTED.findall(clause)
        yes_no = _YES_NO.findall(clause)
        if quoted:
            label = quoted[-1].strip()
        elif yes_no:
            label = yes_no[-1].capitalize()
        else:
            label = f"{match['verb'].lower()} ke langkah {match['to']}"
        found.append((label, match["to"].lower()))
        start = match.end()
    return found


def link_steps(steps: list[dict]) -> None:
    """Set `next` or `exits` on every step (the data form), adding a note (`_notes`) where the reader guessed."""
    by_number = {s["number"].lower(): s["key"] for s in steps if s["number"]}
    for i, step in enumerate(steps):
        following = steps[i + 1]["key"] if i + 1 < len(steps) else ""
        if step["symbol"] == Symbol.END:
            continue
        text = " ".join(filter(None, [step["text"], step.get("notes", "")]))
        found = [(label, by_number.get(number), number) for label, number in _exits_in(text)]
        for _label, key, number in found:
            if key is None:
                step["_notes"].append(
                    _("It names step %(number)s, which the table does not have.") % {"number": number}
                )
        found = [(label, key) for label, key, _number in found if key and key != step["key"]]
        if step["symbol"] == Symbol.DECISION:
            _decision(step, found, following)
        elif len(found) == 1:
            step["next"] = found[0][1]
        elif following:
            step["next"] = following
        elif step["symbol"] == Symbol.CONNECTOR:
            step["_notes"].append(_("An off-page connector ends the table: write the SOP it hands over to."))
        else:
            step["_notes"].append(_("The table ends here without an end terminator (Selesai): it may be cut off."))


def _decision(step: dict, found: list[tuple[str, str]], following: str) -> None:
    labels = [label for label, _key in found]
    if len(found) >= 2 and len(set(labels)) == len(labels):
        step["exits"] = [{"label": label, "to": key} for label, key in found]
        return
    drawn = [label for label in step["_labels"] if label]
    yes, no = [*drawn, "Ya", "Tidak"][:2] if len(drawn) < 2 else drawn[:2]
    if len(found) == 1:
        exits = [{"label": found[0][0], "to": found[0][1]}]
        if following and following != found[0][1]:
            exits.append({"label": no if found[0][0] != no else yes, "to": following})
        else:
            exits.append({"label": no if found[0][0] != no else yes})
    else:
        exits = [{"label": yes, "to": following}] if following else [{"label": yes}]
        exits.append({"label": no})
    step["exits"] = exits
    step["_notes"].append(
        _("The exits of this decision cannot all be read from the table: %(read)s; write where each one leads.")
        % {"read": ", ".join(f"{e['label']} → {e.get('to', '?')}" for e in exits)}
    )
