"""The step kinds of the MAG and of action-research days (DESIGN §1a, §1b), registered once."""

from . import board
from .step_kinds import StepKind, register_step_kind

STEPS = "sessions/steps/"
STORY = "chosen_story"  # what a step that analyses the chosen story needs first

# A story is chosen, told and analysed once per MAG sequence; an action-research day may hold
# several sequences (the recherche-action method's "mag-sequence" addition), each with its story.
for _kind in (
    # The day's opening, added on the shaping page: the method and its steps, the theme's note
    # (a research group's session), the confidentiality charter, then a round in which everyone
    # introduces themselves, aloud: nothing of it is written down.
    StepKind("opening", speaking_order=True, once=True, template=STEPS + "opening.html",
             content=board.opening),
    StepKind("collect_stories", "story", "all", needs_title=True, revealed_on_entry=False,
             template=STEPS + "collect_stories.html"),
    StepKind("choose_story", vote_kind="story_choice", vote_on="story", votes_open_on_entry=True,
             revealed_on_entry=False,
             needs=("story",),
             template=STEPS + "choose_story.html", console_template=STEPS + "choose_story_console.html",
             content=board.story_choice),
    StepKind("narration", "narration", "narrator", staff_kind="narration", private_kind="private_note",
             needs=(STORY,),
             template=STEPS + "narration.html", content=board.narration),
    StepKind("collect_enjeux", "enjeu", "all", needs=(STORY,), template=STEPS + "story_items.html"),
    StepKind("questions", "question", "others", needs=(STORY,), template=STEPS + "story_items.html"),
    StepKind("interpretation_round", "interpretation", "others", revealed_on_entry=False,
             speaking_order=True, needs=(STORY,), template=STEPS + "interpretation_round.html"),
    StepKind("narrator_reaction", "narrator_reaction", "narrator", staff_kind="narrator_reaction",
             needs=(STORY,),
             template=STEPS + "narrator_reaction.html"),
    StepKind("positioning", vote_kind="agreement", vote_on="interpretation", votes_open_on_entry=True,
             revealed_on_entry=False,
             needs=("interpretation",),
             template=STEPS + "positioning.html"),
    StepKind("convergences", "finding", "all", staff_kind="finding", positions_board=True,
             needs=("positions",), wording=True, console_template=STEPS + "wording_console.html",
             template=STEPS + "convergences.html"),
    StepKind("theory", "problem", "all", staff_kind="theory", template=STEPS + "theory.html",
             content=board.theory),
    StepKind("proposals", "proposal", "all", needs_level=True, vote_kind="priority", vote_on="proposal",
             revealed_on_entry=False,
             template=STEPS + "proposals.html", content=board.ranking),
    StepKind("evaluation", "evaluation", "all", questionnaire=True, once=True,
             template=STEPS + "evaluation.html"),
    # Action research (DESIGN §1b): findings (the theme's initial ones, or those carried from the
    # group's previous session) that the group completes and positions itself on, and visions to
    # a horizon year, positioned the same way; once positioned, the group words each of them in
    # the same step (``sessions.wording``), as the MAG does in its convergences step.
    StepKind("diagnostic", "finding", "all", staff_kind="finding", vote_kind="agreement", vote_on="finding",
             revealed_on_entry=False, wording=True, console_template=STEPS + "wording_console.html",
             template=STEPS + "positioned_items.html"),
    # Good practices the group identifies while it makes its diagnosis (the source reports'
    # "bonnes pratiques identifiées"), carried into the synthesis and the reports.
    StepKind("good_practices", "good_practice", "all", staff_kind="good_practice",
             template=STEPS + "good_practices.html"),
    StepKind("visions", "vision", "all", staff_kind="vision", vote_kind="agreement", vote_on="vision",
             revealed_on_entry=False, wording=True, console_template=STEPS + "wording_console.html",
             template=STEPS + "positioned_items.html"),
):
    register_step_kind(_kind)
