"""OCDS 1.1.5 for procurement packages: the release builder, offline validation against the bundled official schema,
and the writer that the `export_ocds` command and the public endpoint call (issue 17 §7)."""
