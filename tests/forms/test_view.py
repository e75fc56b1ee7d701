"""The channel-neutral form view: pages of applicable fields (conditional questions when they apply), the
texts in the person's language, the current value or what was just typed, the errors at their fields."""

from __future__ import annotations

from forms.batch import apply_answers
from forms.definition import Equals, Field, FieldKind, Form
from forms.engine import FormState, new_state
from forms.parsers import Choice
from forms.text import Text
from forms.view import (
    NONE_CHOSEN,
    first_page,
    input_text,
    next_page,
    page_errors,
    page_of,
    page_view,
    pages,
    plan_page,
    resume_page,
    summary_view,
)
from tests.forms.helpers import FORM, TODAY, answers_for


def _state(form: Form, lang: str = "nb", **answers: object) -> FormState:
    state = new_state(form, lang=lang)
    state.answers = dict(answers)
    return state


SMALL = Form("small", 1, Text("Lite skjema", "Lite skjema", "Small form"), (
    Field("kind", FieldKind.CHOICE, Text("Type", en="Kind"), Text("Hvilken type?", en="Which kind?"),
          Text("Det styrer resten.", en="It decides the rest."), Text("kurs", en="course"),
          choices=(Choice("course", Text("Kurs", "Kurs", "Course")), Choice("other", Text("Annet", "Anna", "Other"))),
          ),
    Field("day", FieldKind.DATE, Text("Dato", en="Date"), Text("Når?", en="When?"), Text("Planen.", en="The plan."),
          Text("1. mars 2027", en="1 March 2027"), condition=Equals("kind", "course")),
    Field("seats", FieldKind.INTEGER, Text("Plasser", en="Seats"), Text("Hvor mange?", en="How many?"),
          Text("Omfang.", en="Size."), Text("20"), min_value=1, max_value=500),
    Field("online", FieldKind.YES_NO, Text("Digitalt", en="Online"), Text("Digitalt?", en="Online?"), Text(""),
          Text("ja", en="yes")),
    Field("topics", FieldKind.MULTI_CHOICE, Text("Tema", en="Topics"), Text("Hvilke tema?", en="Which topics?"),
          Text(""), Text("1 og 2"), optional=True,
          choices=(Choice("a", Text("Lesing", en="Reading")), Choice("b", Text("Regning", en="Maths")))),
))


def test_a_condition_on_the_same_page_starts_the_next_page() -> None:
    page = first_page(SMALL, {})
    assert page.field_ids == ("kind",)  # "day" depends on "kind": asked after it is answered
    second = next_page(SMALL, {"kind": "course"}, page.next_start, 2)
    assert second is not None and second.field_ids == ("day", "seats", "online", "topics")
    other = next_page(SMALL, {"kind": "other"}, page.next_start, 2)
    assert other is not None and other.field_ids == ("seats", "online", "topics")  # "day" does not apply


def test_pages_of_the_needs_report_follow_the_answers() -> None:
    desentral = [page.field_ids for page in pages(FORM, {"scheme": "desentralisert", "measure_type": "new"})]
    regional = [page.field_ids for page in pages(FORM, {"scheme": "regional", "measure_type": "continuing"})]
    assert desentral[0] == ("network", "scheme", "measure_type")
    assert "schools" in desentral[1] and "kindergartens" not in desentral[1]
    assert "first_grant_year" in regional[1] and "justification" not in sum(regional, ())
    assert all(len(page) <= 8 for page in desentral + regional)
    assert plan_page(FORM, {}, 0, limit=2).field_ids == ("network", "scheme")


def test_fields_in_english_with_help_example_and_choices() -> None:
    state = _state(SMALL, "en", kind="course")
    page = next_page(SMALL, state.answers, 1, 2)
    assert page is not None
    view = page_view(SMALL, state, page, TODAY)
    day, seats, online, topics = view.fields
    assert (view.title, view.lang, view.number) == ("Small form", "en", 2)
    assert (day.kind, day.label, day.question, day.help, day.example) == (
        FieldKind.DATE, "Date", "When?", "The plan.", "1 March 2027")
    assert (seats.min_value, seats.max_value, seats.required) == (1, 500, True)
    assert [option.label for option in online.choices] == ["Yes", "No"]
    assert [option.id for option in topics.choices] == ["a", "b"] and not topics.required
    assert (view.done, view.total) == (1, 5)


def test_stored_values_and_given_text_with_errors() -> None:
    state = _state(SMALL, kind="course", day="2027-03-01", seats=20, online=True, topics=["a", "b"])
    page = page_of(SMALL, ("day", "seats", "online", "topics"), 2, 1)
    stored = page_view(SMALL, state, page, TODAY)
    assert [field.text for field in stored.fields] == ["2027-03-01", "20", "", ""]
    assert [field.selected for field in stored.fields] == [(), (), ("ja",), ("a", "b")]
    raw = {"seats": "900", "online": "nei", "topics": "b", "day": "2027-03-01"}
    batch = apply_answers(SMALL, state, raw, today=TODAY)
    errors, notes = page_errors(SMALL, batch, page.field_ids, "nb")
    assert list(errors) == ["seats"] and notes == ()
    again = page_view(SMALL, batch.state, page, TODAY, given=raw, errors=errors)
    seats = again.fields[1]
    assert seats.text == "900" and seats.error == errors["seats"] and again.error_count == 1
    assert again.fields[2].selected == ("nei",) and again.fields[3].selected == ("b",)  # stored anew


def test_errors_in_the_persons_words() -> None:
    state = _state(SMALL, "nn", kind="course")
    batch = apply_answers(SMALL, state, {"seats": "mange"}, today=TODAY)
    errors, _ = page_errors(SMALL, batch, ("seats",), "nn",
                            describe=lambda _form, field_id, error, lang: f"{lang}:{field_id}:{error.code}")
    assert errors["seats"].startswith("nn:seats:")


def test_a_rule_on_another_page_goes_to_its_field_here() -> None:
    answers = {"scheme": "desentralisert", "measure_type": "new", "amount": "1 200 000", "network_share": "900 000"}
    state = _state(FORM)
    batch = apply_answers(FORM, state, answers, today=TODAY)
    errors, notes = page_errors(FORM, batch, ("amount",), "nb")
    assert (list(errors), notes) == (["amount"], ())  # the rule's target is not on the page: its field here is
    elsewhere, notes = page_errors(FORM, batch, ("title",), "nb")
    assert elsewhere == {} and len(notes) == 1


def test_input_text_turns_picks_into_answers() -> None:
    topics, online, seats = SMALL.field("topics"), SMALL.field("online"), SMALL.field("seats")
    assert input_text(topics, "a,b") == "a, b" and input_text(topics, ["b"]) == "b"
    assert input_text(topics, "") == NONE_CHOSEN and input_text(topics, None) == NONE_CHOSEN
    assert input_text(online, "true") == "ja" and input_text(online, False) == "nei"
    assert input_text(seats, "  ") is None and input_text(seats, "12") == "12" and input_text(seats, {"x": 1}) is None


def test_resume_at_the_first_missing_answer_and_the_summary() -> None:
    answers = answers_for()
    state = new_state(FORM)
    done = apply_answers(FORM, state, {key: answers[key] for key in ("network", "scheme", "measure_type", "title",
                                                                     "justification", "goals")}, today=TODAY)
    page = resume_page(FORM, done.state)
    assert "target_group" in page.field_ids and page.number == 2
    summary = summary_view(FORM, done.state)
    assert summary.title == "Behovsmelding" and not summary.complete
    title = next(item for item in summary.items if item.field == "title")
    assert title.display == "Lesing i alle fag" and not title.missing
