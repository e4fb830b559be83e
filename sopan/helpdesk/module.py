"""What the helpdesk context brings to the platform (sopan.core.modules)."""

from sopan.core.modules import Module
from sopan.helpdesk import policies

MODULE = Module(capabilities=policies.CAPABILITIES)
