"""The FAQ article's status machine (issue 15 §3): draft ⇄ published, each move audited under its literal code.
The services in `knowledge/services.py` take them."""

from __future__ import annotations

from sopan.core.workflow import Transition, Workflow
from sopan.helpdesk import policies
from sopan.helpdesk.models import Article

S = Article.Status

ARTICLE_FLOW = Workflow(
    field="status",
    transitions=[
        Transition(
            "publish",
            source=(S.DRAFT,),
            target=S.PUBLISHED,
            allowed=policies.can_manage_knowledge,
            audit="helpdesk.article.published",
        ),
        Transition(
            "unpublish",
            source=(S.PUBLISHED,),
            target=S.DRAFT,
            allowed=policies.can_manage_knowledge,
            audit="helpdesk.article.unpublished",
        ),
    ],
)
