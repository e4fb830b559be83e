"""What the vendors context brings to the platform (sopan.core.modules)."""

from sopan.core.modules import Module
from sopan.vendors import policies

MODULE = Module(capabilities=policies.CAPABILITIES)
