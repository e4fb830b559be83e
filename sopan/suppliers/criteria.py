"""The criteria of the Lembar Evaluasi Pendukung Layanan (SOP Pemantauan Kinerja Pendukung Layanan step 2), each
scored 1 (poor) to 5 (very good). The seed names the sheet but prints none of its criteria: these are Sopan's,
drawn from what an LPSE's service contracts usually measure (availability, response, quality, compliance with the
contract and the NDA, reporting). # UNVERIFIED: the criteria and the 1–5 scale are not in the seed; an organisation
with its own sheet should be able to replace them (not built yet)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCALE = (1, 2, 3, 4, 5)
CRITERIA = (
    ("availability", _("Availability of the service (uptime)")),
    ("response", _("Response to disruptions and requests")),
    ("quality", _("Quality of the work or service delivered")),
    ("compliance", _("Compliance with the contract, KAK and NDA")),
    ("reporting", _("Reporting and communication")),
)
KEYS = tuple(key for key, _label in CRITERIA)
# The printed sheet is Indonesian whatever the interface language.
PRINTED = {
    "availability": "Ketersediaan layanan (uptime)",
    "response": "Tanggapan atas gangguan dan permintaan",
    "quality": "Mutu pekerjaan/layanan",
    "compliance": "Kepatuhan terhadap kontrak, KAK dan NDA",
    "reporting": "Pelaporan dan komunikasi",
}


def average(scores: dict) -> float | None:
    values = [int(scores[key]) for key in KEYS if key in scores]
    return round(sum(values) / len(values), 2) if values else None
