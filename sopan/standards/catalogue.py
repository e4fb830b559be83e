"""The LKPP standards for an LPSE and the duties of Perwali Salatiga 41/2024 they serve (issue 20 §2), as data.

The codes are fixed in sopan.core.standard_evidence.STANDARDS (every module names them the same way); here are their
titles as LKPP's "Dokumen Standar Layanan Pengadaan Secara Elektronik" (2014) numbers and names them, standards 1–16.
Source of the titles: the table of contents of that document as published copies of it show it (checked with the
search tool; the LKPP original itself was not at hand).
"""

from __future__ import annotations

from dataclasses import dataclass

from sopan.core.standard_evidence import STANDARDS

# code -> (number in the LKPP document, title). Proper names of the standard: Indonesian in every interface language.
TITLES: dict[str, tuple[int, str]] = {
    "service_policy": (1, "Standar Kebijakan Layanan"),
    "organisation": (2, "Standar Pengorganisasian Layanan"),
    "assets": (3, "Standar Pengelolaan Aset Layanan"),
    "service_risk": (4, "Standar Pengelolaan Risiko Layanan"),
    "helpdesk": (5, "Standar Pengelolaan Layanan Helpdesk"),
    "change": (6, "Standar Pengelolaan Perubahan"),
    "capacity": (7, "Standar Pengelolaan Kapasitas"),
    "human_resources": (8, "Standar Pengelolaan Sumber Daya Manusia"),
    "device_security": (9, "Standar Pengelolaan Keamanan Perangkat"),
    "operations_security": (10, "Standar Pengelolaan Keamanan Operasional Layanan"),
    "server_network_security": (11, "Standar Pengelolaan Keamanan Server dan Jaringan"),
    "continuity": (12, "Standar Pengelolaan Kelangsungan Layanan"),
    "budget": (13, "Standar Pengelolaan Anggaran Layanan"),
    "service_suppliers": (14, "Standar Pengelolaan Pendukung Layanan"),
    "user_relations": (15, "Standar Pengelolaan Hubungan dengan Pengguna Layanan"),
    "compliance": (16, "Standar Pengelolaan Kepatuhan"),
}
assert set(TITLES) == set(STANDARDS), "a title for every standard code of sopan.core.standard_evidence"

CHOICES = [(code, f"{TITLES[code][0]}. {TITLES[code][1]}") for code in STANDARDS]


def title(code: str) -> str:
    return TITLES[code][1]


@dataclass(frozen=True)
class Duty:
    reference: str
    text: str  # quoted from the annex (Indonesian: the regulation's own words)


SOURCE = "Lampiran Peraturan Wali Kota Salatiga Nomor 41 Tahun 2024"
# Quoted from the annex (seed 002_a136b3b0577b84dd.txt).
DUTIES = (
    Duty(
        "2.4 c",
        "Administrator Sistem melaksanakan tugas pengelolaan SPSE, sistem pendukung SPSE, dan infrastrukturnya, "
        "meliputi: 1) penyiapan dan pemeliharaan perangkat lunak, perangkat keras dan jaringan; 2) penanganan "
        "permasalahan teknis dalam layanan; 3) pengelolaan kapasitas aset; …",
    ),
    Duty("2.5.2 b", "hak akses server LPSE dipegang oleh administrator sistem dan koordinator LPSE."),
    Duty(
        "2.6.4 a",
        "LPSE membuat mekanisme pemeliharaan, pengamanan server, beserta data di dalamnya dan jaringan, serta "
        "pemeliharaan kinerja dan kapasitas sesuai dengan standar yang ditetapkan LKPP.",
    ),
    Duty(
        "2.6.6 a",
        "LPSE menerapkan pedoman/ketentuan standar tata kelola layanan, kapasitas, dan keamanan informasi SPSE sesuai "
        "dengan standardisasi yang ditetapkan LKPP.",
    ),
    Duty(
        "2.6.6 b",
        "Kepala UKPBJ menetapkan koordinator pengelola standar tata kelola LPSE sebagai bagian dari tim pengelolaan "
        "kapabilitas UKPBJ.",
    ),
)

# The roles that may hold access to the servers (annex 2.5.2 b): the Administrator Sistem and the Koordinator LPSE.
SERVER_ACCESS_ROLES = ("system_admin", "lpse_coordinator")
