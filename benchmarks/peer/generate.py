"""Build the peer's data set: drop and recreate the `helpdesk_peer` database, migrate django-helpdesk, and fill it with
N tickets of an Indonesian procurement helpdesk (SPSE, SiRUP, e-Katalog, accounts) with 1–4 follow-ups each.

Run with the peer's venv (benchmarks/peer/setup.sh makes it):

    benchmarks/peer/.venv/bin/python benchmarks/peer/generate.py --tickets 20000

Writes benchmarks/results/peer-dataset-<N>.json: counts, the time of each phase and the database size.

Speed: the reference rows (users, queues, mail templates) go through Django; tickets, follow-ups and their change
records are streamed by COPY on three connections at once, so that PostgreSQL ingests while Python generates (two
cores). The bulk tables' secondary indexes and foreign keys are dropped before the load and recreated after it (a
sorted build and one validating join instead of millions of index insertions and deferred trigger events), each table
is truncated and loaded with COPY FREEZE in one transaction (no VACUUM rewrite of every page afterwards), and the
database is analysed at the end, as a long-running installation would be.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

PEER_DIR = Path(__file__).resolve().parent
REPO_DIR = PEER_DIR.parent.parent
sys.path.insert(0, str(PEER_DIR / "project"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")

AGENT_USERNAME = "agent"
PASSWORD = "bench-2026"
SPAN_DAYS = 730  # created dates spread over two years up to now
BULK_TABLES = ("helpdesk_ticket", "helpdesk_followup", "helpdesk_ticketchange")
NULL = "\\N"  # NULL in COPY's text format

# Status values of django-helpdesk (helpdesk/settings.py): 1 open, 2 reopened, 3 resolved, 4 closed, 5 duplicate.
OPEN, REOPENED, RESOLVED, CLOSED, DUPLICATE = 1, 2, 3, 4, 5
STATUS_NAME = {OPEN: "Open", REOPENED: "Reopened", RESOLVED: "Resolved", CLOSED: "Closed", DUPLICATE: "Duplicate"}
# Mostly closed. A ticket of the last 90 days is often still being handled; an older one is almost always done.
RECENT_DAYS = 90
RECENT_MIX = [(OPEN, 0.40), (REOPENED, 0.05), (RESOLVED, 0.20), (CLOSED, 0.33), (DUPLICATE, 0.02)]
OLD_MIX = [(OPEN, 0.01), (RESOLVED, 0.03), (CLOSED, 0.92), (DUPLICATE, 0.04)]
PRIORITY_MIX = [(1, 0.05), (2, 0.15), (3, 0.60), (4, 0.15), (5, 0.05)]
FOLLOWUPS_MIX = [(1, 0.20), (2, 0.35), (3, 0.30), (4, 0.15)]

# --- Text ---------------------------------------------------------------------------------------------------------
# {kode}: an 8-digit package or RUP code, {tahun}: a budget year. Every queue has its own problems.
QUEUES = [
    {
        "slug": "spse",
        "title": "SPSE",
        "weight": 0.50,
        "subjects": [
            "Tidak bisa login ke SPSE, muncul pesan User ID atau password salah",
            "Lupa kata sandi akun SPSE penyedia",
            "Gagal unggah dokumen penawaran paket {kode}",
            "Dokumen penawaran paket {kode} tidak bisa dibuka Pokja Pemilihan",
            "Jadwal tahapan tender paket {kode} tidak bisa diubah",
            "Apendo gagal mengenkripsi dokumen penawaran paket {kode}",
            "Penyedia tidak menerima e-mail aktivasi akun SPSE",
            "Tombol Kirim Penawaran tidak muncul pada paket {kode}",
            "Sanggahan paket {kode} tidak bisa dikirim melalui SPSE",
            "Berita acara hasil pemilihan paket {kode} tidak bisa diunduh",
            "Error 500 saat membuka halaman paket {kode} di SPSE",
            "Sertifikat elektronik kedaluwarsa, tidak bisa tanda tangan di SPSE",
            "Data kualifikasi SIKaP tidak tersinkron ke SPSE",
            "Pokja tidak bisa membuat paket baru dari RUP {kode}",
            "Evaluasi penawaran paket {kode} tidak tersimpan",
        ],
        "details": [
            "Saat menekan tombol simpan muncul pesan galat dan halaman kembali ke awal.",
            "Sudah dicoba dengan Chrome dan Firefox, hasilnya sama.",
            "Batas waktu pemasukan penawaran tinggal dua hari lagi, mohon segera dibantu.",
            "Di layar muncul tulisan 'Terjadi kesalahan pada sistem, silakan hubungi admin LPSE'.",
            "Dokumen berukuran 18 MB dalam format PDF dan sudah dienkripsi ulang.",
            "Kami sudah mengganti kata sandi tetapi tetap tidak bisa masuk.",
        ],
    },
    {
        "slug": "sirup",
        "title": "SiRUP",
        "weight": 0.20,
        "subjects": [
            "Paket RUP {kode} tidak muncul di SPSE",
            "Gagal mengumumkan RUP tahun anggaran {tahun}",
            "Perubahan pagu paket RUP {kode} tidak tersimpan di SiRUP",
            "Akun PA/KPA SiRUP terkunci",
            "Data program dan kegiatan dari SIPD belum masuk SiRUP",
            "Paket swakelola {kode} terduplikasi di SiRUP",
            "Tidak bisa menghapus paket RUP {kode} yang sudah diumumkan",
            "Sumber dana paket RUP {kode} salah, mohon dikoreksi",
            "Revisi RUP {kode} setelah perubahan APBD tidak bisa disimpan",
        ],
        "details": [
            "Paket sudah diumumkan di SiRUP sejak minggu lalu tetapi belum bisa dipilih saat membuat paket.",
            "Pagu anggaran sudah sesuai DPA, namun SiRUP menolak dengan pesan validasi.",
            "Kami memerlukan perbaikan ini sebelum batas pengumuman RUP akhir bulan.",
            "Akun dikelola oleh admin RUP perangkat daerah yang sudah mutasi.",
            "Kode RUP yang tampil berbeda dengan yang tercantum pada surat penetapan.",
        ],
    },
    {
        "slug": "ekatalog",
        "title": "e-Katalog",
        "weight": 0.20,
        "subjects": [
            "Produk tidak tampil di e-Katalog setelah tayang",
            "Gagal membuat paket e-purchasing {kode}",
            "Harga produk di e-Katalog lokal belum diperbarui",
            "Penyedia tidak bisa menyetujui paket pesanan {kode}",
            "Status pengiriman paket e-Katalog {kode} tidak berubah",
            "Pengajuan produk ke Katalog Elektronik Lokal ditolak tanpa keterangan",
            "PPK tidak bisa mengunduh surat pesanan paket {kode}",
            "Negosiasi harga paket e-Katalog {kode} tidak bisa dilanjutkan",
        ],
        "details": [
            "Produk sudah disetujui pengelola katalog tetapi tidak muncul di pencarian.",
            "Pesanan tertahan di status menunggu persetujuan penyedia lebih dari seminggu.",
            "Harga yang tampil masih harga tahun lalu, padahal kontrak katalog sudah diperpanjang.",
            "Saat mengunduh surat pesanan yang keluar hanya halaman kosong.",
            "Penyedia sudah mengirim barang, tetapi PPK belum bisa mengonfirmasi penerimaan.",
        ],
    },
    {
        "slug": "akun",
        "title": "Akun dan Layanan LPSE",
        "weight": 0.10,
        "subjects": [
            "Permohonan reset akun PPK",
            "Verifikasi dokumen pendaftaran akun penyedia baru",
            "Perubahan data perusahaan (akta, NIB) di SPSE",
            "Permintaan pelatihan penggunaan SPSE untuk pejabat pengadaan",
            "Akun Pokja dinonaktifkan setelah mutasi pegawai",
            "Permintaan surat keterangan aktif akun penyedia",
            "Penggabungan dua akun penyedia dengan NPWP yang sama",
        ],
        "details": [
            "Dokumen persyaratan sudah kami unggah dan aslinya akan dibawa ke kantor LPSE.",
            "Mohon informasi jadwal verifikasi tatap muka di kantor LPSE.",
            "Pegawai yang bersangkutan sudah mendapat SK baru sebagai pejabat pengadaan.",
            "Kami memerlukan surat ini untuk persyaratan kualifikasi tender di daerah lain.",
        ],
    },
]
OPENINGS = [
    "Selamat pagi, saya {peran} dari {instansi}.",
    "Selamat siang admin LPSE, saya {peran} di {instansi}.",
    "Mohon bantuan, kami {peran} dari {instansi}.",
    "Dengan hormat, saya {peran} pada {instansi}.",
]
CONTEXTS = [
    "Kejadian sejak kemarin sore, sudah dicoba ulang beberapa kali.",
    "Masalah muncul sejak pagi ini sekitar pukul 08.30 WIB.",
    "Kode paket: {kode}, tahun anggaran {tahun}.",
    "Tangkapan layar pesan galat kami kirim menyusul melalui e-mail.",
]
CLOSINGS = [
    "Terima kasih atas bantuannya.",
    "Mohon segera ditindaklanjuti, terima kasih.",
    "Atas perhatiannya kami ucapkan terima kasih.",
]
ROLES = ["penyedia", "PPK", "pejabat pengadaan", "anggota Pokja Pemilihan", "PA/KPA", "admin PPE", "bendahara"]
AGENCIES = [
    "Dinas Pekerjaan Umum dan Penataan Ruang Kota Salatiga",
    "Dinas Kesehatan Kota Salatiga",
    "RSUD Kota Salatiga",
    "Bagian Pengadaan Barang dan Jasa Setda Kota Salatiga",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Perhubungan",
    "Kecamatan Sidorejo",
    "CV Maju Jaya",
    "PT Sinar Abadi Konstruksi",
    "CV Karya Mandiri Sejahtera",
    "PT Mitra Teknologi Nusantara",
    "UD Sumber Rejeki",
]
AGENT_REPLIES = [
    "Mohon kirimkan tangkapan layar pesan galat beserta kode paketnya.",
    "Silakan hapus cache dan cookie browser, lalu coba kembali.",
    "Akun sudah kami reset, kata sandi sementara dikirim ke e-mail terdaftar.",
    "Kami teruskan ke tim LKPP untuk pengecekan lebih lanjut.",
    "Jadwal tahapan sudah disesuaikan oleh admin PPE, silakan dicek kembali.",
    "Mohon datang ke kantor LPSE dengan membawa dokumen asli untuk verifikasi.",
    "Paket RUP sudah kami tarik ulang, silakan buat paket kembali di SPSE.",
]
REPORTER_REPLIES = [
    "Sudah saya coba, tetapi masih gagal.",
    "Berikut kami lampirkan tangkapan layarnya.",
    "Baik, akan kami coba besok pagi.",
    "Terima kasih, sekarang sudah bisa.",
]
RESOLUTIONS = [
    "Akun penyedia direset dan sudah bisa login kembali.",
    "Paket RUP ditarik ulang dari SiRUP; paket sudah muncul di SPSE.",
    "Dokumen berhasil diunggah setelah ukuran file diperkecil di bawah 10 MB.",
    "Jadwal tahapan diperbaiki oleh admin PPE sesuai persetujuan PPK.",
    "Masalah berasal dari server LKPP dan sudah dipulihkan.",
    "Produk sudah tayang kembali setelah data harga diperbarui penyedia.",
    "Pelapor diarahkan untuk mengikuti pelatihan SPSE gelombang berikutnya.",
]
FIRST_NAMES = [
    "budi", "siti", "agus", "dewi", "rina", "andi", "wahyu", "sri", "joko", "yuni",
    "eko", "fitri", "hendra", "nur", "rizky", "putri", "bambang", "lestari", "dedi", "ratna",
]  # fmt: skip
LAST_NAMES = [
    "santoso", "rahayu", "wibowo", "pratama", "hidayat", "saputra", "kurniawan", "wulandari",
    "susanto", "setiawan", "nugroho", "permata", "halim", "gunawan", "purnomo",
]  # fmt: skip
DOMAINS = ["gmail.com", "yahoo.co.id", "salatiga.go.id", "outlook.com", "majujaya.co.id", "sinarabadi.co.id"]
AGENTS = [
    # username, first name, last name; the first is the benchmark's agent.
    (AGENT_USERNAME, "Agen", "Benchmark"),
    ("rina.lpse", "Rina", "Wulandari"),
    ("bayu.lpse", "Bayu", "Pratama"),
    ("sari.lpse", "Sari", "Nugroho"),
]
REPORTER_USERNAME = "reporter"  # an ordinary (not staff) user, for pages of a logged-in reporter


def copy_text(value: str) -> str:
    """Escape a value for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def cumulative(mix):
    total, out = 0.0, []
    for value, weight in mix:
        total += weight
        out.append((total, value))
    return out


def pick(cum, r):
    for threshold, value in cum:
        if r < threshold:
            return value
    return cum[-1][1]


def timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(int(seconds), UTC).strftime("%Y-%m-%d %H:%M:%S+00")


# --- Database -----------------------------------------------------------------------------------------------------
def connect(settings_db, dbname=None, autocommit=False):
    import psycopg

    return psycopg.connect(
        dbname=dbname or settings_db["NAME"],
        user=settings_db["USER"] or None,
        password=settings_db["PASSWORD"] or None,
        host=settings_db["HOST"] or None,
        port=settings_db["PORT"] or None,
        autocommit=autocommit,
    )


def recreate_database(settings_db):
    from psycopg import sql

    with connect(settings_db, dbname="postgres", autocommit=True) as conn:
        name = sql.Identifier(settings_db["NAME"])
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def detach_indexes(conn):
    """Drop the bulk tables' foreign keys and secondary indexes; return the statements that recreate them."""
    fks = conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        [list(BULK_TABLES)],
    ).fetchall()
    indexes = conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid::regclass::text = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [list(BULK_TABLES)],
    ).fetchall()
    for table, name, _definition in fks:
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        conn.execute(f"DROP INDEX {name}")
    conn.commit()
    return [definition for _name, definition in indexes], [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in fks
    ]


def table_columns(conn, table):
    return [
        row[0]
        for row in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
    ]


# --- Reference rows, through Django ---------------------------------------------------------------------------------
def create_reference_data():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sites.models import Site
    from helpdesk.models import Queue

    Site.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1", "name": "Helpdesk LPSE (peer)"})
    User = get_user_model()
    password = make_password(PASSWORD)  # one hash for every account: each costs PBKDF2's full work
    agents = [
        User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@lpse.salatiga.go.id",
            is_staff=True,
            password=password,
        )
        for username, first, last in AGENTS
    ]
    User.objects.create(username=REPORTER_USERNAME, email="reporter@majujaya.co.id", password=password)
    queues = [
        Queue.objects.create(
            title=q["title"],
            slug=q["slug"],
            email_address=f"{q['slug']}@lpse.salatiga.go.id",
            allow_public_submission=True,
            allow_email_submission=False,
        )
        for q in QUEUES
    ]
    return [a.pk for a in agents], [q.pk for q in queues]


# --- Bulk rows, through COPY ----------------------------------------------------------------------------------------
TICKET_COLUMNS = (
    "id", "title", "queue_id", "created", "modified", "submitter_email", "assigned_to_id", "status", "on_hold",
    "description", "resolution", "priority", "due_date", "last_escalation", "secret_key", "kbitem_id", "merged_to_id",
)  # fmt: skip
FOLLOWUP_COLUMNS = (
    "id", "ticket_id", "date", "title", "comment", "public", "user_id", "new_status", "message_id", "time_spent",
    "email_recipients",
)  # fmt: skip
CHANGE_COLUMNS = ("id", "followup_id", "field", "old_value", "new_value")


def load_bulk(settings_db, *, tickets, agent_ids, queue_ids, seed, now, chunk_rows=20_000):
    """Stream tickets, follow-ups and status changes into three COPYs at once; return the row counts."""
    rng = random.Random(seed)
    r = rng.random
    randrange = rng.randrange
    choice = rng.choice
    status_recent, status_old = cumulative(RECENT_MIX), cumulative(OLD_MIX)
    priorities, followup_counts = cumulative(PRIORITY_MIX), cumulative(FOLLOWUPS_MIX)
    queue_cum = cumulative([(i, q["weight"]) for i, q in enumerate(QUEUES)])
    subjects = [[copy_text(s) for s in q["subjects"]] for q in QUEUES]
    details = [[copy_text(s) for s in q["details"]] for q in QUEUES]
    openings = [copy_text(s) for s in OPENINGS]
    contexts = [copy_text(s) for s in CONTEXTS]
    closings = [copy_text(s) for s in CLOSINGS]
    agent_replies = [copy_text(s) for s in AGENT_REPLIES]
    reporter_replies = [copy_text(s) for s in REPORTER_REPLIES]
    resolutions = [copy_text(s) for s in RESOLUTIONS]
    agencies = [copy_text(s) for s in AGENCIES]
    submitters = max(50, tickets // 6)  # a reporter writes about six times in two years
    end = now.timestamp()
    start = end - SPAN_DAYS * 86400
    step = (end - start) / tickets
    recent_from = end - RECENT_DAYS * 86400
    agent_strs = [str(a) for a in agent_ids]
    queue_strs = [str(q) for q in queue_ids]

    tickets_sql = f"COPY helpdesk_ticket ({', '.join(TICKET_COLUMNS)}) FROM STDIN WITH (FREEZE)"
    followups_sql = f"COPY helpdesk_followup ({', '.join(FOLLOWUP_COLUMNS)}) FROM STDIN WITH (FREEZE)"
    changes_sql = f"COPY helpdesk_ticketchange ({', '.join(CHANGE_COLUMNS)}) FROM STDIN WITH (FREEZE)"

    def _stream_rows(t_copy, f_copy, c_copy):
        t_rows, f_rows, c_rows = [], [], []
        followup_id = change_id = 0

        for ticket_id in range(1, tickets + 1):
            created = start + (ticket_id - 1) * step + r() * step
            status = pick(status_recent if created >= recent_from else status_old, r())
            q = pick(queue_cum, r())
            kode = f"{randrange(10_000_000, 99_999_999)}"
            tahun = str(2024 + (ticket_id * 2 // max(tickets, 1)))
            title = choice(subjects[q]).replace("{kode}", kode).replace("{tahun}", tahun)
            description = "\\n\\n".join(
                (
                    choice(openings).replace("{peran}", choice(ROLES)).replace("{instansi}", choice(agencies)),
                    choice(details[q]),
                    choice(contexts).replace("{kode}", kode).replace("{tahun}", tahun),
                    choice(closings),
                )
            )
            n = randrange(1, submitters + 1)
            submitter = f"{FIRST_NAMES[n % 20]}.{LAST_NAMES[n % 15]}{n}@{DOMAINS[n % 6]}"
            done = status in (RESOLVED, CLOSED, DUPLICATE)
            assigned = choice(agent_strs) if done or r() < 0.6 else NULL
            followups = pick(followup_counts, r())
            if done or status == REOPENED:
                followups = max(followups, 2)  # opened, then the change of status
            public_web = r() < 0.7  # most reports come in through the public form

            # Follow-ups: the opening one, replies, and for a finished ticket the change of status last.
            when = created
            f_rows.append(
                f"{followup_id + 1}\t{ticket_id}\t{timestamp(when)}\t"
                f"{'Ticket Opened Via Web' if public_web else 'Ticket Opened'}\t{description}\tt\t"
                f"{NULL if public_web else choice(agent_strs)}\t\\N\t\\N\t\\N\t\\N\n"
            )
            followup_id += 1
            for k in range(1, followups):
                when = min(when + 600 + r() * 86400 * 2, end)  # no reply from the future
                last = k == followups - 1
                if last and status != OPEN:
                    new_status = status
                    comment = choice(resolutions) if done else choice(reporter_replies)
                    f_rows.append(
                        f"{followup_id + 1}\t{ticket_id}\t{timestamp(when)}\t{STATUS_NAME[status]}\t{comment}\tt\t"
                        f"{assigned if assigned != NULL else choice(agent_strs)}\t{new_status}\t\\N\t\\N\t\\N\n"
                    )
                    followup_id += 1
                    change_id += 1
                    c_rows.append(f"{change_id}\t{followup_id}\tStatus\tOpen\t{STATUS_NAME[status]}\n")
                elif k % 2:
                    f_rows.append(
                        f"{followup_id + 1}\t{ticket_id}\t{timestamp(when)}\tUpdated\t{choice(agent_replies)}\tt\t"
                        f"{choice(agent_strs)}\t\\N\t\\N\t\\N\t\\N\n"
                    )
                    followup_id += 1
                else:
                    f_rows.append(
                        f"{followup_id + 1}\t{ticket_id}\t{timestamp(when)}\tE-Mail Received\t"
                        f"{choice(reporter_replies)}\tt\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                    )
                    followup_id += 1

            resolution = choice(resolutions) if done else NULL
            due = timestamp(created + 3 * 86400) if r() < 0.2 else NULL
            t_rows.append(
                f"{ticket_id}\t{title}\t{queue_strs[q]}\t{timestamp(created)}\t{timestamp(when)}\t{submitter}\t"
                f"{assigned}\t{status}\tf\t{description}\t{resolution}\t{pick(priorities, r())}\t{due}\t\\N\t"
                f"{uuid.UUID(int=rng.getrandbits(128), version=4)}\t\\N\t\\N\n"
            )
            if len(t_rows) >= chunk_rows:
                t_copy.write("".join(t_rows))
                f_copy.write("".join(f_rows))
                c_copy.write("".join(c_rows))
                t_rows.clear(), f_rows.clear(), c_rows.clear()
        t_copy.write("".join(t_rows))
        f_copy.write("".join(f_rows))
        c_copy.write("".join(c_rows))
        return {"tickets": tickets, "followups": followup_id, "ticket_changes": change_id}

    conns = [connect(settings_db) for _ in range(3)]
    try:
        for conn, table in zip(conns, BULK_TABLES, strict=True):
            conn.execute("SET synchronous_commit = off")
            # FREEZE needs the table emptied in the COPY's own transaction; CASCADE only reaches the empty tables
            # that still reference it (the bulk tables' own foreign keys are detached).
            conn.execute(f"TRUNCATE {table} CASCADE")
        with (
            conns[0].cursor().copy(tickets_sql) as t_copy,
            conns[1].cursor().copy(followups_sql) as f_copy,
            conns[2].cursor().copy(changes_sql) as c_copy,
        ):
            counts = _stream_rows(t_copy, f_copy, c_copy)
        for conn in conns:
            conn.commit()
    finally:
        for conn in conns:
            conn.close()
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000, help="number of tickets (default 20000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--output", type=Path, help="result file (default benchmarks/results/peer-dataset-<N>.json)")
    args = parser.parse_args(argv)
    if args.tickets < 1:
        parser.error("--tickets must be at least 1")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings_db = settings.DATABASES["default"]
    phases: dict[str, float] = {}

    @contextlib.contextmanager
    def phase(name):
        began = time.perf_counter()
        yield
        phases[name] = round(time.perf_counter() - began, 2)
        print(f"{name}: {phases[name]:.2f} s", flush=True)

    began = time.perf_counter()
    now = datetime.now(UTC).replace(microsecond=0)
    with phase("recreate_database"):
        connection.close()
        recreate_database(settings_db)
    with phase("migrate"):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddata", "emailtemplate", verbosity=0)  # docs/install.rst step 8: the e-mail templates
    with phase("reference_data"):
        agent_ids, queue_ids = create_reference_data()
    connection.close()

    with connect(settings_db) as conn:
        for table, columns in (
            ("helpdesk_ticket", TICKET_COLUMNS),
            ("helpdesk_followup", FOLLOWUP_COLUMNS),
            ("helpdesk_ticketchange", CHANGE_COLUMNS),
        ):
            # A new django-helpdesk release with other columns must fail here, not load rows into the wrong ones.
            missing = set(table_columns(conn, table)) ^ set(columns)
            if missing:
                raise SystemExit(f"{table}: columns differ from this generator's: {sorted(missing)}")
        with phase("detach_indexes"):
            create_indexes, add_fks = detach_indexes(conn)

    with phase("copy_rows"):
        counts = load_bulk(
            settings_db, tickets=args.tickets, agent_ids=agent_ids, queue_ids=queue_ids, seed=args.seed, now=now
        )

    with connect(settings_db, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        with phase("create_indexes"):
            for statement in create_indexes:
                conn.execute(statement)
        with phase("add_foreign_keys"):
            for statement in add_fks:
                conn.execute(statement)
        for table in BULK_TABLES:
            # Table names are this module's constants, not input.
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
        with phase("vacuum_analyze"):
            conn.execute("VACUUM (ANALYZE)")
        total = round(time.perf_counter() - began, 2)
        by_status = dict(conn.execute("SELECT status, count(*) FROM helpdesk_ticket GROUP BY status ORDER BY status"))
        by_queue = dict(
            conn.execute(
                "SELECT q.slug, count(*) FROM helpdesk_ticket t JOIN helpdesk_queue q ON q.id = t.queue_id "
                "GROUP BY q.slug ORDER BY q.slug"
            )
        )
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        table_sizes = dict(
            conn.execute(
                "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname = ANY(%s)", [list(BULK_TABLES)]
            )
        )
        server = conn.execute("SHOW server_version").fetchone()[0]
        submitters = conn.execute("SELECT count(DISTINCT submitter_email) FROM helpdesk_ticket").fetchone()[0]
        created_range = conn.execute("SELECT min(created), max(created) FROM helpdesk_ticket").fetchone()

    result = {
        "peer": "django-helpdesk 2.6.1",
        "database": settings_db["NAME"],
        "postgresql": server,
        "generated_at": now.isoformat(),
        "seed": args.seed,
        "counts": {
            **counts,
            "followups_per_ticket": round(counts["followups"] / counts["tickets"], 2),
            "tickets_by_status": {STATUS_NAME[s].lower(): c for s, c in by_status.items()},
            "tickets_by_queue": by_queue,
            "distinct_submitters": submitters,
            "agents": len(agent_ids),
            "queues": len(queue_ids),
        },
        "created_from": created_range[0].isoformat(),
        "created_to": created_range[1].isoformat(),
        "seconds": {"total": total, **phases},
        "tickets_per_second": round(counts["tickets"] / phases["copy_rows"]),
        "database_bytes": size,
        "database_size": f"{size / 2**20:.1f} MiB",
        "table_bytes": table_sizes,
        "login": {"agent": {"username": AGENT_USERNAME, "password": PASSWORD}, "reporter": REPORTER_USERNAME},
    }
    output = args.output or REPO_DIR / "benchmarks" / "results" / f"peer-dataset-{args.tickets}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"{counts['tickets']} tickets, {counts['followups']} follow-ups in {total:.1f} s; {result['database_size']}")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
