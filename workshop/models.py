"""Every model in one import, for Alembic and the shell."""

from .accounts import User
from .contributions import Contribution, ContributionRevision, Vote
from .forum import Forum, ForumAnswer, ForumAtelier, ForumVerdict
from .notes import Note
from .participants import Participant
from .projects import Project, Theme, WorkshopGroup
from .registration import Registration
from .sessions import StaffRole, StepState, WorkshopSession

__all__ = ["Contribution", "ContributionRevision", "Forum", "ForumAnswer", "ForumAtelier", "ForumVerdict",
           "Note", "Participant", "Project", "Registration",
           "StaffRole", "StepState", "Theme", "User", "Vote", "WorkshopGroup", "WorkshopSession"]
