"""What the seed `001_928c96537b62e8d7.txt` (Kota Pagar Alam, 2024) prints for five of its SOPs, for the catalogue
test: Registrasi dan Verifikasi, Analisa Ketersediaan Pelaku Usaha, Persiapan Pengadaan, Persiapan Pemilihan
Penyedia and Perencanaan Pengadaan. None of the five prints a Waktu."""

from sopan.sop.tests.expectations import Expect

ORGANIZATION = "pagar-alam"
EXPECTED = {
    # SOP Registrasi dan Verifikasi: an unnumbered Mulai row, then the 6-step online part; the table stops at 6.
    "registrasi-verifikasi": Expect(
        numbers=["", "1", "2", "3", "4", "5", "6"],
    ),
    # SOP Analisa Ketersediaan Pelaku Usaha: Mulai unnumbered; the numbering jumps 5 -> 8; 10 is Selesai.
    # Step 4: (a) qualified vendors found -> on to the documentation (8); (b) none -> PPK proposes a RUP repair (5).
    "analisa-ketersediaan-pelaku-usaha": Expect(
        numbers=["", "1", "2", "3", "4", "5", "8", "9", "10"],
        decisions={"4": {"a": "8", "b": "5"}},
    ),
    # SOP Persiapan Pengadaan: 1 is Mulai, 10 Selesai. Step 5: (a) assistance asked -> 6; (b) -> penetapan (8).
    "persiapan-pengadaan": Expect(
        numbers=["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        decisions={"5": {"a": "6", "b": "8"}},
    ),
    # SOP Persiapan Pemilihan Penyedia: 1 is Mulai, 9 Selesai. Step 4: (a) complete -> methods (6);
    # (b) incomplete -> PPK repairs (5), which goes back to 4.
    "persiapan-pemilihan-penyedia": Expect(
        numbers=["1", "2", "3", "4", "5", "6", "7", "8", "9"],
        decisions={"4": {"a": "6", "b": "5"}},
    ),
    # SOP Perencanaan Pengadaan: 1 is Mulai, 11 Selesai; 8 is printed twice (end of page 1, start of page 2).
    # Step 3: (a) assistance asked from UKPBJ -> 4; (b) -> identification of needs (6).
    "perencanaan-pengadaan": Expect(
        numbers=["1", "2", "3", "4", "5", "6", "7", "8", "8", "9", "10", "11"],
        decisions={"3": {"a": "4", "b": "6"}},
    ),
}
