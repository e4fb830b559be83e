"""The demo criteria and risk library (data only; demo.py writes them).

The seeds name the criteria ("Kriteria dampak dan probabilitas", "Risk tolerance") but print none: the scales, the
appetite, the tolerance and the levels below are a common 5 × 5 scheme of Indonesian government risk registers, set
per organisation by its coordinator. # UNVERIFIED: every number here (scales, appetite 4, tolerance 8, level
thresholds 1/5/10/15/20) is demo data, not a figure of the seeds or a regulation.

The seeds print no example risks either: the library's entries follow the SOP's Keterkaitan (planning, preparation,
selection, contract, vendor management) and the LPSE's services, written for the demo.
"""

LIKELIHOOD = ["Hampir tidak terjadi", "Jarang terjadi", "Kadang-kadang terjadi", "Sering terjadi",
              "Hampir pasti terjadi"]  # fmt: skip
IMPACT = ["Tidak signifikan", "Minor", "Moderat", "Signifikan", "Sangat signifikan"]
LEVELS = [
    {"key": "very_low", "label": "Sangat Rendah", "minimum": 1, "colour": "#4caf50"},
    {"key": "low", "label": "Rendah", "minimum": 5, "colour": "#cddc39"},
    {"key": "medium", "label": "Sedang", "minimum": 10, "colour": "#ffeb3b"},
    {"key": "high", "label": "Tinggi", "minimum": 15, "colour": "#ff9800"},
    {"key": "very_high", "label": "Sangat Tinggi", "minimum": 20, "colour": "#e53935"},
]
SERVICE_IMPACT = ["Tidak berdampak pada layanan", "Layanan melambat", "Sebagian layanan terhenti < 1 hari",
                  "Layanan terhenti 1–3 hari", "Layanan terhenti > 3 hari / data hilang"]  # fmt: skip
CRITERIA = {
    "procurement": {"name": "Kriteria Risiko Pengadaan Barang/Jasa", "likelihood_labels": LIKELIHOOD,
                    "impact_labels": IMPACT, "appetite": 4, "tolerance": 8, "levels": LEVELS,
                    "source": "SOP Pengelolaan Risiko, Peralatan: Kriteria dampak dan probabilitas (contoh demo)"},
    "service": {"name": "Kriteria Risiko Layanan LPSE", "likelihood_labels": LIKELIHOOD,
                "impact_labels": SERVICE_IMPACT, "appetite": 4, "tolerance": 8, "levels": LEVELS,
                "source": "Standar LPSE: pengelolaan risiko layanan (contoh demo)"},
}  # fmt: skip

LIBRARY = [
    ("procurement", "Perencanaan", "Kebutuhan barang/jasa tidak sesuai dengan rencana kerja perangkat daerah",
     "Identifikasi kebutuhan tidak didasarkan pada analisis kebutuhan", "Anggaran terserap untuk barang yang tidak "
     "dibutuhkan", "Reviu RUP oleh APIP", "Analisis kebutuhan bersama PPK sebelum RUP diumumkan"),
    ("procurement", "Persiapan", "HPS tidak wajar (terlalu tinggi atau terlalu rendah)",
     "Survei harga pasar tidak memadai", "Kerugian negara atau tender gagal", "Reviu HPS oleh Pokja",
     "Survei harga minimal tiga sumber dan dokumentasikan"),
    ("procurement", "Persiapan", "Spesifikasi teknis mengarah ke merek tertentu",
     "Spesifikasi disalin dari brosur penyedia", "Persaingan tidak sehat, sanggah dan pengaduan",
     "Reviu spesifikasi oleh Pokja", "Gunakan spesifikasi fungsional dan kinerja"),
    ("procurement", "Pemilihan", "Tender gagal karena tidak ada penawaran yang memenuhi syarat",
     "Persyaratan kualifikasi berlebihan atau jadwal terlalu singkat", "Pekerjaan terlambat dimulai",
     "Analisis ketersediaan pelaku usaha", "Sesuaikan persyaratan dengan pasar; perpanjang jadwal"),
    ("procurement", "Pelaksanaan Kontrak", "Keterlambatan penyelesaian pekerjaan",
     "Penyedia kekurangan tenaga atau peralatan", "Manfaat pekerjaan tertunda, denda", "Rapat persiapan pelaksanaan",
     "Pengendalian kontrak mingguan dan teguran tertulis"),
    ("service", "Layanan SPSE", "Layanan SPSE tidak dapat diakses",
     "Gangguan server, jaringan atau listrik", "Tahapan tender terhambat, pengaduan penyedia",
     "UPS dan genset, pemantauan server", "Rencana pemulihan layanan dan uji cadangan berkala"),
    ("service", "Registrasi", "Akun penyedia disalahgunakan pihak lain",
     "Verifikasi identitas tidak teliti, kata sandi dibagi", "Penawaran palsu, sengketa",
     "Verifikasi berkas asli", "Verifikasi tatap muka dan edukasi keamanan akun"),
]  # fmt: skip
