def memberships(request):
    """The signed-in person's memberships, for the context switcher in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .access import memberships_of
    from .views.people import active_membership

    return {"my_memberships": memberships_of(user), "active_membership": active_membership(request)}
