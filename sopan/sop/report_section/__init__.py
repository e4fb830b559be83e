"""SOP compliance's chapter of the quarterly LPSE report (Perwali Salatiga 41/2024 Pasal 7 ayat 3, Pasal 11), hook
"report_sections": build.sections."""
