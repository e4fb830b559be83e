"""An SOP as data: the Permen PANRB 35/2012 format (identity block, lanes, steps with their mutu baku), loaded from
and written to YAML, and validated with errors that name the file, the step and the field.

This package is pure Python (no database): the catalogue files, the import screen, the renderer and the runner all
read the same `Definition`. `docs/sop-format.md` describes the file format with an example.

Flow:
- a step goes on to `next` (one step key), or to several at once (`next: [a, b]`, a parallel split);
- a decision (`symbol: decision`) has `exits`, at least two, each with a printed label ("Ya", "Tidak", "a", "b" …)
  and a target, which may lie before it (a loop: "kembali ke langkah 2");
- a step marked `join: true` opens only when no other step of the case is still open (the parallel branches met);
- an end terminator (`symbol: end`) has no successor; every other step must have one;
- a decision's exit without a target (`{label: Tidak}`) ends the procedure there (a warning, printed as an end).

`check_yaml`/`check_data` read an incomplete file as far as it goes: the best definition and every problem at
once (a draft keeps them); `load_yaml`/`from_data` raise `DefinitionError` when there is any error.
"""

from .catalogue import CATALOGUE_DIR, catalogue_files, load_catalogue
from .loader import (
    ANY_ROLE,
    IDENTITY_FIELDS,
    LANE_FIELDS,
    STEP_FIELDS,
    TOP_FIELDS,
    check_data,
    check_yaml,
    from_data,
    load_file,
    load_yaml,
)
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
    json_safe,
    parse_time,
    raw_yaml,
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
    "check_data",
    "check_yaml",
    "diff",
    "from_data",
    "json_safe",
    "load_catalogue",
    "load_file",
    "load_yaml",
    "parent_step",
    "parse_time",
    "raw_yaml",
    "relative_phrase",
]
