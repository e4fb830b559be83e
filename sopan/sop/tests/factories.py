"""Test data for the SOP engine: small definitions, versions in force, cases."""

from __future__ import annotations

import textwrap

from sopan.sop import definition as d
from sopan.sop.models import SopVersion
from sopan.sop.services import versions

# A small SOP with every kind of flow: a decision with a loop back, working-time and working-day standards,
# a step without a standard, requirements, and a lane recorded by the helpdesk for an outside party.
SMALL = textwrap.dedent(
    """
    format: sopan-sop/1
    key: uji-verifikasi
    identity:
      organization: PEMERINTAH KOTA SALATIGA
      unit: LPSE
      number: SOP-UJI-001
      title: SOP Uji Verifikasi
      approved_by: {position: Kepala LPSE}
      related:
      - {title: SOP Penanganan Telepon, sop: penanganan-permasalahan-telepon}
    lanes:
    - {key: pemohon, name: Pelaku Usaha, roles: [vendor_admin], recorded_by: [registration_officer]}
    - {key: petugas, name: Petugas Registrasi, roles: [registration_officer]}
    - {key: verifikator, name: Verifikator, roles: [verifier]}
    steps:
    - {key: ajukan, number: '1', text: Mengajukan berkas, symbol: start, lanes: [pemohon], time: N/A, next: terima}
    - key: terima
      number: '2'
      text: Menerima berkas
      symbol: process
      lanes: [petugas]
      requirements: [Formulir pendaftaran, KTP direktur]
      time: 15 menit
      output: Tanda terima
      next: periksa
    - key: periksa
      number: '3'
      text: Apakah berkas lengkap dan sesuai?
      symbol: decision
      lanes: [verifikator]
      time: 1 hari
      exits: [{label: Ya, to: setujui}, {label: Tidak, to: lengkapi}]
    - key: lengkapi
      number: '4'
      text: Melengkapi berkas
      symbol: process
      lanes: [pemohon]
      time: 3 hari
      next: periksa
    - {key: setujui, number: '5', text: Menyetujui akun, symbol: end, lanes: [verifikator], time: 2 jam}
    """
)


# A vendor registration SOP with the steps the `vendor_registration` procedure needs (the domain API's tests).
REGISTRATION = """
format: sopan-sop/1
key: registrasi
identity: {title: SOP Registrasi Uji, approved_by: {position: Kepala LPSE}}
lanes:
- {key: petugas, name: Petugas Registrasi, roles: [registration_officer]}
- {key: verifikator, name: Verifikator, roles: [verifier]}
steps:
- {key: terima-berkas, number: '1', text: Menerima berkas, symbol: start, lanes: [petugas], next: verifikasi-berkas}
- key: verifikasi-berkas
  number: '2'
  text: Apakah berkas sesuai?
  symbol: decision
  lanes: [verifikator]
  exits: [{label: Ya, to: setujui}, {label: Tidak, to: minta-kelengkapan}]
- key: minta-kelengkapan
  number: '3'
  text: Minta kelengkapan
  symbol: process
  lanes: [verifikator]
  next: verifikasi-berkas
- {key: setujui, number: '4', text: SETUJU, symbol: process, lanes: [verifikator], next: arsipkan}
- {key: arsipkan, number: '5', text: Arsipkan, symbol: end, lanes: [verifikator], time: 15 menit}
"""


def definition(text: str = SMALL) -> d.Definition:
    return d.load_yaml(text, source="test")


def effective_version(organization, text: str = SMALL) -> SopVersion:
    """Import, submit, approve and put into force (as the system, like the demo loader)."""
    version = versions.sop_import(organization=organization, text=text, by=None)
    versions.version_submit(version=version, by=None)
    versions.version_approve(version=version, by=None)
    return versions.version_make_effective(version=version, by=None)
