"""What the demo cases are about (issue 14 §4): a title that says what each case handles, and for a step done late a
justification that fits that step — as the people of an LPSE/UKPBJ would write them.

Titles come from subjects per SOP key (a plausible package, vendor, risk or service of the organisation's own town);
an SOP without subjects of its own gets its short name and a procurement subject. Justifications are chosen by what
the step does (receiving files, verifying, a meeting, a report, an approval, SPSE …) and always name the step's
activity, so a reader of the compliance report sees why that step, not some step, was late.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Vendors named in case titles, per organisation; a town without its own list gets neutral names (never another
# demo organisation's town).
VENDORS = {
    "salatiga": (
        "CV Merbabu Teknik",
        "PT Tingkir Jaya Konstruksi",
        "CV Sumber Rejeki Salatiga",
        "UD Sido Makmur",
        "PT Kalitaman Karya",
        "CV Senjoyo Abadi",
        "CV Argomulyo Mandiri",
        "PT Ngebul Cipta Sarana",
        "CV Pancuran Teknik",
        "UD Sidorejo Jaya",
    ),
    "pagar-alam": (
        "CV Dempo Teknik",
        "PT Besemah Jaya Konstruksi",
        "CV Sumber Rejeki Pagar Alam",
        "UD Semende Makmur",
        "PT Gunung Gare Karya",
        "CV Lematang Abadi",
        "CV Selangis Mandiri",
        "PT Dempo Cipta Sarana",
        "CV Curup Teknik",
        "UD Jokoh Jaya",
    ),
    "batang": (
        "CV Roban Teknik",
        "PT Pantura Jaya Konstruksi",
        "CV Sumber Rejeki Batang",
        "UD Kandeman Makmur",
        "PT Sambong Karya",
        "CV Ujungnegoro Abadi",
        "CV Limpung Mandiri",
        "PT Warungasem Cipta Sarana",
        "CV Subah Teknik",
        "UD Gringsing Jaya",
    ),
}
NEUTRAL_VENDORS = (
    "CV Mitra Teknik",
    "PT Cipta Karya Nusantara",
    "CV Sumber Rejeki",
    "UD Harapan Makmur",
    "PT Bina Konstruksi Utama",
    "CV Sinar Mandiri",
    "CV Karya Abadi",
    "PT Sarana Jaya Utama",
    "CV Tunas Teknik",
    "UD Berkah Jaya",
)

# Procurement subjects of a local government; {place} is the town ("Salatiga", "Pagar Alam", "Batang").
PACKAGES = (
    "rehabilitasi gedung SD Negeri 2 {place}",
    "pengadaan alat kesehatan Puskesmas",
    "peningkatan jalan lingkungan Kecamatan {district}",
    "pengadaan laptop Dinas Pendidikan",
    "pembangunan drainase Jalan Pemuda {place}",
    "jasa konsultansi pengawasan pasar rakyat",
    "pengadaan ambulans Dinas Kesehatan",
    "pemeliharaan gedung DPRD {place}",
    "pengadaan seragam sekolah gratis",
    "rehabilitasi saluran irigasi",
)

DISTRICTS = {
    "salatiga": ("Sidorejo", "Tingkir", "Argomulyo", "Sidomukti"),
    "pagar-alam": ("Dempo Utara", "Dempo Selatan", "Pagar Alam Utara", "Pagar Alam Selatan"),
    "batang": ("Warungasem", "Limpung", "Subah", "Gringsing"),
}

# Per SOP key: subjects, {vendor}, {package}, {place}, {year} filled in; one per case, in turn.
SUBJECTS = {
    "penanganan-permasalahan-telepon": (
        "Telepon {vendor}: lupa kata sandi SPSE",
        "Telepon Pokja: dokumen penawaran gagal didekripsi",
        "Telepon {vendor}: akun penyedia terkunci",
        "Telepon PPK: paket SiRUP belum muncul di SPSE",
        "Telepon {vendor}: gagal unggah dokumen kualifikasi di SIKaP",
        "Telepon pejabat pengadaan: membuat paket pengadaan langsung",
        "Telepon {vendor}: lupa User ID",
        "Telepon {vendor}: perubahan e-mail admin penyedia",
        "Telepon PPK: penilaian kinerja penyedia di SIKaP",
    ),
    "rekrutmen-registrasi-penyedia": (
        "Registrasi {vendor} — verifikasi berkas",
        "Registrasi {vendor} — berkas diserahkan di front office",
        "Registrasi {vendor} — verifikasi ulang setelah perubahan akta",
        "Registrasi {vendor} — penyedia baru",
        "Registrasi {vendor} — pergantian admin penyedia",
    ),
    "registrasi-verifikasi": (
        "Pendaftaran {vendor} sebagai pelaku usaha",
        "Pendaftaran {vendor} — formulir keikutsertaan",
        "Pendaftaran {vendor} — berkas permohonan",
    ),
    "analisa-ketersediaan-pelaku-usaha": ("Ketersediaan penyedia: {package}",),
    "manajemen-risiko-strategis": (
        "Risiko strategis: keterlambatan tender konstruksi tahun {year}",
        "Risiko strategis: paket strategis gagal lelang",
        "Risiko strategis: kurangnya SDM pengelola pengadaan bersertifikat",
        "Risiko strategis: serapan anggaran triwulan IV",
        "Risiko strategis: ketergantungan pada satu penyedia jaringan SPSE",
        "Risiko strategis: sanggahan banding pada paket bernilai besar",
        "Risiko strategis: perubahan regulasi pengadaan tahun {year}",
    ),
    "pembinaan-pelaku-usaha": (
        "Pembinaan pelaku usaha baru triwulan I {year}",
        "Pembinaan penyedia berkinerja buruk: {vendor}",
        "Pembinaan pelaku usaha pasif di SIKaP",
        "Pembinaan usaha mikro dan kecil untuk Katalog Elektronik Lokal",
    ),
    "pencatatan-kinerja-penyedia": ("Penilaian kinerja {vendor} — {package}",),
    "pengelolaan-kinerja": (
        "Rencana dan target kinerja pengadaan tahun {year}",
        "Laporan kinerja pengadaan triwulan I {year}",
        "Laporan kinerja pengadaan semester I {year}",
        "Laporan kinerja pengadaan triwulan III {year}",
        "Laporan kinerja pengadaan tahunan {year}",
        "Rencana aksi perbaikan kinerja pengadaan OPD",
    ),
    "pengelolaan-penyedia": (
        "Pendataan penyedia jasa konstruksi kecil di {place}",
        "Pendataan penyedia barang untuk Katalog Elektronik Lokal",
        "Pendataan kinerja penyedia di SIKaP tahun {year}",
        "Pendataan penyedia jasa konsultansi",
    ),
    "pengelolaan-risiko": ("Risiko paket {package}",),
    "perencanaan-pengadaan": ("Perencanaan pengadaan: {package}",),
    "persiapan-pemilihan-penyedia": ("Persiapan pemilihan: {package}",),
    "persiapan-pengadaan": ("Persiapan pengadaan (HPS dan rancangan kontrak): {package}",),
    "proses-utama-pbj": ("Proses pengadaan: {package}",),
    "pemantauan-kinerja-pendukung-layanan": (
        "Evaluasi pendukung layanan: penyedia jaringan internet LPSE",
        "Evaluasi pendukung layanan: pemeliharaan server SPSE",
        "Evaluasi pendukung layanan: sewa colocation pusat data",
        "Evaluasi pendukung layanan: pemeliharaan UPS dan genset",
        "Evaluasi pendukung layanan: lisensi antivirus",
        "Evaluasi pendukung layanan: layanan SMS gateway helpdesk",
    ),
    "pengelolaan-pendukung-layanan": (
        "Pendukung layanan baru: penyedia jaringan internet cadangan",
        "Pembaruan data pendukung layanan: kontrak pemeliharaan server",
        "Pendukung layanan baru: sewa colocation pusat data",
        "Pembaruan data pendukung layanan: NDA teknisi jaringan",
        "Pendukung layanan baru: layanan SMS gateway helpdesk",
        "Pembaruan data pendukung layanan: kontrak lisensi antivirus",
    ),
    "usulan-pengadaan": (
        "Usulan pengadaan: UPS ruang server LPSE",
        "Usulan pengadaan: lisensi antivirus untuk komputer LPSE",
        "Usulan pengadaan: pemindai dokumen untuk front office",
        "Usulan pengadaan: penambahan kapasitas penyimpanan server",
        "Usulan pengadaan: headset untuk layanan helpdesk telepon",
        "Usulan pengadaan: perangkat firewall",
    ),
}


def place_of(organization) -> str:
    """The town: "Pemerintah Kota Pagar Alam" → "Pagar Alam"."""
    name = organization.name.removeprefix("Pemerintah ").strip()
    for prefix in ("Kota ", "Kabupaten "):
        name = name.removeprefix(prefix)
    return name


def short_title(title: str) -> str:
    """ "SOP PENGELOLAAN PENYEDIA" → "Pengelolaan penyedia"; "Prosedur Usulan Pengadaan" → "Usulan pengadaan"."""
    words = re.sub(r"^(SOP|Prosedur)\s+", "", title.strip(), flags=re.IGNORECASE).split()
    text = " ".join(words).lower()
    for upper in ("spse", "pbj", "ukpbj", "lpse", "rup"):
        text = re.sub(rf"\b{upper}\b", upper.upper(), text)
    return text[:1].upper() + text[1:]


def case_titles(organization, *, sop_key: str, sop_title: str, year: int) -> Iterator[str]:
    """Titles for the demo cases of one SOP, each different: the SOP's subjects in turn, with the organisation's own
    vendors, packages and districts."""
    place = place_of(organization)
    vendors = VENDORS.get(organization.slug, NEUTRAL_VENDORS)
    districts = DISTRICTS.get(organization.slug, ("Kota", "Utara", "Selatan", "Timur"))
    subjects = SUBJECTS.get(sop_key) or (f"{short_title(sop_title)}: {{package}}",)
    seen: set[str] = set()
    index = 0
    while True:
        package = PACKAGES[index % len(PACKAGES)].format(place=place, district=districts[index % len(districts)])
        title = subjects[index % len(subjects)].format(
            vendor=vendors[index % len(vendors)], package=package, place=place, year=year
        )
        if title in seen:  # more cases than subjects × vendors × packages: say which round it is
            title = f"{title} (tahap {index // len(subjects) + 1})"
        seen.add(title)
        index += 1
        yield title


# What made a step late, by what the step does: (words of the step, reasons). The first rule with a word that begins
# a word of the step's text (or key) applies; {activity} is the step's activity in a few words.
LATE_REASONS = (
    (
        ("mendapatkan penugasan", "terima penugasan"),
        ("Surat penugasan baru ditandatangani pimpinan sore hari; {activity} tercatat keesokan harinya.",),
    ),
    (
        ("telepon",),
        (
            "Semua saluran telepon helpdesk sedang melayani penelepon lain; telepon baru dapat diterima setelah "
            "panggilan sebelumnya selesai.",
            "Lonjakan telepon menjelang batas unggah penawaran; telepon diterima setelah antrean berkurang.",
        ),
    ),
    (
        ("nomor formulir", "tiket"),
        (
            "Solusi perlu dikonfirmasi ke helpdesk LKPP dulu; nomor formulir konsultasi dan nomor tiket diberikan "
            "setelah penelepon dihubungi kembali.",
        ),
    ),
    (
        ("identitas", "formulir konsultasi"),
        (
            "Penelepon perlu mencari User ID dan NPWP perusahaannya lebih dulu, sehingga pencatatan identitas dan "
            "permasalahan pada formulir konsultasi memakan waktu lebih lama.",
        ),
    ),
    (
        ("arsip", "mengarsipkan"),
        (
            "Petugas arsip sedang cuti; pengarsipan berkas dilakukan hari kerja berikutnya sesuai SOP Pengarsipan "
            "Berkas.",
            "Map arsip tahun berjalan penuh; pengarsipan berkas menunggu map dan label baru.",
        ),
    ),
    (
        ("ke verifikator",),
        (
            "Verifikator sedang melayani penyedia lain di ruang verifikasi; berkas diserahkan ke verifikator setelah "
            "layanan itu selesai.",
        ),
    ),
    (
        ("kelengkapan",),
        (
            "Daftar kekurangan dokumen dikonfirmasi ke verifikator dulu sebelum kelengkapan berkas diminta kepada "
            "penyedia.",
        ),
    ),
    (
        ("verifikasi", "verifikator"),
        (
            "Berkas fisik baru diterima lengkap dari penyedia menjelang sore; verifikasi dan validasi berkas "
            "dilanjutkan keesokan harinya.",
            "Verifikator sedang memverifikasi berkas penyedia lain yang datang lebih dulu; verifikasi berkas ini "
            "dikerjakan setelahnya.",
            "Data akta di berkas berbeda dengan isian online; verifikasi menunggu penyedia menunjukkan akta "
            "perubahan terakhir.",
        ),
    ),
    (
        ("menerima berkas", "berkas permohonan kepada front office"),
        (
            "Antrean penyedia di loket front office panjang; berkas permohonan baru dapat diterima setelah antrean "
            "sebelumnya dilayani.",
        ),
    ),
    (
        ("registrasi online",),
        ("Penyedia tidak ingat apakah sudah registrasi online; petugas memeriksa data registrasi di SPSE lebih dulu.",),
    ),
    (
        ("setuju", "menyetujui", "persetujuan"),
        (
            "Pejabat yang memberikan persetujuan sedang dinas luar; persetujuan diberikan setelah beliau kembali.",
            "SPSE tidak dapat diakses selama pemeliharaan server, sehingga tombol persetujuan baru dapat diklik "
            "keesokan harinya.",
        ),
    ),
    (
        ("template", "download", "unduh"),
        (
            "Situs LPSE sedang dalam pemeliharaan; template baru dapat diunduh setelah layanan pulih, sehingga "
            "{activity} tertunda.",
        ),
    ),
    (
        ("mengirimkan hasil",),
        ("Notulen rapat penilaian belum ditandatangani semua peserta; {activity} menunggu notulen final.",),
    ),
    (
        ("rapat", "sosialisasi", "arahan", "undangan"),
        (
            "Jadwal {activity} diundur karena pimpinan menghadiri rapat koordinasi di Sekretariat Daerah.",
            "Ruang rapat dipakai kegiatan lain; {activity} dijadwalkan ulang ke hari kerja berikutnya.",
        ),
    ),
    (
        ("menyusun tim",),
        ("Anggota tim belum ditetapkan pimpinan; {activity} menunggu surat tugas.",),
    ),
    (
        ("risiko", "resiko"),
        (
            "Data pendukung dari OPD pemilik risiko baru masuk setelah tenggat, sehingga {activity} tertunda.",
            "Pemilik risiko meminta tambahan waktu untuk melengkapi informasi; {activity} diselesaikan setelah "
            "informasi risiko lengkap.",
        ),
    ),
    (
        ("laporan", "rekap", "merekapitulasi", "konsolidasi", "mendokumentasikan"),
        (
            "Data dari beberapa OPD terlambat masuk, sehingga {activity} tertunda.",
            "Petugas penyusun sedang mendampingi pemeriksaan Inspektorat; {activity} diselesaikan setelahnya.",
        ),
    ),
    (
        ("pendataan",),
        (
            "Sebagian penyedia belum memperbarui datanya di SIKaP; {activity} menunggu data terbaru.",
            "Tim sedang menangani pendataan paket akhir tahun; {activity} dikerjakan setelahnya.",
        ),
    ),
    (
        ("analisa", "analisis"),
        (
            "Data yang dianalisis belum diterima lengkap dari OPD; {activity} menunggu data lengkap.",
            "Hasil analisis perlu dibahas ulang dengan Kepala UKPBJ; {activity} selesai setelah pembahasan.",
        ),
    ),
    (
        ("penilaian", "kinerja", "scoring"),
        (
            "Berita acara rapat penilaian belum ditandatangani semua pihak; {activity} menunggu tanda tangan.",
            "Nilai tiap indikator perlu dicocokkan dengan laporan pengawas pekerjaan; {activity} selesai setelah "
            "dicocokkan.",
        ),
    ),
    (
        ("melaporkan", "menyampaikan", "mengirimkan", "mengusulkan"),
        ("Pimpinan yang dituju sedang dinas luar; {activity} dilakukan setelah beliau kembali.",),
    ),
    (
        ("spse", "aplikasi", "klik", "input", "website"),
        (
            "SPSE tidak dapat diakses karena gangguan jaringan (lihat Berita Acara Gangguan); {activity} "
            "dikerjakan setelah layanan pulih.",
        ),
    ),
    (
        ("kak", "hps", "spesifikasi", "rab", "kontrak"),
        (
            "Survei harga pasar belum selesai; {activity} menunggu hasil survei.",
            "Spesifikasi teknis direvisi atas masukan PPK; {activity} dilanjutkan setelah revisi.",
        ),
    ),
    (
        ("dokumen", "menyusun", "membuat"),
        ("Bahan dari anggota tim belum lengkap; {activity} diselesaikan setelah bahan terkumpul.",),
    ),
    (
        ("pembinaan", "pendampingan", "pelaku usaha"),
        ("Sebagian pelaku usaha yang diundang berhalangan hadir; {activity} dijadwalkan ulang.",),
    ),
)
GENERAL_REASONS = (
    "Pelaksana sedang menyelesaikan pekerjaan lain yang mendesak; {activity} dikerjakan segera setelahnya.",
    "Pelaksana sedang cuti dan penggantinya baru ditunjuk; {activity} dikerjakan oleh pengganti.",
)
ACTIVITY_WORDS = 8


def activity_of(text: str) -> str:
    """The step's activity in a few words, as a sentence continues it: "Menyusun dan menyampaikan laporan …" →
    "menyusun dan menyampaikan laporan …"."""
    words = re.sub(r"\s+", " ", re.sub(r"[\"'“”]", "", text)).strip().rstrip(".").split(" ")
    short = " ".join(words[:ACTIVITY_WORDS]).rstrip(",:;")
    if len(words) > ACTIVITY_WORDS:
        short += " …"
    if short[:1].isupper() and not short[1:2].isupper():
        short = short[:1].lower() + short[1:]
    return f"kegiatan \u201c{short}\u201d"


def late_reason(*, step_key: str, step_text: str, rng) -> str:
    """A justification of a late step that fits what the step does (Peringatan clause: each deviation from the mutu
    baku is accounted for by its executor)."""
    haystack = f"{step_text} {step_key.replace('-', ' ')}".lower()
    activity = activity_of(step_text)
    for words, reasons in LATE_REASONS:
        if any(re.search(rf"\b{re.escape(word)}", haystack) for word in words):
            return rng.choice(reasons).format(activity=activity)
    return rng.choice(GENERAL_REASONS).format(activity=activity)
