"""Indonesian names, companies, addresses and the agencies people work at: lists to draw from, and the draws.

Names follow common Indonesian usage: many people have one or two names (often Javanese or Sundanese), Batak and
Minahasa people carry a family name (marga), and civil servants write their degrees after the name ("S.T.", "S.E.").
"""

from __future__ import annotations

import random


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


MALE = _words(
    "Agus Ahmad Andi Anton Arief Bambang Bayu Budi Dedi Dimas Eko Fajar Fauzi Hadi Hendra Heru Imam Indra Irfan "
    "Iwan Joko Kurniawan Lukman Muhammad Nur Rahmat Ridwan Rizky Rudi Samsul Slamet Sugeng Supriyadi Suryadi Teguh "
    "Totok Wahyu Wawan Yusuf Yudi Zainal Aditya Arif Dani Gilang Hafiz Ilham Reza Taufik Wisnu Bagus Ari Danang "
    "Gunawan Haris Jefri Kevin Nanda Putu Made Komang Ketut Yohanes Petrus Stefanus Fransiskus Daniel Michael Ronald"
)
FEMALE = _words(
    "Ani Ayu Dewi Dian Endang Erna Fitri Indah Intan Kartika Lestari Lina Maya Mega Nur Novi Nurul Putri Ratna Rina "
    "Rini Sari Siti Sri Tri Wati Wulan Yuli Yuni Anisa Aisyah Citra Dinda Eka Fadhila Hana Larasati Nadia Nita "
    "Puspita Rahma Reni Sinta Susanti Tuti Wahyuni Yanti Yulia Ni Desak Maria Agustina Veronika Theresia Magdalena"
)
SECOND = _words(
    "Santoso Wijaya Saputra Pratama Hidayat Nugroho Setiawan Kurniawan Susanto Purnomo Wibowo Gunawan Hartono "
    "Prasetyo Siregar Nasution Harahap Lubis Simanjuntak Situmorang Sitompul Pardede Tambunan Hutapea Sinaga "
    "Ginting Tarigan Sembiring Manurung Rahman Hakim Syahputra Firmansyah Maulana Ramadhan Permana Sudrajat "
    "Hermawan Suherman Kusuma Utami Rahayu Handayani Safitri Anggraini Puspitasari Wulandari Fitriani Kartini "
    "Lestari Susilo Wahyudi Sutrisno Haryanto Sulistyo Mulyadi Iskandar Effendi Pohan Daulay Tanjung Rangkuti "
    "Wenas Lumban Mamahit Pangemanan Tumbelaka Rumondor Kaunang Latuconsina Pattiasina Tuasikal Wonda Kogoya"
)
FEMALE_SECOND = frozenset(_words("Utami Rahayu Handayani Safitri Anggraini Puspitasari Wulandari Fitriani Kartini"))
DEGREES = ("S.T.", "S.E.", "S.Kom.", "S.H.", "S.Sos.", "S.AP.", "M.M.", "M.T.", "M.Si.", "S.Pd.", "A.Md.")

COMPANY_WORDS = _words(
    "Abadi Adi Agung Alam Anugerah Artha Bangun Berkah Bumi Cahaya Cipta Dharma Duta Graha Harapan Indah Inti Jaya "
    "Karya Kencana Kurnia Lestari Mahkota Makmur Mandiri Mega Mitra Mulia Multi Nusa Nusantara Pancar Perdana "
    "Permata Persada Pilar Prima Putra Rejeki Sakti Samudra Sarana Sejahtera Sentosa Sinar Solusi Sukses Surya "
    "Tama Teknik Tirta Tunggal Utama Wahana Wijaya Bersama Gemilang Cemerlang Raya Perkasa Kreasi Daya Buana"
)
# Legal form, share of the vendors, the prefix in the name, the administrator's position.
LEGAL_FORMS = (
    ("cv", 0.52, "CV", ("Direktur", "Persero Aktif", "Direktur")),
    ("pt", 0.33, "PT", ("Direktur", "Direktur Utama", "Direktur Operasional")),
    ("perorangan", 0.09, "UD", ("Pemilik",)),
    ("koperasi", 0.025, "Koperasi", ("Ketua", "Ketua Pengurus")),
    ("firma", 0.015, "Firma", ("Sekutu Pengurus",)),
    ("persekutuan_perdata", 0.01, "Persekutuan Perdata", ("Sekutu Pengurus",)),
    ("bumn_bumd", 0.005, "PT", ("Direktur Utama",)),
)
STREETS = _words(
    "Jenderal Sudirman;Ahmad Yani;Diponegoro;Gatot Subroto;Pemuda;Merdeka;Pahlawan;Veteran;Gajah Mada;Hayam Wuruk;"
    "Imam Bonjol;R.A. Kartini;Teuku Umar;Sisingamangaraja;Sultan Hasanuddin;Pattimura;Slamet Riyadi;Dr. Sutomo;"
    "Cendrawasih;Melati;Mawar;Anggrek;Kenanga;Flamboyan;Pramuka;Raya Pantura;Letjen Suprapto;MT Haryono;"
    "Panglima Sudirman;HOS Cokroaminoto;Ki Hajar Dewantara;Perintis Kemerdekaan;Soekarno-Hatta;Kaliurang;"
    "Magelang;Solo;Siliwangi;Pajajaran;Juanda;Antasari;Yos Sudarso;Trikora;Kapten Tendean;WR Supratman",
    ";",
)
PERSONAL_MAIL = (("gmail.com", 0.62), ("yahoo.co.id", 0.12), ("yahoo.com", 0.08), ("outlook.com", 0.05))
KBLI = _words(
    "41011 41012 41019 42101 42102 42201 42911 43211 43221 43299 43301 46100 46411 46499 46591 46599 46900 "
    "47411 47599 47610 49431 52101 56102 56210 58110 62019 62090 63111 68200 70209 71101 71102 71103 73100 "
    "74100 77100 78101 80100 81210 81300 82110 82190 85499 18111 33121 95110"
)
AGENCIES = _words(
    "Dinas Pekerjaan Umum dan Penataan Ruang;Dinas Kesehatan;Dinas Pendidikan dan Kebudayaan;"
    "Badan Perencanaan Pembangunan Daerah;Dinas Perhubungan;Sekretariat DPRD;Badan Penanggulangan Bencana Daerah;"
    "Dinas Lingkungan Hidup;Rumah Sakit Umum Daerah;Dinas Sosial;Dinas Komunikasi dan Informatika;"
    "Dinas Pertanian dan Pangan;Dinas Perumahan dan Kawasan Permukiman;Badan Keuangan Daerah;Satpol PP;"
    "Dinas Kependudukan dan Pencatatan Sipil;Dinas Pemuda dan Olahraga;Inspektorat Daerah",
    ";",
)


def cumulative(weights) -> list[float]:
    """Cumulative weights for `random.choices(cum_weights=…)`."""
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


_FORM_CUM = cumulative(f[1] for f in LEGAL_FORMS)
_MAIL_CUM = cumulative(w for _d, w in PERSONAL_MAIL)


def person(rng: random.Random) -> tuple[str, bool]:
    """A full name and whether the person is a woman."""
    female = rng.random() < 0.42
    first = rng.choice(FEMALE if female else MALE)
    draw = rng.random()
    if draw < 0.18:
        return first, female
    second = rng.choice(SECOND)
    while not female and second in FEMALE_SECOND:
        second = rng.choice(SECOND)
    if draw < 0.85:
        return f"{first} {second}", female
    return f"{first} {rng.choice(FEMALE if female else MALE)} {second}", female


def official(rng: random.Random) -> tuple[str, bool]:
    """A civil servant's name, often with a degree."""
    name, female = person(rng)
    if rng.random() < 0.7:
        name = f"{name}, {rng.choice(DEGREES)}"
    return name, female


def email_local(name: str, serial: int) -> str:
    parts = [p for p in name.lower().replace(",", " ").replace(".", " ").split() if p.isalpha()][:2]
    return ".".join(parts) + str(serial % 1000)


def personal_email(rng: random.Random, name: str, serial: int) -> str:
    domain = rng.choices(PERSONAL_MAIL, cum_weights=_MAIL_CUM)[0][0] if rng.random() < 0.87 else "gmail.com"
    return f"{email_local(name, serial)}@{domain}"


def legal_form(rng: random.Random) -> tuple[str, str, tuple[str, ...]]:
    code, _share, prefix, positions = rng.choices(LEGAL_FORMS, cum_weights=_FORM_CUM)[0]
    return code, prefix, positions


def company_name(rng: random.Random, prefix: str, place: str) -> str:
    words = rng.sample(COMPANY_WORDS, 2 if rng.random() < 0.8 else 3)
    if rng.random() < 0.12:
        words.append(place)
    return f"{prefix} {' '.join(words)}"


def company_domain(name: str) -> str:
    words = [w.lower() for w in name.split()[1:] if w.isalpha()][:2]
    return "".join(words) + ".co.id"


def street_address(rng: random.Random) -> str:
    extra = f", RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 12):02d}" if rng.random() < 0.3 else ""
    return f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 250)}{extra}"


def kbli_codes(rng: random.Random) -> list[str]:
    return sorted(rng.sample(KBLI, rng.choice((1, 2, 2, 3, 4))))
