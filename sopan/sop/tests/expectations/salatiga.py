"""What the seed `000_729748c6379285cf.txt` (LPSE Kota Salatiga, SOP Pengelolaan Pendukung Layanan, 2020) prints,
for the catalogue test. The document prints no Waktu column, so no step has a time."""

from sopan.sop.tests.expectations import Expect

ORGANIZATION = "salatiga"
EXPECTED = {
    # 1. Prosedur Usulan Pengadaan: 8 steps; step 3: a. "tersedia" -> langkah 8, b. "Tidak Tersedia" -> langkah 4.
    "usulan-pengadaan": Expect(
        numbers=["1", "2", "3", "4", "5", "6", "7", "8"],
        decisions={"3": {"a": "8", "b": "4"}},
    ),
    # 2. Prosedur Pengelolaan Pendukung Layanan: 4 steps; step 2: a. not in the list -> langkah 3, b. listed -> 4.
    "pengelolaan-pendukung-layanan": Expect(
        numbers=["1", "2", "3", "4"],
        decisions={"2": {"a": "3", "b": "4"}},
    ),
    # 3. Prosedur Pemantauan Kinerja Pendukung Layanan: 5 steps (row 3 printed "3."); step 4: approval -> langkah 5,
    # evaluation again -> kembali ke langkah 2.
    "pemantauan-kinerja-pendukung-layanan": Expect(
        numbers=["1", "2", "3", "4", "5"],
        decisions={"4": {"Disetujui": "5", "Evaluasi ulang": "2"}},
    ),
}
