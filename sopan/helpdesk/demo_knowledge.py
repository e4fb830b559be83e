"""Demo knowledge of the helpdesk (issue 14 §4): for each demo organisation, FAQ articles as an LPSE helpdesk writes
them, the canned answers its agents insert into replies, and announcements — an outage closed with its Berita Acara
Gangguan, a maintenance window that ended, and one planned.

Everything is made through the knowledge and announcement services by the organisation's helpdesk agent, so the
permission checks, validation and audit trail are those of a person doing it. The texts name the organisation itself
(its LPSE, its web address, its office), never another one. Idempotent per kind: an organisation that already has
articles, canned answers or announcements keeps them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from sopan.core.selectors import calendar_for
from sopan.helpdesk.announcements import services as announcements
from sopan.helpdesk.knowledge import services as knowledge
from sopan.helpdesk.models import Announcement, Application, Article, CannedAnswer


@dataclass(frozen=True)
class Office:
    """How the demo texts name an organisation's LPSE."""

    name: str  # Pemerintah Kota Salatiga
    place: str  # Kota Salatiga
    lpse: str  # LPSE Kota Salatiga
    website: str  # lpse.salatigakota.go.id
    email: str  # lpse@salatigakota.go.id
    address: str
    zone: str  # WIB, WITA or WIT

    def fill(self, text: str) -> str:
        return text.format(
            name=self.name,
            place=self.place,
            lpse=self.lpse,
            website=self.website,
            email=self.email,
            address=self.address,
            zone=self.zone,
        )


ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def office_for(organization) -> Office:
    """The LPSE of `organization`: its website and e-mail as the organisation's identity records them (the demo's are
    .invalid addresses), else as its own web address would name it (lpse.<town>kota.go.id, lpse.<town>kab.go.id, as
    Indonesian local governments' domains are)."""
    place = organization.name.removeprefix("Pemerintah ").strip()
    town = organization.slug.replace("-", "")
    if place.startswith("Kota "):
        domain = f"{town}kota.go.id"
    elif place.startswith("Kabupaten "):
        domain = f"{town}kab.go.id"
    else:
        domain = f"{town}.go.id"
    return Office(
        name=organization.name,
        place=place,
        lpse=f"LPSE {place}",
        website=(organization.website.removeprefix("https://").removeprefix("http://").rstrip("/") or f"lpse.{domain}"),
        email=organization.email or f"lpse@{domain}",
        address=organization.address or f"Kantor {place}",
        zone=ZONE_NAMES.get(organization.timezone, "WIB"),
    )


# (question, application, audience, answer); the Office fields in braces ({lpse}, {website} …) are filled in.
ARTICLES = (
    (
        "Saya lupa kata sandi (password) akun SPSE. Bagaimana cara mengaturnya ulang?",
        Application.SPSE,
        Article.Audience.PUBLIC,
        'Buka https://{website}, pilih Masuk, lalu klik tautan "Lupa Password". Masukkan User ID Anda; SPSE '
        "mengirim tautan pengaturan ulang kata sandi ke alamat e-mail yang terdaftar.\n\n"
        "Tautan hanya berlaku beberapa jam. Bila e-mail tidak datang, periksa folder spam, lalu pastikan alamat "
        "e-mail perusahaan yang terdaftar masih aktif.\n\n"
        "Bila alamat e-mail tersebut sudah tidak dapat dipakai, kata sandi tidak dapat diatur ulang lewat e-mail: "
        "admin penyedia datang ke {lpse} membawa KTP asli dan surat permohonan perubahan e-mail bermeterai.",
    ),
    (
        "Saya lupa User ID SPSE perusahaan saya",
        Application.SPSE,
        Article.Audience.PUBLIC,
        "User ID dikirim SPSE ke e-mail perusahaan saat pendaftaran disetujui; cari e-mail dari {website} dengan "
        'kata "User ID".\n\n'
        'Bila tidak ditemukan, hubungi helpdesk {lpse} melalui telepon, e-mail {email} atau formulir "Laporkan '
        'masalah" di halaman ini, dengan menyebutkan nama perusahaan, NPWP dan nama admin. Demi keamanan, User ID '
        "hanya kami kirimkan ke alamat e-mail yang terdaftar di SPSE.",
    ),
    (
        "Akun SPSE saya terkunci setelah beberapa kali salah memasukkan kata sandi",
        Application.SPSE,
        Article.Audience.PUBLIC,
        "SPSE mengunci akun sementara setelah beberapa kali gagal masuk. Tunggu sekitar 30 menit, lalu masuk lagi "
        'dengan kata sandi yang benar atau gunakan "Lupa Password".\n\n'
        "Bila akun tetap tidak dapat dipakai, laporkan ke helpdesk {lpse} dengan menyebutkan User ID dan waktu "
        "terakhir Anda mencoba masuk.",
    ),
    (
        "Dokumen apa saja yang harus dibawa untuk verifikasi pendaftaran penyedia?",
        Application.SPSE,
        Article.Audience.PUBLIC,
        "Setelah mendaftar secara online di https://{website}, bawa ke loket {lpse} ({address}):\n"
        "1. Formulir Pendaftaran dan Formulir Keikutsertaan yang sudah diisi dan ditandatangani;\n"
        "2. KTP asli pimpinan perusahaan dan admin penyedia;\n"
        "3. NPWP perusahaan dan NIB (Nomor Induk Berusaha) asli;\n"
        "4. Akta pendirian dan akta perubahan terakhir beserta pengesahannya;\n"
        "5. Surat Penunjukan Admin dan, bila yang datang bukan pimpinan perusahaan, Surat Kuasa bermeterai.\n\n"
        "Semua dokumen dibawa asli beserta satu rangkap fotokopi. Verifikator mencocokkan dokumen asli dengan data "
        "yang Anda isikan secara online; berkas yang belum lengkap dikembalikan untuk dilengkapi.",
    ),
    (
        "Kapan dan di mana verifikasi berkas dilakukan?",
        Application.SPSE,
        Article.Audience.PUBLIC,
        "Verifikasi dilakukan di front office {lpse}, {address}, pada hari kerja pukul 08.00–15.00 {zone}, sesuai "
        "jadwal yang Anda pilih saat mendaftar. Datanglah tepat waktu dan bawa bukti jadwal.\n\n"
        "Petugas front office menerima berkas dan memberikan tanda terima; verifikator memeriksa berkas paling "
        "lambat satu hari kerja. Hasilnya dikirim ke e-mail yang Anda daftarkan.",
    ),
    (
        "Bagaimana cara mengubah data perusahaan (alamat, pengurus, e-mail) di SPSE?",
        Application.SIKAP,
        Article.Audience.PUBLIC,
        "Data kualifikasi (izin usaha, pengurus, tenaga ahli, pengalaman) diperbarui sendiri oleh admin penyedia "
        "di SIKaP.\n\n"
        "Perubahan data identitas yang sudah diverifikasi — nama perusahaan, NPWP, alamat e-mail, admin penyedia — "
        "harus diverifikasi ulang: ajukan perubahan melalui akun Anda, lalu bawa dokumen asli yang mendasarinya "
        "(misalnya akta perubahan) ke {lpse}.",
    ),
    (
        "Tidak bisa masuk SPSE: muncul pesan galat atau halaman tidak terbuka",
        Application.SPSE,
        Article.Audience.PUBLIC,
        "Periksa dulu halaman Pengumuman ini: bila ada gangguan atau pemeliharaan layanan {lpse}, kami "
        "mengumumkannya di sini.\n\n"
        "Bila tidak ada pengumuman: gunakan peramban terbaru (Chrome, Firefox atau Edge), hapus cache dan cookie, "
        "pastikan jam komputer Anda tepat, dan akses alamat resmi https://{website}.\n\n"
        "Bila masih gagal, laporkan ke helpdesk dengan tangkapan layar pesan galatnya, jam kejadian dan kode tender "
        "bila sedang mengikuti tender.",
    ),
    (
        "Penawaran saya gagal diunggah menjelang batas akhir. Apa yang harus dilakukan?",
        Application.SPSE,
        Article.Audience.PUBLIC,
        "Unggah penawaran jauh sebelum batas akhir: penawaran yang terlambat tidak dapat diterima sistem.\n\n"
        "Bila unggahan gagal karena gangguan di sisi {lpse}, laporkan segera melalui telepon atau formulir dengan "
        "kode tender dan tangkapan layar. Gangguan yang terbukti dicatat dalam Berita Acara Gangguan, dan Pokja "
        "Pemilihan dapat mengubah jadwal tender dengan merujuk Berita Acara tersebut. Gangguan pada koneksi atau "
        "perangkat penyedia sendiri bukan alasan perubahan jadwal.",
    ),
    (
        "Bagaimana cara menjadi penyedia di e-Katalog atau Toko Daring?",
        Application.EKATALOG,
        Article.Audience.PUBLIC,
        "Penyedia harus sudah terdaftar dan terverifikasi di SPSE. Untuk Katalog Elektronik Lokal {place}, ikuti "
        "pengumuman pencantuman produk yang dimuat di https://{website}; untuk katalog nasional dan sektoral, "
        "pendaftaran dilakukan melalui portal e-Katalog LKPP.\n\n"
        "Pertanyaan tentang etalase produk, harga tayang dan pesanan dapat disampaikan ke helpdesk {lpse}; "
        "masalah teknis aplikasi e-Katalog kami teruskan ke LKPP.",
    ),
    (
        "Paket yang sudah diumumkan di SiRUP belum muncul saat membuat paket di SPSE",
        Application.SIRUP,
        Article.Audience.PUBLIC,
        "Paket SiRUP tersedia di SPSE setelah RUP diumumkan dan disinkronkan, biasanya dalam satu hari kerja. "
        "Pastikan paket diumumkan oleh PA/KPA yang benar, dengan satuan kerja dan tahun anggaran yang sama.\n\n"
        "Bila lebih dari satu hari kerja belum muncul, kirimkan kode RUP dan tangkapan layar halaman paket di SiRUP "
        "ke helpdesk {lpse}.",
    ),
    (
        "Langkah petugas mengatur ulang e-mail admin penyedia (khusus petugas {lpse})",
        Application.SPSE,
        Article.Audience.STAFF,
        "1. Minta KTP asli admin dan surat permohonan perubahan e-mail bermeterai yang ditandatangani pimpinan "
        "perusahaan.\n"
        "2. Cocokkan nama dan NIK dengan data penyedia di SPSE; bila berbeda, perubahan admin harus diverifikasi "
        "ulang.\n"
        "3. Ubah e-mail di menu Penyedia SPSE dan catat nomor tiket di kolom keterangan.\n"
        '4. Minta penyedia langsung menggunakan "Lupa Password" di hadapan petugas.\n'
        "5. Arsipkan surat permohonan bersama berkas penyedia.",
    ),
)

# (name agents see in the list, text inserted into the reply)
CANNED_ANSWERS = (
    (
        "Atur ulang kata sandi",
        'Kata sandi SPSE dapat diatur ulang sendiri melalui menu "Lupa Password" di https://{website}. Tautan '
        "pengaturan ulang dikirim ke e-mail perusahaan yang terdaftar; periksa juga folder spam.",
    ),
    (
        "Syarat dokumen verifikasi",
        "Untuk verifikasi, mohon bawa ke front office {lpse} dokumen asli beserta fotokopinya: Formulir "
        "Pendaftaran dan Keikutsertaan, KTP pimpinan dan admin, NPWP, NIB, akta pendirian dan perubahan terakhir, "
        "Surat Penunjukan Admin, serta Surat Kuasa bila diwakilkan.",
    ),
    (
        "Minta tangkapan layar",
        "Agar dapat kami periksa, mohon kirimkan tangkapan layar pesan galat yang muncul, jam kejadian, peramban "
        "yang dipakai, dan kode tender bila masalah terjadi saat mengikuti tender.",
    ),
    (
        "Diteruskan ke LKPP",
        "Permasalahan ini berada di luar kewenangan {lpse} dan telah kami teruskan ke helpdesk LKPP. Kami akan "
        "menyampaikan jawabannya kepada Anda melalui tiket ini.",
    ),
    (
        "Penutup dan konfirmasi",
        "Terima kasih telah menghubungi helpdesk {lpse}. Bila solusi di atas sudah menyelesaikan masalah Anda, "
        "mohon konfirmasi melalui tautan tiket; bila belum, balas pesan ini dan kami akan membantu lebih lanjut.",
    ),
    (
        "Jam layanan front office",
        "Front office {lpse} melayani pada hari kerja pukul 08.00–15.00 {zone} di {address}. Di luar jam tersebut, "
        "laporan dapat dikirim melalui formulir daring atau e-mail {email}.",
    ),
)


def _agent(organization):
    return organization.users.filter(role_assignments__role="helpdesk_agent", is_active=True).order_by("pk").first()


def ensure_knowledge(organization) -> dict[str, int]:
    """FAQ articles (published), canned answers and announcements of `organization`, each kind made once. Returns how
    many of each were made by this call."""
    agent = _agent(organization)
    if agent is None:
        return {"articles": 0, "canned_answers": 0, "announcements": 0}
    office = office_for(organization)
    return {
        "articles": _ensure_articles(organization, office, agent),
        "canned_answers": _ensure_canned_answers(organization, office, agent),
        "announcements": _ensure_announcements(organization, office, agent),
    }


def _ensure_articles(organization, office: Office, agent) -> int:
    if Article.objects.filter(organization=organization).exists():
        return 0
    for title, application, audience, body in reversed(ARTICLES):  # the list shows the newest first
        with transaction.atomic():  # written and published, as the desk does
            article = knowledge.article_create(
                organization=organization,
                title=office.fill(title),
                body=office.fill(body),
                application=application,
                audience=audience,
                by=agent,
            )
            knowledge.article_publish(article=article, by=agent)
    return len(ARTICLES)


def _ensure_canned_answers(organization, office: Office, agent) -> int:
    if CannedAnswer.objects.filter(organization=organization).exists():
        return 0
    for title, body in CANNED_ANSWERS:
        knowledge.canned_answer_create(organization=organization, title=title, body=office.fill(body), by=agent)
    return len(CANNED_ANSWERS)


def _working_day_before(calendar, day: dt.date) -> dt.date:
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _ensure_announcements(organization, office: Office, agent) -> int:
    """An outage closed with its Berita Acara Gangguan, a maintenance that ended, and one planned (Perwali Salatiga
    41/2024 Pasal 9 ayat 4; annex 2.6.4 b)."""
    if Announcement.objects.filter(organization=organization).exists():
        return 0
    zone = zoneinfo.ZoneInfo(organization.timezone)
    calendar = calendar_for(organization)
    today = timezone.localdate(timezone=zone)

    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), zone)

    # The past ones are announced and closed at the time they happened (so the Berita Acara is dated that day).
    outage_day = _working_day_before(calendar, today - dt.timedelta(days=9))
    _demo_outage(organization, office, agent, at, outage_day)
    maintenance_day = today - dt.timedelta(days=23)
    while maintenance_day.weekday() != 5:  # a Saturday evening, when no tender closes
        maintenance_day -= dt.timedelta(days=1)
    _demo_maintenance(organization, office, agent, at, maintenance_day)
    planned_day = today + dt.timedelta(days=5)
    while planned_day.weekday() != 5:
        planned_day += dt.timedelta(days=1)
    _demo_planned(organization, office, agent, at, planned_day)
    return 3


def _demo_outage(organization, office: Office, agent, at, day: dt.date) -> None:
    """An outage of the SPSE, closed with its Berita Acara on the day it happened."""
    with freeze_time(at(day, 9, 25)), transaction.atomic():
        outage = announcements.announcement_create(
            organization=organization,
            kind=Announcement.Kind.OUTAGE,
            title=office.fill("Gangguan akses SPSE {lpse}"),
            body=office.fill(
                "Sejak pukul 09.10 {zone}, SPSE {lpse} tidak dapat diakses dari luar jaringan pemerintah daerah. "
                "Tim teknis sedang menangani gangguan ini.\n\n"
                "Penyedia yang gagal mengunggah dokumen penawaran pada tender yang terdampak diminta menyimpan "
                "tangkapan layar sebagai bukti. Pokja Pemilihan akan menyesuaikan jadwal dengan merujuk Berita "
                "Acara Gangguan."
            ),
            services="SPSE (e-Tendering, e-Non Tender)",
            affected_tenders="10124026\n10131026",
            started_at=at(day, 9, 10),
            expected_end_at=at(day, 13),
            by=agent,
        )
    with freeze_time(at(day, 12, 10)), transaction.atomic():
        announcements.announcement_close(
            announcement=outage,
            ended_at=at(day, 11, 45),
            cause=office.fill(
                "Penyebab: putusnya kabel serat optik penyedia jaringan internet antara pusat data {name} dan "
                "jaringan internet nasional akibat pekerjaan galian jalan.\n"
                "Tindakan: lalu lintas SPSE dialihkan ke jalur cadangan pukul 11.30 {zone} dan kabel diperbaiki "
                "penyedia jaringan; akses pulih pukul 11.45 {zone}. Log server disimpan sebagai bukti."
            ),
            by=agent,
        )


def _demo_maintenance(organization, office: Office, agent, at, day: dt.date) -> None:
    """A planned maintenance on a Saturday evening, announced three days before and ended early."""
    with freeze_time(at(day - dt.timedelta(days=3), 10)), transaction.atomic():
        maintenance = announcements.announcement_create(
            organization=organization,
            kind=Announcement.Kind.MAINTENANCE,
            title=office.fill("Pemeliharaan server SPSE {lpse}"),
            body=office.fill(
                "SPSE {lpse} tidak dapat diakses selama pemeliharaan dan pembaruan server. Mohon tidak "
                "menjadwalkan unggah dokumen pada jam tersebut."
            ),
            services="SPSE, SIKaP",
            started_at=at(day, 20),
            expected_end_at=at(day, 23),
            by=agent,
        )
    with freeze_time(at(day, 22, 50)), transaction.atomic():
        announcements.announcement_close(
            announcement=maintenance,
            ended_at=at(day, 22, 40),
            cause=office.fill(
                "Pemeliharaan terjadwal: pembaruan sistem operasi dan basis data server SPSE {lpse}, serta uji "
                "pemulihan cadangan. Selesai lebih awal dari rencana; layanan normal pukul 22.40 {zone}."
            ),
            by=agent,
        )


def _demo_planned(organization, office: Office, agent, at, day: dt.date) -> None:
    """A maintenance of the data centre's network still to come."""
    with transaction.atomic():
        announcements.announcement_create(
            organization=organization,
            kind=Announcement.Kind.MAINTENANCE,
            title=office.fill("Pemeliharaan jaringan pusat data {name}"),
            body=office.fill(
                "Jaringan pusat data {name} akan dipelihara. Selama pemeliharaan, SPSE {lpse} dan layanan "
                "helpdesk daring tidak dapat diakses; layanan telepon tetap buka pada hari kerja berikutnya."
            ),
            services="SPSE, helpdesk daring",
            started_at=at(day, 21),
            expected_end_at=at(day + dt.timedelta(days=1), 1),
            by=agent,
        )
