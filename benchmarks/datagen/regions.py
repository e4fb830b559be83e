"""Where the generated organisations and people are: Indonesia's provinces (Kemendagri codes, from sopan's own
`vendors.regions`), their regencies (kabupaten) and cities (kota), and the ministries and agencies that run an LPSE.

Regency codes follow the Kemendagri scheme (kabupaten 01, 02 …, kota 71, 72 … inside the province) in the order listed
here, which is the official order for most provinces (Jawa Tengah's Batang is 33.25, Salatiga 33.73). The NIK
validator checks the province code only, so an ordering slip elsewhere gives a NIK that is still valid.
DKI Jakarta's five cities and one regency are administrative, not autonomous governments: they give NIK codes but are
no organisation of their own (the province is).
"""

from __future__ import annotations

from dataclasses import dataclass

from sopan.vendors.regions import PROVINCES


def _words(text: str, separator: str) -> tuple[str, ...]:
    return tuple(text.split(separator))


WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"

# province code: (time zone, kabupaten, kota)
_REGENCIES: dict[str, tuple[str, str, str]] = {
    "11": (
        WIB,
        "Aceh Selatan;Aceh Tenggara;Aceh Timur;Aceh Tengah;Aceh Barat;Aceh Besar;Pidie;Aceh Utara;Simeulue;"
        "Aceh Singkil;Bireuen;Aceh Barat Daya;Gayo Lues;Aceh Jaya;Nagan Raya;Aceh Tamiang;Bener Meriah;Pidie Jaya",
        "Banda Aceh;Sabang;Lhokseumawe;Langsa;Subulussalam",
    ),
    "12": (
        WIB,
        "Tapanuli Tengah;Tapanuli Utara;Tapanuli Selatan;Nias;Langkat;Karo;Deli Serdang;Simalungun;Asahan;"
        "Labuhanbatu;Dairi;Toba;Mandailing Natal;Nias Selatan;Pakpak Bharat;Humbang Hasundutan;Samosir;"
        "Serdang Bedagai;Batu Bara;Padang Lawas Utara;Padang Lawas;Labuhanbatu Selatan;Labuhanbatu Utara;Nias Utara;"
        "Nias Barat",
        "Medan;Pematangsiantar;Sibolga;Tanjungbalai;Binjai;Tebing Tinggi;Padangsidimpuan;Gunungsitoli",
    ),
    "13": (
        WIB,
        "Pesisir Selatan;Solok;Sijunjung;Tanah Datar;Padang Pariaman;Agam;Lima Puluh Kota;Pasaman;"
        "Kepulauan Mentawai;Dharmasraya;Solok Selatan;Pasaman Barat",
        "Padang;Solok;Sawahlunto;Padang Panjang;Bukittinggi;Payakumbuh;Pariaman",
    ),
    "14": (
        WIB,
        "Kampar;Indragiri Hulu;Bengkalis;Indragiri Hilir;Pelalawan;Rokan Hulu;Rokan Hilir;Siak;Kuantan Singingi;"
        "Kepulauan Meranti",
        "Pekanbaru;Dumai",
    ),
    "15": (
        WIB,
        "Kerinci;Merangin;Sarolangun;Batanghari;Muaro Jambi;Tanjung Jabung Barat;Tanjung Jabung Timur;Bungo;Tebo",
        "Jambi;Sungai Penuh",
    ),
    "16": (
        WIB,
        "Ogan Komering Ulu;Ogan Komering Ilir;Muara Enim;Lahat;Musi Rawas;Musi Banyuasin;Banyuasin;"
        "Ogan Komering Ulu Timur;Ogan Komering Ulu Selatan;Ogan Ilir;Empat Lawang;Penukal Abab Lematang Ilir;"
        "Musi Rawas Utara",
        "Palembang;Prabumulih;Pagar Alam;Lubuklinggau",
    ),
    "17": (
        WIB,
        "Bengkulu Selatan;Rejang Lebong;Bengkulu Utara;Kaur;Seluma;Mukomuko;Lebong;Kepahiang;Bengkulu Tengah",
        "Bengkulu",
    ),
    "18": (
        WIB,
        "Lampung Barat;Tanggamus;Lampung Selatan;Lampung Timur;Lampung Tengah;Lampung Utara;Way Kanan;Tulang Bawang;"
        "Pesawaran;Pringsewu;Mesuji;Tulang Bawang Barat;Pesisir Barat",
        "Bandar Lampung;Metro",
    ),
    "19": (WIB, "Bangka;Belitung;Bangka Barat;Bangka Tengah;Bangka Selatan;Belitung Timur", "Pangkalpinang"),
    "21": (WIB, "Karimun;Bintan;Natuna;Lingga;Kepulauan Anambas", "Batam;Tanjungpinang"),
    "31": (WIB, "Kepulauan Seribu", "Jakarta Selatan;Jakarta Timur;Jakarta Pusat;Jakarta Barat;Jakarta Utara"),
    "32": (
        WIB,
        "Bogor;Sukabumi;Cianjur;Bandung;Garut;Tasikmalaya;Ciamis;Kuningan;Cirebon;Majalengka;Sumedang;Indramayu;"
        "Subang;Purwakarta;Karawang;Bekasi;Bandung Barat;Pangandaran",
        "Bogor;Sukabumi;Bandung;Cirebon;Bekasi;Depok;Cimahi;Tasikmalaya;Banjar",
    ),
    "33": (
        WIB,
        "Cilacap;Banyumas;Purbalingga;Banjarnegara;Kebumen;Purworejo;Wonosobo;Magelang;Boyolali;Klaten;Sukoharjo;"
        "Wonogiri;Karanganyar;Sragen;Grobogan;Blora;Rembang;Pati;Kudus;Jepara;Demak;Semarang;Temanggung;Kendal;"
        "Batang;Pekalongan;Pemalang;Tegal;Brebes",
        "Magelang;Surakarta;Salatiga;Semarang;Pekalongan;Tegal",
    ),
    "34": (WIB, "Kulon Progo;Bantul;Gunungkidul;Sleman", "Yogyakarta"),
    "35": (
        WIB,
        "Pacitan;Ponorogo;Trenggalek;Tulungagung;Blitar;Kediri;Malang;Lumajang;Jember;Banyuwangi;Bondowoso;"
        "Situbondo;Probolinggo;Pasuruan;Sidoarjo;Mojokerto;Jombang;Nganjuk;Madiun;Magetan;Ngawi;Bojonegoro;Tuban;"
        "Lamongan;Gresik;Bangkalan;Sampang;Pamekasan;Sumenep",
        "Kediri;Blitar;Malang;Probolinggo;Pasuruan;Mojokerto;Madiun;Surabaya;Batu",
    ),
    "36": (WIB, "Pandeglang;Lebak;Tangerang;Serang", "Tangerang;Cilegon;Serang;Tangerang Selatan"),
    "51": (WITA, "Jembrana;Tabanan;Badung;Gianyar;Klungkung;Bangli;Karangasem;Buleleng", "Denpasar"),
    "52": (
        WITA,
        "Lombok Barat;Lombok Tengah;Lombok Timur;Sumbawa;Dompu;Bima;Sumbawa Barat;Lombok Utara",
        "Mataram;Bima",
    ),
    "53": (
        WITA,
        "Sumba Barat;Sumba Timur;Kupang;Timor Tengah Selatan;Timor Tengah Utara;Belu;Alor;Lembata;Flores Timur;Sikka;"
        "Ende;Ngada;Manggarai;Rote Ndao;Manggarai Barat;Sumba Tengah;Sumba Barat Daya;Nagekeo;Manggarai Timur;"
        "Sabu Raijua;Malaka",
        "Kupang",
    ),
    "61": (
        WIB,
        "Sambas;Bengkayang;Landak;Mempawah;Sanggau;Ketapang;Sintang;Kapuas Hulu;Sekadau;Melawi;Kayong Utara;Kubu Raya",
        "Pontianak;Singkawang",
    ),
    "62": (
        WIB,
        "Kotawaringin Barat;Kotawaringin Timur;Kapuas;Barito Selatan;Barito Utara;Sukamara;Lamandau;Seruyan;"
        "Katingan;Pulang Pisau;Gunung Mas;Barito Timur;Murung Raya",
        "Palangka Raya",
    ),
    "63": (
        WITA,
        "Tanah Laut;Kotabaru;Banjar;Barito Kuala;Tapin;Hulu Sungai Selatan;Hulu Sungai Tengah;Hulu Sungai Utara;"
        "Tabalong;Tanah Bumbu;Balangan",
        "Banjarmasin;Banjarbaru",
    ),
    "64": (
        WITA,
        "Paser;Kutai Kartanegara;Berau;Kutai Barat;Kutai Timur;Penajam Paser Utara;Mahakam Ulu",
        "Balikpapan;Samarinda;Bontang",
    ),
    "65": (WITA, "Malinau;Bulungan;Tana Tidung;Nunukan", "Tarakan"),
    "71": (
        WITA,
        "Bolaang Mongondow;Minahasa;Kepulauan Sangihe;Kepulauan Talaud;Minahasa Selatan;Minahasa Utara;"
        "Bolaang Mongondow Utara;Kepulauan Siau Tagulandang Biaro;Minahasa Tenggara;Bolaang Mongondow Selatan;"
        "Bolaang Mongondow Timur",
        "Manado;Bitung;Tomohon;Kotamobagu",
    ),
    "72": (
        WITA,
        "Banggai Kepulauan;Banggai;Morowali;Poso;Donggala;Tolitoli;Buol;Parigi Moutong;Tojo Una-Una;Sigi;"
        "Banggai Laut;Morowali Utara",
        "Palu",
    ),
    "73": (
        WITA,
        "Kepulauan Selayar;Bulukumba;Bantaeng;Jeneponto;Takalar;Gowa;Sinjai;Maros;Pangkajene dan Kepulauan;Barru;"
        "Bone;Soppeng;Wajo;Sidenreng Rappang;Pinrang;Enrekang;Luwu;Tana Toraja;Luwu Utara;Luwu Timur;Toraja Utara",
        "Makassar;Parepare;Palopo",
    ),
    "74": (
        WITA,
        "Buton;Muna;Konawe;Kolaka;Konawe Selatan;Bombana;Wakatobi;Kolaka Utara;Buton Utara;Konawe Utara;"
        "Kolaka Timur;Konawe Kepulauan;Muna Barat;Buton Tengah;Buton Selatan",
        "Kendari;Baubau",
    ),
    "75": (WITA, "Boalemo;Gorontalo;Pohuwato;Bone Bolango;Gorontalo Utara", "Gorontalo"),
    "76": (WITA, "Majene;Polewali Mandar;Mamasa;Mamuju;Pasangkayu;Mamuju Tengah", ""),
    "81": (
        WIT,
        "Kepulauan Tanimbar;Maluku Tenggara;Maluku Tengah;Buru;Kepulauan Aru;Seram Bagian Barat;"
        "Seram Bagian Timur;Maluku Barat Daya;Buru Selatan",
        "Ambon;Tual",
    ),
    "82": (
        WIT,
        "Halmahera Barat;Halmahera Tengah;Kepulauan Sula;Halmahera Selatan;Halmahera Utara;Halmahera Timur;"
        "Pulau Morotai;Pulau Taliabu",
        "Ternate;Tidore Kepulauan",
    ),
    "91": (WIT, "Jayapura;Kepulauan Yapen;Biak Numfor;Sarmi;Keerom;Waropen;Supiori;Mamberamo Raya", "Jayapura"),
    "92": (
        WIT,
        "Fakfak;Kaimana;Teluk Wondama;Teluk Bintuni;Manokwari;Manokwari Selatan;Pegunungan Arfak",
        "",
    ),
    "93": (WIT, "Merauke;Boven Digoel;Mappi;Asmat", ""),
    "94": (WIT, "Nabire;Puncak Jaya;Paniai;Mimika;Puncak;Dogiyai;Intan Jaya;Deiyai", ""),
    "95": (
        WIT,
        "Jayawijaya;Pegunungan Bintang;Yahukimo;Tolikara;Mamberamo Tengah;Yalimo;Lanny Jaya;Nduga",
        "",
    ),
    "96": (WIT, "Sorong;Sorong Selatan;Raja Ampat;Tambrauw;Maybrat", "Sorong"),
}

MINISTRIES_AND_AGENCIES = _words(
    "Kementerian Keuangan;Kementerian Pekerjaan Umum;Kementerian Kesehatan;"
    "Kementerian Pendidikan Dasar dan Menengah;Kementerian Agama;Kementerian Perhubungan;Kementerian Dalam Negeri;"
    "Kementerian Hukum;Kementerian Pertanian;Kementerian Kelautan dan Perikanan;Kementerian Sosial;"
    "Kementerian Ketenagakerjaan;Kementerian Perindustrian;Kementerian Perdagangan;"
    "Kementerian Energi dan Sumber Daya Mineral;Kementerian Lingkungan Hidup;Kementerian Kehutanan;"
    "Kementerian Komunikasi dan Digital;Kementerian Pertahanan;Kementerian Luar Negeri;Kementerian Pariwisata;"
    "Kementerian Pemuda dan Olahraga;Kementerian Desa dan Pembangunan Daerah Tertinggal;"
    "Kementerian Agraria dan Tata Ruang;Kementerian Badan Usaha Milik Negara;Kementerian Koperasi;"
    "Kementerian Perencanaan Pembangunan Nasional;"
    "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi;Kementerian Sekretariat Negara;"
    "Kementerian Investasi dan Hilirisasi;Kementerian Transmigrasi;Kementerian Perumahan dan Kawasan Permukiman;"
    "Kementerian Kebudayaan;Kementerian Pendidikan Tinggi, Sains, dan Teknologi;"
    "Kementerian Imigrasi dan Pemasyarakatan;Kementerian Hak Asasi Manusia;Kementerian Ekonomi Kreatif;"
    "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak;Kementerian Usaha Mikro, Kecil, dan Menengah;"
    "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah;Badan Pusat Statistik;"
    "Badan Meteorologi, Klimatologi, dan Geofisika;Badan Nasional Penanggulangan Bencana;"
    "Badan Pengawasan Keuangan dan Pembangunan;Badan Pemeriksa Keuangan;Badan Riset dan Inovasi Nasional;"
    "Badan Kepegawaian Negara;Badan Pengawas Obat dan Makanan;Badan Siber dan Sandi Negara;"
    "Badan Informasi Geospasial;Badan Nasional Pencarian dan Pertolongan;Kepolisian Negara Republik Indonesia;"
    "Kejaksaan Republik Indonesia;Mahkamah Agung;Arsip Nasional Republik Indonesia;"
    "Perpustakaan Nasional Republik Indonesia;Badan Pengawas Pemilihan Umum;Komisi Pemilihan Umum",
    ";",
)

PROVINCE_NAMES = dict(PROVINCES)


@dataclass(frozen=True)
class Region:
    """A regency or city: its four-digit Kemendagri code, its name as written ("Kabupaten Batang", "Kota Salatiga")."""

    province: str
    code: str  # two digits inside the province
    kind: str  # "kabupaten" or "kota"
    name: str

    @property
    def title(self) -> str:
        return f"{'Kota' if self.kind == 'kota' else 'Kabupaten'} {self.name}"


def _regions() -> tuple[Region, ...]:
    found = []
    for province, (_zone, kabupaten, kota) in _REGENCIES.items():
        for kind, names, first in (("kabupaten", kabupaten, 1), ("kota", kota, 71)):
            for offset, name in enumerate(n for n in names.split(";") if n):
                found.append(Region(province, f"{first + offset:02d}", kind, name))
    return tuple(found)


REGIONS: tuple[Region, ...] = _regions()
REGIONS_BY_PROVINCE: dict[str, tuple[Region, ...]] = {
    code: tuple(r for r in REGIONS if r.province == code) for code in _REGENCIES
}
assert set(_REGENCIES) == set(PROVINCE_NAMES), "every province of sopan.vendors.regions has its regencies here"


def timezone_of(province: str) -> str:
    return _REGENCIES[province][0]


@dataclass(frozen=True)
class OrgSpec:
    """One organisation to generate: a pemda (province, regency, city) or a ministry/agency."""

    name: str
    slug: str
    timezone: str
    region: Region  # where its vendors mostly are (a ministry: Jakarta)
    letterhead: str
    address: str


def _spec_for_region(region: Region) -> OrgSpec:
    prefix = "kota" if region.kind == "kota" else "kab"
    slug = f"{prefix}-{region.name.lower().replace(' ', '-')}"
    head = f"PEMERINTAH {region.title.upper()}"
    return OrgSpec(
        name=f"Pemerintah {region.title}",
        slug=slug,
        timezone=timezone_of(region.province),
        region=region,
        letterhead=f"{head}\nSEKRETARIAT DAERAH\nBAGIAN PENGADAAN BARANG DAN JASA",
        address=f"Jl. Pemuda No. 1, {region.title}, {PROVINCE_NAMES[region.province]}",
    )


def _spec_for_province(code: str) -> OrgSpec:
    name = PROVINCE_NAMES[code]
    regions = REGIONS_BY_PROVINCE[code]
    if code == "31":
        capital = next(r for r in regions if r.name == "Jakarta Pusat")
    else:  # the first city, else the first regency (the provinces of Papua made in 2022 have no city yet)
        capital = next((r for r in regions if r.kind == "kota"), regions[0])
    return OrgSpec(
        name=f"Pemerintah Provinsi {name}",
        slug=f"prov-{name.lower().replace(' ', '-')}",
        timezone=timezone_of(code),
        region=capital,
        letterhead=f"PEMERINTAH PROVINSI {name.upper()}\nBIRO PENGADAAN BARANG DAN JASA",
        address=f"Jl. Jenderal Sudirman No. 1, {capital.title}, {name}",
    )


def _spec_for_ministry(index: int, name: str) -> OrgSpec:
    jakarta = REGIONS_BY_PROVINCE["31"][1:]  # the five cities
    return OrgSpec(
        name=name,
        slug=f"kl-{index + 1:02d}",
        timezone=WIB,
        region=jakarta[index % len(jakarta)],
        letterhead=f"{name.upper()}\nUNIT KERJA PENGADAAN BARANG/JASA",
        address=f"Jl. Medan Merdeka No. {index + 2}, {jakarta[index % len(jakarta)].title}, DKI Jakarta",
    )


def organization_specs(count: int) -> list[OrgSpec]:
    """`count` organisations: Kota Salatiga first (the seeds' own), then the provinces, the regencies and cities
    (not DKI's administrative ones), then ministries and agencies."""
    salatiga = next(r for r in REGIONS if r.province == "33" and r.name == "Salatiga")
    specs = [_spec_for_region(salatiga)]
    specs += [_spec_for_province(code) for code in _REGENCIES]
    specs += [_spec_for_region(r) for r in REGIONS if r.province != "31" and r is not salatiga]
    specs += [_spec_for_ministry(i, name) for i, name in enumerate(MINISTRIES_AND_AGENCIES)]
    if count > len(specs):
        raise ValueError(f"at most {len(specs)} organisations can be generated, not {count}")
    return specs[:count]
