"""What the accounts context brings to the platform (sopan.core.modules)."""

from sopan.accounts import policies
from sopan.core.modules import Module

MODULE = Module(capabilities=policies.CAPABILITIES)
