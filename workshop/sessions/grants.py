"""Roles in a session that a context above grants without a staff row.

A session's staff are its ``StaffRole`` rows. A higher context may know people who hold a role
there by its own rules (the forum: every researcher of its project runs each of its ateliers
like the forum's creator). It adds a *grant* when it is imported; ``WorkshopSession.roles_of``,
which every route and the live rooms ask, counts what the grants give, so no check elsewhere
needs to know about forums or projects."""

_grants: list = []


def add_role_grant(grant) -> None:
    """Add ``grant(session, user) -> set of roles`` (once); ``user`` is logged in."""
    if grant not in _grants:
        _grants.append(grant)


def granted_roles(session, user) -> set[str]:
    """What every grant gives ``user`` in ``session``."""
    roles: set[str] = set()
    for grant in _grants:
        roles |= grant(session, user)
    return roles
