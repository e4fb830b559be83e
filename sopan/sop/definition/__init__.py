"""An SOP as data: the Permen PANRB 35/2012 format (identity block, lanes, steps with their mutu baku), loaded from
and written to YAML, and validated with errors that name the file, the step and the field.

This package is pure Python (no database): the catalogue files, the import screen, the renderer and the runner all
read the same `Definition`. `docs/sop-format.md` describes the file format with an example.

Flow:
- a step goes on to `next` (one step key), or to several at once (`next: [a, b]`, a parallel split);
- a decision (`symbol: decision`) has `exits`, at least two, each with a printed label ("Ya", "Tidak", "a", "b" …)
  and a target, which may lie before it (a loop: "kembali ke langkah 2");
- a step marked `join: true` opens only when no other step of the case is still open (the parallel branches met);
- an end terminator (`symbol: end`) has no successor; every other step must have one.
"""

from .catalogue import CATALOGUE_DIR, catalogue_files, load_catalogue
from .loader import ANY_ROLE, IDENTITY_FIELDS, LANE_FIELDS, STEP_FIELDS, TOP_FIELDS, from_data, load_file, load_yaml
from .model import (
    FORMAT,
    KEY_RE,
    LIST_FIELDS,
    NO_TIME_TEXTS,
    Definition,
    DefinitionError,
    Exit,
    Identity,
    Lane,
    Person,
    Problem,
    Related,
    Severity,
    Step,
    Symbol,
    TimeUnit,
    Waktu,
    diff,
    parse_time,
)
from .waktu import Period, parent_step, relative_phrase

__all__ = [
    "ANY_ROLE",
    "CATALOGUE_DIR",
    "FORMAT",
    "IDENTITY_FIELDS",
    "KEY_RE",
    "LANE_FIELDS",
    "LIST_FIELDS",
    "NO_TIME_TEXTS",
    "STEP_FIELDS",
    "TOP_FIELDS",
    "Definition",
    "DefinitionError",
    "Exit",
    "Identity",
    "Lane",
    "Period",
    "Person",
    "Problem",
    "Related",
    "Severity",
    "Step",
    "Symbol",
    "TimeUnit",
    "Waktu",
    "catalogue_files",
    "diff",
    "from_data",
    "load_catalogue",
    "load_file",
    "load_yaml",
    "parent_step",
    "parse_time",
    "relative_phrase",
]
