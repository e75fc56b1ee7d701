"""Issue 16, seventh round of kinds (development questions written from the plan, not from any evaluation set):

2. a leading condition and its comma ("If they cannot agree, does ...?", "Dersom ..., kan vi ...?") and a tail
   question with doubled question marks ("..., er den i morgon??") ask yes or no too;
1. a question that opens with a finite verb and then its subject asks yes or no, whatever the verb
   ("Holder ...?", "Rekker vi ...?", "Betyr det ...?", "Samarbeider ...?"); a noun phrase with a
   preposition after it ("Midler til koordinator?") does not.
nb, nn and en.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.kinds import kind_concepts
from bot.qa.normalize import fold, tokenize

TODAY = date(2027, 5, 5)


def _concepts(question: str) -> frozenset[str]:
    folded = fold(question)
    return kind_concepts(tokenize(folded), folded)


@pytest.mark.parametrize("question", [
    "Holder forumene møtene på samme dag?", "Rekker vi det før fristen?", "Betyr det at vi slipper å rapportere?",
    "Samarbeider friskolene med de offentlige skolene?", "Møtast forumet for barnehage og for skule same dag?",
    "Leverer nettverket rapporten selv?", "Tyder det at eigarane må betale?",
    "If the members disagree, can the chair decide alone?",
    "Kan vi bruke kompetanseløftmidler på et prosjekt som ikke gjelder spesialpedagogikk eller inkludering?",
    "Can we spend the money on a course that has nothing to do with reading or maths?", "Dersom nettverket ikkje bruker pengane, må dei betale "
    "tilbake?", "Hvis vi ikke rekker fristen, får vi utsettelse?", "fristen for innstillinga, er den neste veke??",
])
def test_a_verb_then_its_subject_asks_yes_or_no(question: str) -> None:
    assert "yesno" in _concepts(question)


@pytest.mark.parametrize("question", [
    "Midler til koordinator?", "Eiere som ikke får tilskudd?", "Lærere i barnehagen?",
    "Hvem leder forumet?", "Fristen for årsrapport", "Holder det med en rapport",
])
def test_no_yes_or_no_without_a_verb_and_subject(question: str) -> None:
    assert "yesno" not in _concepts(question)


@pytest.mark.parametrize(("question", "lead"), [
    ("Holder barnehageforumet og skoleforumet møtene sine på samme dag?", "Ja."),
    ("Held barnehageforumet og skuleforumet møta sine på same dag?", "Ja."),
])
def test_a_verb_first_question_gets_the_claims_yes_or_no(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan and answer.text.startswith(lead), answer.text


# --- 3. a denied statement, and the main yes/no facts of topics that had none ---------------------------------
@pytest.mark.parametrize(("question", "lead"), [
    ("Vi har fått tilsagn for fire år, så vi slipper å sende noe de neste årene?", "Nei"),
    ("We have a four-year commitment, so we don't need to report needs again, right?", "No"),
    ("Må friskolene alltid være i et eget kompetansenettverk?", "Nei."),
    ("Er friskulane ein del av fylkeskommunen sin region?", "Nei."),
    ("Must a measure be finished before we report on it?", "No."),
    ("Er målgruppa i Kompetanseløftet breiare enn i dei andre ordningane?", "Ja."),
    ("Har eigarane ansvar for kompetanseutvikling sjølv om dei ikkje får tilskot?", "Ja."),
])
def test_the_plans_yes_or_no_leads(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan and answer.text.startswith(lead), answer.text


def test_a_denial_is_read() -> None:
    assert "negated" in _concepts("we don't have to send anything?")
    assert "negated" in _concepts("Vi slipper å rapportere?")
    assert "negated" not in _concepts("Må vi rapportere?")


# --- 4. words the lexicon lacked, the forums' number, the network model --------------------------------------
@pytest.mark.parametrize(("question", "intent", "needle"), [
    ("Kven har ansvar for naudsynt kvalitet og kompetanse i skulane?", "owner_responsibility", "eigar"),
    ("Who is responsible for facilitating competence development for staff?", "owner_responsibility", "owner"),
    ("Hvor mange ganger i året møtes samarbeidsforumene?", "meeting", "5"),
    ("Which employee organisations sit in the kindergarten forum?", "forum_composition", "Utdanningsforbundet"),
    ("Kor mange samarbeidsforum er det i Innlandet?", "forum_tasks", "to samarbeidsforum"),
    ("Hvilke typer regionale nettverk har modellen?", "networks_structure", "videregående"),
])
def test_more_ways_to_ask(qa: QuestionAnswerer, question: str, intent: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan and answer.intent == intent and needle in answer.text, answer.text


# --- 5. today's date said as context; the asked actor in "det er X som" --------------------------------------
@pytest.mark.parametrize(("question", "today", "lead"), [
    ("Vi har i dag 31. januar. Er fristen for behovsmelding i morgen?", date(2027, 1, 31), "Ja."),
    ("Today is 31 January. Is the needs report due tomorrow?", date(2027, 1, 31), "Yes."),
    ("I dag er det 30. januar. Er fristen for behovsmelding i morgon?", date(2027, 1, 30), "Nei."),
])
def test_todays_date_stated_is_not_the_asked_date(qa: QuestionAnswerer, question: str, today: date,
                                                  lead: str) -> None:
    answer = qa.answer(question, today)
    assert answer.text.startswith(lead), answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("Jeg har hørt at det er Statsforvalteren som gjør den første prioriteringen av behovsmeldingene. Stemmer det?",
     "Nei."),
    ("Det er vel kompetansenettverka som prioriterer behovsmeldingane først?", "Ja."),
    ("Is it true that the needs templates are sent out in April?", "No."),
    ("Vi lurer på om det er Statsforvalteren som velger lederen?", "Nei."),
])
def test_the_asked_actor_or_month_against_the_plan(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(lead), answer.text


# --- 6. the thing a "how many / which" question asks for is no word of the plan ---------------------------------
@pytest.mark.parametrize(("question", "word"), [
    ("Hvor mange studiepoeng gir grunnkompetansekurset?", "studiepoeng"),
    ("How many credits does the upskilling course for assistants give?", "credits"),
    ("Kor mange parkeringsplassar har HINN på Hamar?", "parkeringsplassar"),
])
def test_an_unknown_asked_thing_is_outside_the_plan(qa: QuestionAnswerer, question: str, word: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan and word in answer.text.split(".")[0], answer.text


@pytest.mark.parametrize("question", ["Hvor mange representanter har KS?", "Which networks are there?",
                                      "Kor mange prosent kan gå til koordinator?"])
def test_a_known_asked_thing_stays_in_the_plan(qa: QuestionAnswerer, question: str) -> None:
    assert not qa.answer(question, TODAY).outside_plan


# --- 7. a follow-up about "the deadline" keeps the deadline just asked about -----------------------------------
@pytest.mark.parametrize(("previous", "question", "needle"), [
    ("Når er fristen for utbetaling av tilskuddet?", "Vi har ikke fått pengene – er fristen passert?", "15. april"),
    ("Når er fristen for årsrapporten?", "Er fristen gått ut?", "15. januar"),
])
def test_the_deadline_of_a_followup_is_the_one_asked_before(qa: QuestionAnswerer, previous: str, question: str,
                                                           needle: str) -> None:
    answer = qa.answer(question, date(2027, 4, 20), (previous,))
    assert not answer.outside_plan and needle in answer.text[:200], answer.text


# --- 8. an inflected English word is no typo -----------------------------------------------------------------------
def test_an_inflected_english_word_is_not_corrected_into_another(qa: QuestionAnswerer) -> None:
    answer = qa.answer("In a measure covering several municipalities, can part of the money pay for a coordinator?",
                       TODAY)
    assert not answer.outside_plan and answer.text.startswith("Yes."), answer.text


# --- 9. a period other than the plan's own (2022–2025) --------------------------------------------------------------
@pytest.mark.parametrize("question", ["Hva er prioritert i planen for 2026-2029?",
                                      "Which measures does the plan set out for 2027–2030?"])
def test_another_period_is_outside_the_plan_with_its_own_period(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan and "2022–2025" in answer.text, answer.text


def test_the_plans_own_period_is_answered(qa: QuestionAnswerer) -> None:
    assert not qa.answer("Hvem får innstillingen med planen for 2022–2025?", TODAY).outside_plan


# --- 10. the plan's two accounts of who decides the forum's composition ---------------------------------------------
@pytest.mark.parametrize(("question", "needles"), [
    ("Kven avgjer samansetjinga av samarbeidsforumet?", ("Statsforvaltaren", "vel representantane")),
    ("Who decides the composition of the forum?", ("Statsforvalteren", "elect the representatives")),
])
def test_both_accounts_of_the_composition_are_given(qa: QuestionAnswerer, question: str,
                                                    needles: tuple[str, ...]) -> None:
    text = qa.answer(question, TODAY).text
    assert all(needle in text for needle in needles), text


# --- 11. "should it have come by now?" asks whether the deadline has passed ----------------------------------------
@pytest.mark.parametrize(("question", "today", "lead"), [
    ("Skulle tilskotet vore utbetalt no?", date(2026, 4, 20), "Ja."),
    ("Should the grant have been paid by now?", date(2026, 4, 10), "No."),
])
def test_should_it_have_come_by_now(qa: QuestionAnswerer, question: str, today: date, lead: str) -> None:
    answer = qa.answer(question, today)
    assert not answer.outside_plan and answer.text.startswith(lead), answer.text


# --- 12. no sentence of an answer is glued to the next one -----------------------------------------------------------
def test_no_answer_glues_two_sentences(qa: QuestionAnswerer) -> None:
    """Every development question (not the final held-out set): a template line ending in a block tag must not
    swallow the line break before the next sentence ("samhandling.Planen ...")."""
    import json
    from pathlib import Path

    glued = re.compile(r"[a-zæøå)»]\.[A-ZÆØÅ«]")
    found = []
    for path in sorted(Path(__file__).parent.joinpath("eval").glob("*.jsonl")):
        if path.name == "heldout6.jsonl":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            day = date.fromisoformat(str(row.get("today") or "2026-12-01"))
            text = qa.answer(str(row["question"]), day, tuple(row.get("history") or ())).text
            match = glued.search(text)
            if match:
                found.append(f"{row.get('id')}: …{text[max(0, match.start() - 30):match.end() + 20]}")
    assert not found, "\n".join(found[:10])


# --- 13. how long representatives sit ----------------------------------------------------------------------------------
@pytest.mark.parametrize("question", ["How long is a forum representative's term?", "Kor lenge sit representantane?"])
def test_the_representatives_term(qa: QuestionAnswerer, question: str) -> None:
    text = qa.answer(question, TODAY).text
    assert "2 " in text.split("(")[0], text


# --- 14. a percentage with a misspelt unit ----------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "lead"), [("kan vi bruke mer enn 20 prosnt på koordinator", "Nei"),
                                                ("kan me bruke 15 prosnet til koordinator?", "Ja")])
def test_a_misspelt_percent_unit_still_names_the_share(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(lead), answer.text


# --- 15. Statsforvalteren's part in the annual reporting (section 10, 5.7) ------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("Kva må Statsforvaltaren gjere i årsrapporteringa?", "kontaktperson"),
    ("What is the County Governor's role in the annual reporting?", "link"),
    ("Orienterer Statsforvalteren forumet om rapporteringen?", "Ja."),
])
def test_statsforvalterens_part_in_reporting(qa: QuestionAnswerer, question: str, needle: str) -> None:
    text = qa.answer(question, TODAY).text
    assert needle in text, text
