"""Documents in one place: printing to PDF, the organisation's kop surat and signature blocks (DESIGN.md §3, core)."""
