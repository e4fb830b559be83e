"""What the SOP engine brings to the platform (sopan.core.modules).

Minimal for now: the hook through which the workflow helper has a transition's SOP steps recorded."""

from sopan.core.modules import Module

MODULE = Module(hooks={"steps_done": "sopan.sop.api.record_steps_hook"})
