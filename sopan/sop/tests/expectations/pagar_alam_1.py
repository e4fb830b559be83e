"""What the seed `001_928c96537b62e8d7.txt` (Kota Pagar Alam, 2024) prints for SOP Pembinaan Pelaku Usaha and
Manajemen Resiko PBJ (Prosedur Manajemen Resiko Strategis PBJ), for the catalogue test."""

from sopan.sop.tests.expectations import Expect

ORGANIZATION = "pagar-alam"
EXPECTED = {
    # SOP Pembinaan Pelaku Usaha: steps 1-8, with 7's sub-steps printed "a.", "b.", "c."; no decision (7a-7c are
    # three target groups that are all coached); step 7 prints no Waktu.
    "pembinaan-pelaku-usaha": Expect(
        numbers=["1", "2", "3", "4", "5", "6", "7", "7a", "7b", "7c", "8"],
        times={
            "1": "2 Jam",
            "2": "2 hari",
            "3": "3 hari",
            "4": "5 menit",
            "5": "60 menit",
            "6": "180 menit",
            "7a": "180 menit",
            "7b": "180 menit",
            "7c": "180 menit",
            "8": "1 hari",
        },
    ),
    # Manajemen Resiko Strategis PBJ: 14 steps; step 4 prints no Waktu. The decisions print their alternatives but
    # no targets (4 a/b, 11 a/b/c, 13 as one sentence): 4 a plans the handling (5), b is tolerable and is reported
    # (9); 11 a continues the handling ("mengulang proses nomor 2 atau 3": 3), b is tolerable (documented, 14),
    # c is escalated to the Komite Etik (12); 13 sends further handling back to the owner (3), a tolerable risk to 14.
    "manajemen-risiko-strategis": Expect(
        numbers=[str(n) for n in range(1, 15)],
        decisions={
            "4": {"a": "5", "b": "9"},
            "11": {"a": "3", "b": "14", "c": "12"},
            "13": {"Perlu penanganan lanjutan": "3", "Dapat ditolerir": "14"},
        },
        times={
            "1": "1 hari",
            "2": "5 hari",
            "3": "3 hari",
            "5": "2 hari",
            "6": "3 hari",
            "7": "4 hari",
            "8": "4 hari",
            "9": "2 hari",
            "10": "1 hari",
            "11": "1 hari",
            "12": "2 hari",
            "13": "1 hari",
            "14": "1 hari",
        },
    ),
}
