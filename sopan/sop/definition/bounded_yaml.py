"""YAML parsed as plain data within bounds: an SOP definition is small, so a text that nests deeply or expands
through aliases is hostile (issue 13 §5: 2,000 levels ended in RecursionError, a server error)."""

from __future__ import annotations

import functools
import pickle

import yaml
from django.utils.translation import gettext as _

# Bounds on what a definition may ask of the parser. The largest SOP of the seeds is a few hundred lines, about six
# levels deep, and uses no anchors; these leave ample room and stop hostile text before it costs memory or the stack.
MAX_TEXT_CHARS = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 50_000  # counted with every alias expanded, as the stored JSON and every reader would see them


class TooComplex(Exception):
    def __init__(self, message: str, mark=None):
        super().__init__(message)
        self.message = message
        self.mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader (plain data only) that refuses deep nesting while composing — its composer recurses once
    per level, so 2,000 levels end in RecursionError — and documents whose aliases expand past MAX_NODES (the
    "billion laughs": nine anchors of ten aliases each make 10⁹ values out of a few hundred bytes) or refer to
    themselves (a cycle that no JSON can hold)."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise TooComplex(
                    _("nested too deeply (more than %(limit)s levels)") % {"limit": MAX_DEPTH},
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            _expanded_size(node, {}, set())
        return node


def _expanded_size(node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values `node` stands for once its aliases are expanded; raises TooComplex past MAX_NODES or on a
    cycle. Each shared node is counted once and remembered, so the walk itself stays linear in the text."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise TooComplex(_("uses aliases that refer to themselves"), node.start_mark)
    open_nodes.add(key)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, sizes, open_nodes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes, open_nodes) + _expanded_size(v, sizes, open_nodes) for k, v in node.value)
    open_nodes.discard(key)
    if size > MAX_NODES:
        raise TooComplex(
            _("uses aliases that expand to more than %(limit)s values") % {"limit": MAX_NODES}, node.start_mark
        )
    sizes[key] = size
    return size


def parse(text: str):
    """The plain data of `text` (PyYAML's safe loader, bounded); raises TooComplex or yaml.YAMLError.

    The same definition is read again and again (a stored version, a catalogue file adopted by each organisation, a
    file checked then imported), and PyYAML reads in pure Python: about 50 ms for a seed SOP. The last texts read are
    remembered as pickles, and each caller gets a fresh copy it may change."""
    if len(text) > MAX_CACHED_CHARS:
        return _load(text)
    return pickle.loads(_pickled(text))  # noqa: S301 - our own pickle of plain data, never one from outside


MAX_CACHED_CHARS = 256 * 1024


@functools.lru_cache(maxsize=64)
def _pickled(text: str) -> bytes:
    return pickle.dumps(_load(text), protocol=pickle.HIGHEST_PROTOCOL)


def _load(text: str):
    return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader with bounds, see _BoundedLoader
