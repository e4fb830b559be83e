"""Registration and verification's chapter of the quarterly LPSE report (Perwali Salatiga 41/2024 Pasal 3 ayat 2
huruf b, Pasal 11), hook "report_sections": build.sections."""
