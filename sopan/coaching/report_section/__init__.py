"""Training's chapter of the quarterly LPSE report (Perwali Salatiga 41/2024 Pasal 8 ayat 2 huruf d, Pasal 11), hook
"report_sections": build.sections."""
