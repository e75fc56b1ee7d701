"""Issue 16, sixth round of kinds (development questions written from the plan, not from any evaluation set):

1. follow-ups keep the topic: pronouns for the previous answer's subject ("Hvem har sekretariatet?" → "Deltar de
   på møtene?" asks of Statsforvalteren), "how many days in advance" after the invitation, "at which meeting"
   after electing the leader, "next time" after a meeting, "what about the regional scheme?";
2. "møtes/møtast/met" said of needs is a verb, not a meeting (bot.qa.kinds.meets_needs);
3. a multi-part question whose second part names a regional-scheme measure in English;
4. meeting yes/no by week ("denne uka", "this week") and month ("Er det noe møte i april?");
5. plan content no fact held: the representatives' duties, the forums' guidelines, HINN in the support system.
nb, nn and en.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.kinds import meets_needs
from bot.qa.normalize import fold, tokenize

TODAY = date(2026, 3, 2)  # Monday of week 10; the forums meet on Thursday 5 March


def _ask(qa: QuestionAnswerer, question: str, context: tuple[str, ...] = (), today: date = TODAY) -> str:
    answer = qa.answer(question, today, context)
    assert not answer.outside_plan, answer.text
    return answer.text


# --- 1. follow-ups ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("previous", "question", "lead", "needle"), [
    ("Hvem har sekretariatet?", "Deltar de på møtene også?", "Ja.", "deltar på møtene"),
    ("Kven har sekretariatet?", "Deltek dei på møta òg?", "Ja.", "møta"),
    ("Who has the secretariat?", "Do they take part in the meetings?", "Yes.", "meetings"),
    ("Kven har sekretariatet?", "Kan dei røyste om det blir avstemming?", "Nei.", "ikkje røyste"),
    ("Hvem har sekretariatet?", "Kan de stemme ved en avstemming?", "Nei.", "ikke stemme"),
    ("Who has the secretariat?", "Can they vote?", "No.", "cannot vote"),
])
def test_a_pronoun_stands_for_the_previous_answers_subject(qa: QuestionAnswerer, previous: str, question: str,
                                                            lead: str, needle: str) -> None:
    text = _ask(qa, question, (previous,))
    assert text.startswith(lead), text
    assert needle in text, text


@pytest.mark.parametrize(("previous", "question", "needle"), [
    ("When is the invitation to the meetings sent?", "And how many days in advance do they send it?", "14 days"),
    ("Når sendes innkallingen til møtene?", "Og hvor mange dager i forveien sender de den?", "14 dager"),
    ("Kven sender innkallinga til møta?", "Kor mange dagar før kjem ho?", "14 dagar"),
    ("Hvem velger leder i samarbeidsforumet?", "Og på hvilket møte i året skjer det?", "november (uke 46"),
    ("Kven vel leiar i samarbeidsforumet?", "Og på kva møte i året skjer det?", "november (veke 46"),
    ("Who elects the forum leader?", "And at which meeting of the year?", "November meeting (week 46"),
    ("Når møtes samarbeidsforumet?", "Når er det neste gang da?", "5. mars 2026"),
    ("When do the forums meet?", "And when is the next time?", "5 March 2026"),
])
def test_an_elliptic_followup_keeps_the_topic(qa: QuestionAnswerer, previous: str, question: str,
                                              needle: str) -> None:
    assert needle in _ask(qa, question, (previous,))


@pytest.mark.parametrize(("previous", "question"), [
    ("How large a share of the decentralised scheme goes to the networks?",
     "And what about the regional scheme for kindergartens?"),
    ("Hvor stor andel av desentralisert ordning går til nettverkene?", "Hva med regional ordning for barnehage?"),
    ("Kor stor del av desentralisert ordning går til nettverka?", "Kva med regional ordning?"),
])
def test_what_about_another_scheme_keeps_the_question(qa: QuestionAnswerer, previous: str, question: str) -> None:
    text = _ask(qa, question, (previous,))
    assert "40" in text, text


def test_the_leader_is_elected_at_the_november_meeting(qa: QuestionAnswerer) -> None:
    assert "uke 46" in _ask(qa, "På hvilket møte velges leder?")
    # Who elects the leader is still answered by the leader fact alone.
    assert "velger en leder" in _ask(qa, "Hvem velger leder i samarbeidsforumet?")


# --- 2. "møtes" as the verb of needs -----------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "expected"), [
    ("hvordan kompetansebehov kan møtes", True),
    ("korleis lokale behov kan møtast", True),
    ("how competence needs can be met", True),
    ("når møtes samarbeidsforumet", False),
    ("hvilke behov drøftes på møtet", False),
])
def test_meets_needs(question: str, expected: bool) -> None:
    assert meets_needs(tokenize(fold(question))) is expected


@pytest.mark.parametrize(("question", "needle"), [
    ("Kven skal syte for at Statped vert involvert i korleis kompetansebehov i kompetanseløftet kan møtast?",
     "Statsforvaltaren"),
    ("Hvem skal sørge for at Statped involveres i hvordan kompetansebehov i kompetanseløftet kan møtes?",
     "Statsforvalteren"),
    ("Who ensures Statped is involved in how competence needs can be met?", "Statsforvalteren"),
    ("Hvordan kan lokale behov for kompetanseutvikling møtes?", "Kompetansenettverkene skal vurdere"),
])
def test_needs_that_are_met_are_no_meeting(qa: QuestionAnswerer, question: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.intent != "meeting", answer.text
    assert needle in answer.text, answer.text
    assert "torsdag" not in answer.text and "Thursday" not in answer.text


# --- 3. multi-part -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "What share is calculated from staff-years, and what share can go to special measures like basic kindergarten "
    "competence?",
    "Hvor stor andel beregnes ut fra årsverk, og hvor stor andel kan gå til barnehagefaglig grunnkompetanse?",
    "Kor stor del blir rekna ut frå årsverk, og kor stor del kan gå til barnehagefagleg grunnkompetanse?",
])
def test_both_shares_are_answered(qa: QuestionAnswerer, question: str) -> None:
    text = _ask(qa, question).replace(" %", "%")
    assert "60%" in text and "30%" in text, text


# --- 4. meeting yes/no --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "today", "lead"), [
    ("Er det møte i samarbeidsforumet denne uka?", TODAY, "Ja."),
    ("Er det møte i samarbeidsforumet denne uka?", date(2026, 3, 9), "Nei."),
    ("Er det møte i samarbeidsforumet neste uke?", TODAY, "Nei."),
    ("Er det møte i samarbeidsforumet neste uke?", date(2026, 2, 23), "Ja."),
    ("Er det møte i samarbeidsforumet denne veka?", TODAY, "Ja."),
    ("Is there a forum meeting this week?", TODAY, "Yes."),
    ("Er det noe møte i april?", TODAY, "Nei."),
    ("Er det nokon møte i april?", TODAY, "Nei."),
    ("Is there a meeting in April?", TODAY, "No."),
    ("Har samarbeidsforumet møte i juni?", TODAY, "Ja."),
    ("Is there a meeting in September?", TODAY, "Yes."),
])
def test_a_meeting_yes_no_leads_with_the_answer(qa: QuestionAnswerer, question: str, today: date,
                                                lead: str) -> None:
    assert _ask(qa, question, today=today).startswith(lead)


def test_an_open_month_question_gets_no_yes(qa: QuestionAnswerer) -> None:
    assert _ask(qa, "Når er møtet i mars?").startswith("Møtet i mars")


# --- 5. plan content: representatives, guidelines, support system -------------------------------------------------
@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Møter en representant bare på vegne av sin egen kommune?", "Nei.", "alle aktørene"),
    ("Møter ein representant berre på vegner av sin eigen kommune?", "Nei.", "alle aktørane"),
    ("Does a representative only speak for their own municipality?", "No.", "all the actors"),
])
def test_a_representative_speaks_for_all(qa: QuestionAnswerer, question: str, lead: str, needle: str) -> None:
    text = _ask(qa, question)
    assert text.startswith(lead), text
    assert needle in text, text


@pytest.mark.parametrize(("question", "needle"), [
    ("Hvem representerer en representant i samarbeidsforumet?", "på vegne av alle aktørene"),
    ("Hva må representantene sette av tid til?", "forberede seg"),
    ("Kva må representantane setje av tid til?", "førebu seg"),
    ("What must representatives set aside time for?", "prepare"),
    ("Hva skal representantene lese?", "Retningslinjer for tilskuddsordningen"),
    ("What should the representatives read?", "Guidelines"),
    ("Hva sier retningslinjene om sammensetningen av samarbeidsforumet?", "balanse"),
    ("What do the guidelines say about the forum's balance?", "balance"),
    ("Hva skal samarbeidsforumene gjøre eiere kompetente til?", "pådrivere"),
    ("Kva skal samarbeidsforuma gjere eigarar kompetente til?", "tverrsektorielt"),
    ("Hva bidrar HINN med i støttesystemet?", "veiledning"),
    ("What does the university college contribute in the support system?", "guidance"),
    ("Which research are the six principles based on?", "Dyssegaard"),
    ("Hvilken forskning bygger prinsippene på?", "Dyssegaard"),
])
def test_plan_content_without_a_fact_before(qa: QuestionAnswerer, question: str, needle: str) -> None:
    assert needle in _ask(qa, question)


@pytest.mark.parametrize(("question", "needle"), [
    ("Hvem er representantene i samarbeidsforum skole?", "Statped"),
    ("Hvem skal være representert i samarbeidsforumet?", "KS"),
    ("Hva er hovedprinsippet for kompetanseutvikling?", "skole- og barnehagebasert"),
])
def test_nearby_questions_keep_their_facts(qa: QuestionAnswerer, question: str, needle: str) -> None:
    assert needle in _ask(qa, question)


@pytest.mark.parametrize("question", [
    "Hvordan blir været i morgen?",
    "What is the weather in Hamar?",
])
def test_outside_questions_stay_outside(qa: QuestionAnswerer, question: str) -> None:
    assert qa.answer(question, TODAY).outside_plan
