"""Realistic data at the scale of a city's LPSE or of the whole nation, for the benchmarks (issue "Benchmarks at
national scale", part 1). Not a test: it makes a PostgreSQL database and reports how long that took.

    make bench-data SCALE=kota          # 1 organisation, 5,000 vendors, 20,000 tickets, 200,000 step records
    make bench-data SCALE=nasional      # 600 organisations, 1,000,000 vendors, 3,000,000 tickets, 10,000,000
    .venv/bin/python -m benchmarks.datagen --scale kota --database sopan_bench_mine
    .venv/bin/python -m benchmarks.datagen.verify --database sopan_bench_kota     # checks with the project's code

The database (default `sopan_bench_<scale>`) is dropped and made anew, migrated and filled; the timings, row counts
and sizes go to `benchmarks/results/dataset-<scale>.json`. Staff log in as `<org slug>.helpdesk`,
`<org slug>.verifikator`, `<org slug>.kepala.lpse` … with the password `bench-2026` and the TOTP key
`sopan.accounts.demo.demo_totp_key(username)` (`manage.py demo_totp <user ID>` prints a code); vendors as
`<org slug without dashes>.penyedia<n>`.

Modules: `setup` (the template organisation through the services, copied for the others), `traces` (SOP step
sequences recorded by the real engine), `registrations` and `vendors`, `helpdesk` and `problems`, `cases` (cases and
step records), `clock` (working time at speed), `bulk` (COPY), `database` (indexes and keys taken apart and put back),
`people`, `identity` and `regions` (Indonesian names, NIK/NPWP/NIB, provinces and regencies), `report`, `verify`.
"""
