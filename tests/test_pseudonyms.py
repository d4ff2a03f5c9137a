"""Pseudonyms a group can tell apart: look-alikes join once, invisible characters are refused,
and a refused pseudonym keeps what the person typed on the join form."""

import pytest
from conftest import join

from workshop.core.errors import ActionError
from workshop.core.extensions import db
from workshop.sessions.models import Participant
from workshop.sessions.pseudonyms import clean_pseudonym, distinct_pseudonym, pseudonym_key


@pytest.mark.parametrize("look_alike", ["MARIE", "marie", "Mаrie", "Ｍarie", "Marie ", "Mаrіe"])
def test_look_alikes_share_a_key(look_alike):
    assert pseudonym_key(clean_pseudonym(look_alike)) == pseudonym_key("Marie")


@pytest.mark.parametrize("other", ["Mario", "Maria", "Zoé", "Marie 2"])
def test_different_names_keep_different_keys(other):
    assert pseudonym_key(other) != pseudonym_key("Marie")


@pytest.mark.parametrize("hidden", ["Mar\u200bie", "\u2067Marie\u2069", "Ma\u202erie", "Mar\u00adie",
                                    "Ma\u0000rie", "Marie\ufeff", "Ma\u2028rie"])
def test_invisible_and_direction_characters_are_refused(hidden):
    with pytest.raises(ActionError) as refused:
        clean_pseudonym(hidden)
    assert refused.value.status == 400


def test_compatibility_forms_and_spaces_are_normalised():
    assert clean_pseudonym("  Ｌｕｎｅ   bleue ") == "Lune bleue"
    assert clean_pseudonym("ﬁlou") == "filou"


def test_given_pseudonyms_are_numbered_past_look_alikes():
    taken: set[str] = set()
    assert [distinct_pseudonym(name, taken) for name in ("Marie", "MARIE", "Mаrie", "Paul")] == \
        ["Marie", "MARIE 2", "Mаrie 3", "Paul"]


def test_a_look_alike_gets_a_409_on_the_form_with_the_profile_kept(app, mag):
    join(app, mag, "Marie")
    client = app.test_client()
    answer = client.post(f"/join/{mag.join_code}", data={
        "pseudonym": "Mаrie", "organisation": "CPAS d'Ixelles", "service": "ssg",
        "hierarchy": "front_line"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "déjà pris" in page
    assert 'value="Mаrie"' in page and "CPAS d&#39;Ixelles" in page
    assert '<option selected value="ssg">' in page or 'value="ssg" selected' in page
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 1


def test_an_invisible_character_is_refused_on_the_form(app, mag):
    answer = app.test_client().post(f"/join/{mag.join_code}", data={"pseudonym": "\u2067Lune\u2069"})
    assert answer.status_code == 400
    assert "invisibles" in answer.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 0
