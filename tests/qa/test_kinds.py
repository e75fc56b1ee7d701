"""The kinds of mistakes of issue 16, as development questions (written from the plan, not from any
evaluation set): the direct answer first, the plan's polarity, honesty about details the plan does not
give, no passed deadline as the answer, the language, the networks count, several parts and follow-ups.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.qa import QuestionAnswerer

TODAY = date(2026, 8, 31)


def first_sentence(text: str) -> str:
    """The answer's first sentence ("Nei." counts as one)."""
    line = text.strip().splitlines()[0]
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])", line, maxsplit=1)
    return parts[0]


# --- 1. polarity: yes/no questions get the plan's yes or no first (section 2 and others) ------------------
@pytest.mark.parametrize(("question", "lead"), [
    ("Kan midler fra Kompetanseløftet brukes til et leseprosjekt?", "Nei."),
    ("Kan vi bruke kompetanseløftet-midler til noe annet enn spesialpedagogikk og inkludering?", "Nei."),
    ("Kan midlar frå kompetanseløftet nyttast til eit leseprosjekt?", "Nei."),
    ("Can Kompetanseløftet funds be used for a reading project?", "No."),
    ("Can money from Kompetanseløftet be spent on maths?", "No."),
    ("Kan midler fra desentralisert ordning brukes til spesialpedagogikk?", "Ja."),
    ("Kan midler fra regional ordning brukes til inkludering?", "Ja."),
    ("Can money from the decentralised scheme be used for inclusion?", "Yes."),
    ("Kan statsforvalteren stemme i samarbeidsforumet?", "Nei."),
    ("Can Statsforvalteren vote?", "No."),
    ("Kan statsforvaltaren røyste?", "Nei."),
    ("Velges leder hvert år?", "Nei."),
    ("Is the chair elected every year?", "No."),
    ("Kan samarbeidsforum gi tilsagn for fem år?", "Nei"),
    ("Kan vi få tilsagn for flere år?", "Ja."),
    ("Kan mer enn 40 % gå til nettverkene?", "Nei"),
    ("Sender statsforvalteren innkallingen 14 dager før møtet?", "Ja."),
    ("Er møtene alltid på torsdag?", "Ja."),
    ("Er møtene på mandager?", "Nei"),
    ("Are the kindergarten and school forum meetings held in parallel?", "Yes."),
    ("Gjelder 10 % fellestiltak for kompetanseløftet?", "Nei, ikke ennå"),
    ("Er helsesykepleier en del av målgruppen?", "Ja"),
    ("Skal innstillingen vise bruk av egenandelen?", "Ja."),
])
def test_yes_no_questions_lead_with_the_plans_answer(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan, answer.text
    assert answer.text.startswith(lead), answer.text


def test_kompetanseloftet_polarity_never_says_yes_for_other_topics(qa: QuestionAnswerer) -> None:
    for question in ("Kan Kompetanseløftet finansiere et leseprosjekt?", "Kan vi bruke midler fra "
                     "kompetanseløftet på ledelse?", "May Kompetanseløftet money fund a literacy project?"):
        text = qa.answer(question, TODAY).text
        assert not text.startswith(("Ja", "Yes", "Partly", "Delvis")), text
        assert "2)" in text or "section 2" in text


# --- 2. deadlines with a year: the budget year, and a passed date is said to have passed --------------------
@pytest.mark.parametrize(("question", "passed", "following"), [
    ("Når er fristen for innstillingen for 2026?", "15. mars 2026", "mandag 15. mars 2027"),
    ("Når utbetales tilskuddet for 2026?", "15. april 2026", "torsdag 15. april 2027"),
    ("Når må behovsmeldingen for 2026 være levert?", "1. februar 2026", "mandag 1. februar 2027"),
    ("Når må rapporten for budsjettåret 2025 være levert?", "15. januar 2026", "fredag 15. januar 2027"),
    ("When was the deadline for the recommendation for 2026?", "15 March 2026", "15 March 2027"),
    ("Kva er fristen for innstillinga for 2026?", "15. mars 2026", "15. mars 2027"),
])
def test_a_passed_deadline_is_said_to_have_passed_and_the_next_is_given(
        qa: QuestionAnswerer, question: str, passed: str, following: str) -> None:
    text = qa.answer(question, TODAY).text
    lead = text.split("\n")[0]
    assert passed in lead and following in lead, text
    assert re.search(r"har gått ut|has passed", lead), text
    assert lead.index(passed) < lead.index(following)


@pytest.mark.parametrize("question", [
    "Når er fristen for å melde behov for restmidler fra 2026?",
    "Når må restmidler fra 2026 meldes?",
])
def test_leftover_money_from_a_year_belongs_to_the_next_budget_year(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert "mandag 1. februar 2027" in first_sentence(answer.text)
    assert "1. februar 2026" not in answer.text
    assert "5.8" in answer.sources


def test_a_coming_deadline_for_a_budget_year_is_plain(qa: QuestionAnswerer) -> None:
    text = qa.answer("Når er fristen for innstillingen for 2027?", TODAY).text
    assert "mandag 15. mars 2027" in first_sentence(text) and "gått ut" not in text


@pytest.mark.parametrize(("question", "today"), [
    ("Når er fristen for behovsmelding?", date(2026, 1, 10)),
    ("Blir fristen for behovsmelding flyttet når den er på en søndag?", date(2026, 1, 10)),
    ("What is the deadline for the annual report?", date(2027, 11, 1)),
    ("Kva er fristen for årsrapporten?", date(2027, 11, 1)),
])
def test_weekend_deadlines_give_no_unsupported_advice(qa: QuestionAnswerer, question: str, today: date) -> None:
    text = qa.answer(question, today).text
    assert not re.search(r"avgjør|avgjer|decides", text), text
    assert re.search(r"ingen utsettelse|inga utsetjing|no extension", text), text


def test_an_extension_question_is_answered_first(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Kan vi få utsatt fristen for behovsmelding?", date(2026, 11, 28))
    # the plan is silent on extensions: said first (as a detail the plan does not give), then the deadline
    assert answer.outside_plan and answer.text.startswith("Planen sier ikke at en frist kan utsettes")
    assert "mandag 1. februar 2027" in answer.text


# --- 3. the topic is in the plan, the detail is not ---------------------------------------------------------
@pytest.mark.parametrize(("question", "opening"), [
    ("Hvor holdes møtene i samarbeidsforumet?", "Det sier ikke planen"),
    ("Where are the forum meetings held?", "The plan does not say"),
    ("Kvar blir møta i samarbeidsforuma haldne?", "Det seier ikkje planen"),
    ("Hva skjer hvis vi leverer behovsmeldingen for sent?", "Det sier ikke planen"),
    ("What happens if we miss the deadline for the needs report?", "The plan does not say"),
    ("Kva skjer om me leverer årsrapporten for seint?", "Det seier ikkje planen"),
    ("Hvem er kontaktpersonen fra HINN for Valdres?", "Det sier ikke planen"),
    ("Hvor mye penger får Hamarregionen i 2027?", "Det sier ikke planen"),
    ("How much money will Valdres get in 2027?", "The plan does not say"),
])
def test_details_the_plan_does_not_give_are_said_plainly(qa: QuestionAnswerer, question: str,
                                                         opening: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan and answer.intent == "outside_plan", answer.text
    assert answer.text.startswith(opening), answer.text
    assert not re.search(r"\d[\d ]*(kr|kroner|NOK|millioner)", answer.text)


def test_late_submission_answer_gives_the_deadline_the_plan_has(qa: QuestionAnswerer) -> None:
    text = qa.answer("Hva skjer hvis vi leverer behovsmeldingen for sent?", TODAY).text
    assert "mandag 1. februar 2027" in text and "ingen utsettelse" in text
    assert "15. januar" not in text  # only the deadline asked about


def test_a_named_contact_person_is_not_invented(qa: QuestionAnswerer) -> None:
    text = qa.answer("Hvem er kontaktpersonen fra HINN for Valdres?", TODAY).text
    assert "kontaktperson fra HINN" in text and "5.5" in text


# --- 4. things the plan does say are not "outside the plan" -------------------------------------------------
@pytest.mark.parametrize(("question", "section", "needle"), [
    ("Hva kan tilskuddsmidlene brukes til?", "5.5", "vurdere kompetansebehov"),
    ("Kva kan midlane brukast til?", "5.5", "vurdere kompetansebehov"),
    ("What can the grants be used for?", "5.5", "assessing competence needs"),
    ("Korleis blir midlane betalte ut?", "5.8", "tilsegnsbrev"),
    ("Korleis vert pengane utbetalte?", "5.8", "tilsegnsbrev"),
    ("Hvordan utbetales midlene?", "5.8", "tilsagnsbrev"),
    ("Hva kan 30 %-delen brukes til?", "5.8", "barnehagefaglig grunnkompetanse"),
    ("Kva kan 30 %-delen nyttast til?", "5.8", "barnehagefagleg grunnkompetanse"),
    ("What can the 30 % part be used for?", "5.8", "basic kindergarten competence"),
    ("Trekkes yrkesfaglærere fra i videregående?", "5.8", "yrkesfaglærere"),
    ("Are vocational teachers subtracted for upper secondary?", "5.8", "vocational teachers"),
    ("Blir yrkesfaglærarar trekte frå for vidaregåande?", "5.8", "yrkesfaglærarar"),
    ("Kan private skoler være med?", "3.2", "friskoleloven"),
    ("Er friskoler med i ordningen?", "3.2", "friskoleloven"),
    ("Can private schools take part?", "3.2", "Independent Schools Act"),
])
def test_topics_the_plan_covers_are_answered_with_their_section(qa: QuestionAnswerer, question: str,
                                                                section: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan, answer.text
    assert section in answer.sources
    assert needle in answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("Trekkes yrkesfaglærere fra i videregående?", "Ja."),
    ("Trekkes yrkesfaglærere fra i kompetanseløftet?", "Nei"),
    ("Kan private skoler være med?", "Ja."),
    ("Can private schools take part?", "Yes."),
])
def test_covered_yes_no_questions_lead_with_yes_or_no(qa: QuestionAnswerer, question: str, lead: str) -> None:
    assert qa.answer(question, TODAY).text.startswith(lead)


# --- 5. the direct answer instead of a block ----------------------------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("Hvor mange representanter har KS?", "1 representant fra KS"),
    ("How many representatives does KS have in the forum?", "1 representative of KS"),
    ("Kor mange representantar har KS?", "1 representant frå KS"),
    ("Hvor mange representanter har Statsforvalteren i samarbeidsforum skole?", "2–3 representanter"),
    ("Hvor mange representanter har private barnehageeiere?", "3 representanter fra private barnehageeiere"),
])
def test_composition_counts_come_first_and_alone(qa: QuestionAnswerer, question: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert needle in first_sentence(answer.text)
    assert "•" not in answer.text  # not the whole list
    assert answer.sources == ["5.1"]


def test_an_organisation_missing_from_a_forum_is_a_no(qa: QuestionAnswerer) -> None:
    text = qa.answer("Er Statped med i samarbeidsforum barnehage?", TODAY).text
    assert text.startswith("Nei.") and "1 representant fra Statped" in text


@pytest.mark.parametrize(("question", "lead"), [
    ("Skal det rapporteres per tiltak?", "Ja."),
    ("Do we report per measure?", "Yes."),
    ("Rapporterer vi direkte til Udir?", "Nei."),
    ("Do the networks report directly to Udir?", "No."),
    ("Skal fylkeskommunen rapportere direkte til Udir?", "Bare for fag- og yrkesopplæringen"),
])
def test_reporting_sub_questions_get_a_short_answer(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(lead), answer.text
    assert answer.sources == ["10"]
    assert len(answer.text) < 400


# --- 7. language -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "Når må me sende inn?", "Må vi levere ein plan?", "Kva er eigenandelen?", "Kven leier forumet?",
    "Kor mykje går til koordinator?", "Er fristen ein laurdag?",
])
def test_short_nynorsk_questions_are_answered_in_nynorsk(qa: QuestionAnswerer, question: str) -> None:
    assert qa.answer(question, TODAY).language == "nn"


_NORWEGIAN = re.compile(r"\b(parallell\w*|og|ikke|ikkje|møte|møtene|samme|frist|fristen|uke|veke|dager|planen)\b")


@pytest.mark.parametrize("question", [
    "Are the kindergarten and school forum meetings held in parallel?",
    "When is the next meeting?",
    "How often do the forums meet?",
    "Where are the forum meetings held?",
    "How many networks are there?",
    "Who decides the composition of the forum?",
])
def test_english_answers_use_no_norwegian_words(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.language == "en"
    assert not _NORWEGIAN.search(answer.text), answer.text


# --- 8. the number of networks, one account from section 6 --------------------------------------------------
@pytest.mark.parametrize(("question", "needles"), [
    ("Hvor mange regionale kompetansenettverk er det?", ("ni (9)", "4 regionale", "ett eget")),
    ("How many networks are there?", ("nine (9)", "4 regional", "one network")),
    ("Kor mange kompetansenettverk er det?", ("ni (9)", "4 regionale", "eitt eige")),
    ("Hvor mange nettverk har fylkeskommunen?", ("fire (4)",)),
])
def test_networks_count_follows_section_6(qa: QuestionAnswerer, question: str, needles: tuple[str, ...]) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.sources == ["6"]
    for needle in needles:
        assert needle in answer.text, answer.text
    assert not re.search(r"\bti\b|\bten\b|\b10 regionale", answer.text)
    assert needles[0] in first_sentence(answer.text)


# --- 9. several parts and follow-ups ------------------------------------------------------------------------
def test_every_part_of_a_question_is_answered(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Når er fristen for behovsmelding, og hvem sender malene?", TODAY)
    assert "mandag 1. februar 2027" in answer.text and "Statsforvalteren sender malen" in answer.text
    both = qa.answer("Hva er fristen for behovsmelding og innstilling?", TODAY)
    assert "1. februar 2027" in both.text and "15. mars 2027" in both.text
    assert {"6.1", "5.6"} <= set(both.sources)
    own = qa.answer("Hvor stor er egenandelen, og hvem betaler den?", TODAY).text
    assert "30 %" in own and "skoleeiernes" in own


@pytest.mark.parametrize(("first", "follow_up", "needle", "absent"), [
    ("Når er fristen for behovsmelding?", "og innstillingen?", "15. mars 2027", "1. februar 2027 (om"),
    ("Kva er fristen for behovsmeldinga?", "og innstillinga?", "15. mars 2027", "1. februar 2027 (om"),
    ("What is the deadline for the needs report?", "and the recommendation?", "15 March 2027", None),
    ("Hvor stor andel beregnes pro rata i desentralisert ordning?", "og i regional ordning?", "60 %", "90 %"),
    ("Hvor mange representanter har KS?", "og PPT?", "1 representant fra PPT", None),
])
def test_follow_ups_keep_the_conversations_topic(qa: QuestionAnswerer, first: str, follow_up: str, needle: str,
                                                 absent: str | None) -> None:
    before = qa.answer(first, TODAY)
    assert before.context == (first,)
    after = qa.answer(follow_up, TODAY, before.context)
    assert not after.outside_plan, after.text
    assert needle in after.text, after.text
    if absent:
        assert absent not in after.text
    assert after.context[-1] == follow_up
    # Without the context the same words are no answer of that topic.
    alone = qa.answer(follow_up, TODAY)
    assert needle not in alone.text


def test_a_new_question_does_not_inherit_the_topic(qa: QuestionAnswerer) -> None:
    before = qa.answer("Når er fristen for behovsmelding?", TODAY)
    after = qa.answer("Hva er hovedstaden i Norge?", TODAY, before.context)
    assert after.outside_plan and after.context == ()
    other = qa.answer("Hvem leder samarbeidsforumet?", TODAY, before.context)
    assert other.intent == "leader"


# --- follow-ups through the router: the context lives in the persisted conversation state ------------------
def test_follow_up_context_survives_in_the_conversation_state(database_url: str) -> None:
    from datetime import datetime

    from bot.app import build_app
    from bot.clock import OSLO, Clock
    from bot.messages import IncomingMessage
    from bot.settings import load_settings
    from bot.skills.questions import CONTEXT_KEY

    app = build_app(load_settings(DATABASE_URL=database_url), clock=Clock(datetime(2026, 8, 31, 10, tzinfo=OSLO)))
    try:
        def say(text: str, user: str = "U0ASK") -> str:
            message = IncomingMessage(user_id=user, channel="slack", text=text)  # type: ignore[arg-type]
            return app.router.handle(message).text

        assert "1. februar 2027" in say("Når er fristen for behovsmelding?")
        assert "15. mars 2027" in say("og innstillingen?")
        assert "15. april 2027" in say("og utbetalingen?")
        # Another user has no such context.
        assert "15. mars 2027" not in say("og innstillingen?", user="U0OTHER")
        with app.database.session() as session:
            state = app.router.conversations.load(session, "slack", "U0ASK").state
        assert state[CONTEXT_KEY][-1] == "og utbetalingen?"
        say("Hva er hovedstaden i Norge?")
        with app.database.session() as session:
            state = app.router.conversations.load(session, "slack", "U0ASK").state
        assert CONTEXT_KEY not in state
    finally:
        app.close()


# --- definitions: "what is X?" gets what X is, first ---------------------------------------------------------
@pytest.mark.parametrize(("question", "opening", "section"), [
    ("Hva er et kompetansenettverk?", "Et regionalt kompetansenettverk er", "6.1"),
    ("Hva er samarbeidsforum?", "Samarbeidsforumet er", "5.1"),
    ("Hva er et tilsagnsbrev?", "Tilsagnsbrevet er", "5.8"),
    ("Kva er ein vertskommune?", "Vertskommunen er", "5.8"),
    ("What is a host municipality?", "The host municipality is", "5.8"),
    ("Hva betyr pro rata?", "Pro rata betyr", "5.8"),
    ("Hva er regional ordning?", "Regional ordning er ordningen for kompetanseutvikling i barnehage", "1"),
    ("What is Kompetanseløftet?", "Kompetanseløftet is", "1"),
])
def test_definitions_say_what_the_thing_is(qa: QuestionAnswerer, question: str, opening: str,
                                           section: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(opening), answer.text
    assert section in answer.sources and not answer.outside_plan


@pytest.mark.parametrize("question", [
    "Hvor mye er statsbudsjettet for kompetanseløftet?",
    "Hvor mange kroner får hvert nettverk?",
    "Hvem var leder i 2024?",
    "Hvilket rom er møtet i?",
    "Er møtet på Teams?",
])
def test_more_details_outside_the_plan(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan and answer.text.startswith("Det sier ikke planen"), answer.text


# --- a percentage named in a yes/no question is checked against the plan's figure --------------------------
@pytest.mark.parametrize(("question", "lead"), [
    ("Kan vi bruke 25 % til koordinator?", "Nei, inntil 20 %."),
    ("Kan inntil 20 % brukes til koordinator?", "Ja, inntil 20 %."),
    ("Er egenandelen 30 %?", "Ja, 30 %."),
    ("Er egenandelen 20 %?", "Nei, den er 30 %."),
    ("Kan 15 % gå til fellestiltak?", "Nei, inntil 10 %."),
    ("Kan nettverkene få 50 %?", "Nei, inntil 40 %."),
    ("Can we use 40 % of the regional scheme for assistants?", "No, up to 30%."),
    ("Is the own contribution 30 percent?", "Yes, 30%."),
    ("Er det 60 % pro rata i regional ordning?", "Ja, inntil 60 %."),
    ("Er det 30 % egenandel i regional ordning?", "Planen nevner egenandel bare for desentralisert ordning"),
])
def test_percentages_in_yes_no_questions(qa: QuestionAnswerer, question: str, lead: str) -> None:
    assert qa.answer(question, TODAY).text.startswith(lead)


# --- "who" questions lead with the role ---------------------------------------------------------------------
@pytest.mark.parametrize(("question", "opening"), [
    ("Hvem sender innkallingen?", "Statsforvalteren sender innkallingen"),
    ("Kven sender innkallinga?", "Statsforvaltaren sender innkallinga"),
    ("Hvem godkjenner rapporten?", "Eierne og UH"),
    ("Who approves the annual report?", "The owners and the university or college"),
    ("Hvem lager forslag til innstilling?", "Arbeidsgruppa lager forslaget"),
    ("Hvem er tilskuddsmottaker for friskolene?", "For friskolene bestemmer kompetansenettverket"),
    ("Kven tek imot behovsmeldingane?", "Behovsmeldingane blir sende til samarbeidsforuma"),
    ("Hvem beregner tildelte midler?", "Statsforvalteren beregner"),
    ("Hvem utbetaler midlene?", "Statsforvalteren utbetaler"),
    ("Hvem har sekretariatet?", "Statsforvalteren har sekretariatsansvar"),
])
def test_role_questions_name_the_role_first(qa: QuestionAnswerer, question: str, opening: str) -> None:
    assert qa.answer(question, TODAY).text.startswith(opening)


def test_a_follow_up_with_a_topic_of_its_own_is_answered_on_its_own(qa: QuestionAnswerer) -> None:
    first = qa.answer("Når er fristen for innstillingen?", TODAY)
    leader = qa.answer("Og hvem leder samarbeidsforumet?", TODAY, first.context)
    assert leader.intent == "leader" and "15. mars" not in leader.text
    payout = qa.answer("og utbetalingen?", TODAY, leader.context)
    assert payout.intent != "leader" and "Statsforvalteren utbetaler" in payout.text
    statped = qa.answer("og Statped?", TODAY, qa.answer("Hvor mange representanter har KS?", TODAY).context)
    assert statped.text.startswith("Samarbeidsforum skole: 1 representant fra Statped")


@pytest.mark.parametrize("question", [
    "Kva kan 30-prosentdelen brukast til?", "Hva kan 30 prosent-delen i barnehage brukes til?",
    "Hvordan kan friskoler delta?", "What can the 30 % part be used for?",
])
def test_a_what_question_with_can_gets_no_yes_or_no(qa: QuestionAnswerer, question: str) -> None:
    assert not re.match(r"(Ja|Nei|Yes|No)\b", qa.answer(question, TODAY).text)


def test_short_nynorsk_about_free_schools(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Kan friskular delta?", TODAY)
    assert answer.language == "nn" and answer.text.startswith("Ja.")


@pytest.mark.parametrize(("question", "lead"), [
    ("Er Fagforbundet med i begge forumene?", "Nei."),
    ("Er PPT representert i forumene?", "Ja."),
    ("Er det møte i samarbeidsforum torsdag 30. september 2027?", "Nei."),
    ("Er det møte i samarbeidsforum torsdag 23. september 2027?", "Ja."),
])
def test_polarity_follows_the_facts_asked_about(qa: QuestionAnswerer, question: str, lead: str) -> None:
    assert qa.answer(question, TODAY).text.startswith(lead)


@pytest.mark.parametrize("question", [
    "Do we report per measure or per partnership?", "Rapporterer vi til Udir eller Statsforvalteren?",
])
def test_either_or_questions_get_no_yes_or_no(qa: QuestionAnswerer, question: str) -> None:
    text = qa.answer(question, TODAY).text
    assert not re.match(r"(Ja|Nei|Yes|No)\b", text), text
