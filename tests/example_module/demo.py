"""The example module's demo data: it remembers which organisations it was asked to seed (the proof reads it)."""

SEEDED: list[str] = []


def seed(organization) -> None:
    if organization.slug not in SEEDED:
        SEEDED.append(organization.slug)
