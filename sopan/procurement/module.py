"""What procurement brings to the platform (sopan.core.modules): its capabilities and demo packages. Pages, stage
transitions with their SOP steps, documents and OCDS come with the next parts of issue 17."""

from sopan.core.modules import Module
from sopan.procurement import policies

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    demo="sopan.procurement.demo.seed",
)
