"""Who sees a vote's results, and when (the session's ``results_shown`` setting).

Results shown too early steer the people who have not voted yet, so a vote step's counts stay
off the room's screens until the facilitator reveals them (``StepState.revealed``) or, except
in "after_reveal", until the vote closes. With "after_vote" a participant's phone shows an
item's counts once that participant has voted on it; "live" shows everything as it comes.
Priority dots are always the participant's own to see: the budget left and where they went.
"""

from flask_babel import lazy_gettext as _l

RESULTS_LABELS = {  # the keys of models.RESULTS_SHOWN
    "after_vote": _l("après son propre vote"),
    "after_reveal": _l("quand l'animation les montre"),
    "live": _l("en direct"),
}


def public(session, state=None) -> bool:
    """The room's screens (projector, every phone) show the current step's vote results."""
    kind = session.step.kind
    state = state or session.state()
    if not kind.vote_kind or session.results_shown == "live" or state.revealed:
        return True
    return session.results_shown == "after_vote" and not state.votes_open


def listed_on_phones(kind, state) -> bool:
    """Phones show the step's items as one personal list (with their vote buttons), and the
    room's shared part shows only the step's header: each item once."""
    return bool(kind.vote_kind) and (kind.vote_kind != "priority" or state.votes_open)


def seen_after_own_vote(session) -> bool:
    """A participant's own vote shows them the counts of what they voted on."""
    return session.results_shown == "after_vote"


def phones_may_follow(session) -> bool:
    """Every phone shows the current step's counts, so each new vote changes what they show.
    (After one's own vote, a phone's counts are those of its last answer: no re-fetch of every
    phone on every vote.)"""
    return bool(session.step.kind.vote_kind) and public(session)
