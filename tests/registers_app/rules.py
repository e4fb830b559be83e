"""The register's permissions as `rules` predicates scoped by organisation (found by rules' autodiscovery).

Held by roles of the code's catalogue, so the test does not depend on how capabilities are granted: the Kepala LPSE
manages the register, the verifier only reads it, the others see nothing."""

import rules

VIEWERS = frozenset({"lpse_head", "verifier"})
MANAGERS = frozenset({"lpse_head"})


def _organization_id(obj):
    return obj.pk if obj._meta.label == "accounts.Organization" else obj.organization_id


@rules.predicate
def in_same_organization(user, obj=None) -> bool:
    if user.organization_id is None:
        return False
    return obj is None or _organization_id(obj) == user.organization_id


def holds(codes):
    @rules.predicate(name=f"holds:{','.join(sorted(codes))}")
    def predicate(user) -> bool:
        return user.is_active and bool(set(user.role_codes) & codes)

    return predicate


rules.add_perm("registers_app.view_risk", rules.is_authenticated & holds(VIEWERS) & in_same_organization)
rules.add_perm("registers_app.manage_risk", rules.is_authenticated & holds(MANAGERS) & in_same_organization)
