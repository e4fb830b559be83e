"""What the sop context brings to the platform (sopan.core.modules)."""

from sopan.core.modules import Module
from sopan.sop import policies

MODULE = Module(capabilities=policies.CAPABILITIES)
