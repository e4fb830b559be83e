def can_see_examples(user) -> bool:
    """A vendor's administrator sees the example pages; nobody else does."""
    return user.is_authenticated and "vendor_admin" in user.role_codes
