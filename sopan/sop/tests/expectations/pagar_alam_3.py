"""What the seed `001_928c96537b62e8d7.txt` (Kota Pagar Alam, 2024) prints for SOP Proses Utama Pengadaan Barang/Jasa,
Pengelolaan Penyedia, Pencatatan Kinerja Penyedia, Rekruitment dan Registrasi Penyedia, Pengelolaan Risiko and
Pengelolaan Kinerja, for the catalogue test."""

from sopan.sop.tests.expectations import Expect

ORGANIZATION = "pagar-alam"
EXPECTED = {
    # SOP Proses Utama Pengadaan Barang/Jasa: rows 1 (Mulai) to 8 (Selesai), numbered; no decision, no Waktu printed.
    "proses-utama-pbj": Expect(
        numbers=["1", "2", "3", "4", "5", "6", "7", "8"],
    ),
    # SOP Pengelolaan Penyedia: steps 1-6 with sub-steps "a."-"c." under 2 and "a.", "b." under 4 (drawn as one
    # symbol each, all carried out: no decision); step 6 is the Selesai row.
    "pengelolaan-penyedia": Expect(
        numbers=["1", "2", "2a", "2b", "2c", "3", "4", "4a", "4b", "5", "6"],
        times={
            "1": "30 menit",
            "2": "10 hari",
            "3": "1 hari",
            "4": "4 hari",
            "4a": "2 hari",
            "4b": "2 hari",
            "5": "3 hari",
        },
    ),
    # SOP Pencatatan Kinerja Penyedia: steps 1-8 with 3a (construction: 4 indicators) and 3b (e-purchasing: stars),
    # one or the other; step 5 proposes a blacklist to the PA (6) only "bila penilaian kinerja buruk", otherwise the
    # Tim UKPBJ recapitulates (7). Step 1's Maks.Waktu is printed "1 Hari rapat"; step 6 prints none.
    "pencatatan-kinerja-penyedia": Expect(
        numbers=["1", "2", "3", "3a", "3b", "4", "5", "6", "7", "8"],
        decisions={"3": {"a": "3a", "b": "3b"}, "5": {"Ya": "6", "Tidak": "7"}},
        times={
            "1": "1 Hari rapat",
            "2": "30 menit",
            "3": "180 Menit",
            "3a": "20 menit",
            "3b": "10 menit",
            "4": "30 menit",
            "5": "1 hari",
            "7": "2 hari",
        },
    ),
    # SOP Rekruitment dan Registrasi Penyedia (table "Registrasi dan Verifikasi Penyedia Barang/Jasa"): steps 1-16;
    # 9 asks whether the vendor registered online (Belum: 10, Ya: 11); 12 asks whether the berkas matches the online
    # data (yes: approve, 14; no: review what is missing, 13). "Sesuai Kebutuhan Penyedia" and "N/A" set no time.
    "rekrutmen-registrasi-penyedia": Expect(
        numbers=[str(n) for n in range(1, 17)],
        decisions={"9": {"Belum": "10", "Ya": "11"}, "12": {"Ya": "14", "Tidak": "13"}},
        times={
            "8": "5 menit",
            "9": "10 menit",
            "11": "10 menit",
            "12": "1 hari",
            "13": "10 menit",
            "14": "15 menit",
            "15": "15 menit",
        },
    ),
    # SOP Pengelolaan Risiko: steps 1-14, no Mulai/Selesai rows. 4 a plans the handling (5), b is tolerable and is
    # reported (9); 11 a continues the handling ("mengulang proses nomor 2 atau 3": 3), b escalates (12), c is
    # tolerable (documented, 14); 13 a sends further handling back to the owner (3), b is tolerable (14).
    "pengelolaan-risiko": Expect(
        numbers=[str(n) for n in range(1, 15)],
        decisions={
            "4": {"a": "5", "b": "9"},
            "11": {"a": "3", "b": "12", "c": "14"},
            "13": {"a": "3", "b": "14"},
        },
        times={
            "2": "1 hari",
            "3": "1 hari",
            "5": "1 hari",
            "6": "1 hari",
            "8": "1 hari",
            "9": "1 hari",
            "10": "1 hari",
            "12": "1 hari",
            "14": "2 hari",
        },
    ),
    # SOP Pengelolaan Kinerja: unnumbered Mulai, steps 1-17, unnumbered Selesai; no Waktu printed. 6 a approves the
    # plan (7), b sends it back for improvement (1); 17 a and b go on executing the action plans (11), c ends.
    "pengelolaan-kinerja": Expect(
        numbers=["", *(str(n) for n in range(1, 18)), ""],
        decisions={"6": {"a": "7", "b": "1"}, "17": {"a": "11", "b": "11", "c": ""}},
    ),
}
