"""What the seed `004_0e5e3f0f8924516f.txt` (LPSE Kabupaten Batang) prints, for the catalogue test."""

from sopan.sop.tests.expectations import Expect

ORGANIZATION = "batang"
EXPECTED = {
    # SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon: 8 steps; step 5 asks whether the helpdesk can answer.
    "penanganan-permasalahan-telepon": Expect(
        numbers=["1", "2", "3", "4", "5", "6", "7", "8"],
        decisions={"5": {"Ya": "6", "Tidak": "8"}},
        times={"2": "10 detik", "3": "2 menit", "7": "10 Menit", "8": "10 Menit"},
    ),
}
