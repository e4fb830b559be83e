"""The helpdesk's chapters of the quarterly LPSE report (Perwali Salatiga 41/2024 Pasal 11), hook "report_sections":
the tickets and their SLA (build.tickets, order 20) and the outages with their Berita Acara (build.outages, order 30).
"""
