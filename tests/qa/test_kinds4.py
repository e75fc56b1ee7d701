"""Issue 16, fourth round of kinds (development questions written from the plan, not from any evaluation set):

1. yes/no questions get the plan's yes or no first, from a claim that fits what is asked;
2. polarity follows the asked predicate: may vs must ("permission" claims), through a system vs directly;
3. facts asked colloquially, in nynorsk or English reach the plan ("penga", "kor mange prosent", "eigaransvaret");
4. near-topic questions whose detail is not in the plan: place, hours, identifiers, counts, repayment, extension;
5. other counties and regions than Innlandet are outside the plan;
6. multi-part questions answer every part;
7. short follow-ups keep the conversation's topic;
8. content the answers must carry (the three schemes, basic staff, unions' reason, maintaining competence).
nb, nn and en.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.claims import Claims
from bot.qa.kinds import kind_concepts
from bot.qa.normalize import fold, tokenize

TODAY = date(2026, 8, 31)
NOT_SAID = ("Planen sier ikke", "Planen seier ikkje", "The plan does not say", "Det sier ikke planen",
            "Det seier ikkje planen")


def _ask(qa: QuestionAnswerer, question: str, context: tuple[str, ...] = (), today: date = TODAY) -> str:
    answer = qa.answer(question, today, context)
    assert not answer.outside_plan, answer.text
    return answer.text


# --- 1 and 2. the yes or no first, decided by what is asked -----------------------------------------------
@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Kan et nettverk bruke en del av midlene til koordinator?", "Ja.", "20 %"),
    ("Kan eit nettverk bruke ein del av midlane til koordinator?", "Ja.", "20 %"),
    ("Can a network use part of the money for a coordinator?", "Yes.", "20 %"),
    ("Kan de stemme hvis de ikke blir enige?", "Ja.", "Statsforvalteren ikke stemme"),
    ("Kan dei røyste viss dei ikkje blir samde?", "Ja.", "Statsforvaltaren ikkje røyste"),
    ("Can they vote if they cannot agree?", "Yes.", "cannot vote"),
    ("Må representantene fra kommunene være eiere/myndighet?", "Ja.", "eiere/myndighet"),
    ("Må representantane frå kommunane vere eigarar eller mynde?", "Ja.", "eigarar/mynde"),
    ("Gjelder 10 % til felles tiltak allerede for Kompetanseløftet?", "Nei, ikke ennå", "permanent"),
    ("Gjeld 10 % til felles tiltak alt for Kompetanseløftet?", "Nei, ikkje enno", "permanent"),
    ("Does the 10 % for common measures already apply to Kompetanseløftet?", "No, not yet", "permanent"),
    ("Kan vi bruke midler i regional ordning til fagbrev som barne- og ungdomsarbeider?", "Ja.", "30 %"),
    ("Kan vi bruke midlar i regional ordning til fagbrev?", "Ja.", "30 %"),
    ("Can regional scheme money be used for trade certificates?", "Yes.", "30 %"),
    # may vs must: a permission answers an obligation "no"
    ("Må nettverkene for barnehage og skole være ett felles nettverk?", "Nei.", "atskilte"),
    ("Må nettverka for barnehage og skule vere eitt felles nettverk?", "Nei.", "skilde"),
    ("Do the kindergarten and school networks have to be one joint network?", "No.", "separate"),
    ("Kan nettverkene for barnehage og skole være ett felles nettverk?", "Ja.", "atskilte"),
    # through Udir's system (yes) vs directly to Udir (no)
    ("Does the annual report have to be submitted through Udir's høringssystem?", "Yes.", "Statsforvalteren"),
    ("Skal årsrapporten leveres i Udirs høringssystem?", "Ja.", "Statsforvalteren"),
    ("Skal årsrapporten leverast i høyringssystemet til Udir?", "Ja.", "Statsforvaltaren"),
    ("Skal årsrapporten sendes direkte til Udir?", "Nei.", "Statsforvalteren"),
    # facts the plan states plainly
    ("Skal nye tiltak prioriteres foran tiltak som allerede er i gang?", "Nei.", "igangsatte tiltak"),
    ("Skal nye tiltak prioriterast framfor tiltak som er i gang?", "Nei.", "prioriterast"),
    ("Should new measures be prioritised over ongoing ones?", "No.", "already started"),
    ("Is the owners' responsibility for competence development dependent on state grants?", "No.", "regardless"),
    ("Er eieransvaret avhengig av statstilskudd?", "Nei.", "uavhengig av statstilskudd"),
    ("Er eigaransvaret avhengig av statstilskot?", "Nei.", "uavhengig av statstilskot"),
    ("Should teacher unions be represented in the networks?", "Yes.", "forankring"),
    ("Skal lærerorganisasjonene være representert i kompetansenettverkene?", "Ja.", "forankring og medvirkning"),
])
def test_yes_no_lead_follows_what_is_asked(qa: QuestionAnswerer, question: str, lead: str, needle: str) -> None:
    text = _ask(qa, question)
    assert text.startswith(lead), text
    assert needle in text, text


@pytest.mark.parametrize(("question", "today", "lead"), [
    ("Er det i dag fristen går ut?", date(2027, 1, 15), "Ja."),
    ("Er det i dag fristen for årsrapporten går ut?", date(2027, 1, 15), "Ja."),
    ("Is the deadline today?", date(2027, 1, 15), "Yes."),
    ("Er det i dag fristen går ut?", date(2027, 1, 14), "Nei."),
    ("Går fristen for behovsmelding ut i morgon?", date(2027, 1, 31), "Ja."),
])
def test_deadline_on_the_asked_day(qa: QuestionAnswerer, question: str, today: date, lead: str) -> None:
    assert _ask(qa, question, today=today).startswith(lead)


def test_must_and_may_are_read_from_the_question() -> None:
    assert "asks_must" in kind_concepts(tokenize(fold("Må nettverkene være felles?")))
    assert "asks_must" in kind_concepts(tokenize(fold("Does it have to be one network?")))
    may = kind_concepts(tokenize(fold("Kan nettverkene være felles?")))
    assert "asks_may" in may and "asks_must" not in may


def test_a_permission_claim_answers_an_obligation_no() -> None:
    claims = Claims([{"id": "joint", "answer": "yes", "permission": True, "all": ["@network"],
                      "text": {"nb": "De kan velge"}}])
    claim = claims.find(["nettverk"], frozenset({"network", "yesno", "asks_must"}))
    assert claim is not None
    assert claim.polarity(frozenset({"network", "yesno", "asks_must"})) == "no"
    assert claim.polarity(frozenset({"network", "yesno", "asks_may"})) == "yes"


# --- 3. colloquial, nynorsk and English wording reaches the facts ----------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("Hva kan penga brukes til egentlig?", "vurdere kompetansebehov"),
    ("Kva kan pengar brukast til?", "kompetansebehov"),
    ("Kor mange prosent av tilskotet kan overførast til UH i kompetanseløftet?", "100 %"),
    ("Hvor mange prosent kan gå til UH?", "100 %"),
    ("How many percent can be transferred to the university?", "100%"),
    ("Hvem har ansvaret for kvalitet og kompetanse – staten eller eierne?", "eierne"),
    ("Kven har ansvaret for kvalitet og kompetanse – staten eller eigarane?", "eigarane"),
    ("Who is responsible for quality and competence, the state or the owners?", "owners"),
    ("Hvordan vedlikeholder vi kompetansen etter et tiltak?", "nyansatte"),
    ("How do we maintain competence after a measure?", "new staff"),
    ("Korleis held vi ved like kompetansen over tid? Kva seier planen om vedlikehald av kompetanse?",
     "nytilsette"),
])
def test_colloquial_questions_reach_the_plan(qa: QuestionAnswerer, question: str, needle: str) -> None:
    assert needle in _ask(qa, question)


# --- 4. the asked detail is not in the plan: say so, then what it does say ---------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("Kor vert møtet i mars halde?", "kvar møta blir haldne"),
    ("Hvor holdes møtet i juni?", "hvor møtene holdes"),
    ("Where is the meeting in June held?", "where the meetings are held"),
    ("Hvor mange timer i uka skal en koordinator jobbe?", "timer"),
    ("Kor mange timar i veka skal koordinatoren arbeide?", "timar"),
    ("How many hours per week does the coordinator work?", "hours"),
    ("Hva er organisasjonsnummeret til Statsforvalteren?", "organisasjonsnummer"),
    ("What is the organisation number of the county governor?", "organisation number"),
    ("Hvor mange behovsmeldinger kom inn i fjor?", "behovsmeldinger"),
    ("Kor mange behovsmeldingar kom inn i fjor?", "behovsmeldingar"),
    ("How many needs reports were submitted last year?", "needs reports"),
    ("Må ubrukte midler betales tilbake?", "betales tilbake"),
    ("Må ubrukte midlar betalast tilbake?", "betalast tilbake"),
    ("Do unused funds have to be paid back?", "paid back"),
    ("Kva skjer dersom årsrapporten kjem for seint?", "15. januar"),
    ("If the deadline falls on a Sunday, do we get an extension?", "extended"),
    ("Hvor mange barnehager er med i Hamarregionen?", "barnehager"),
    ("How many schools are there in Valdres?", "schools"),
    ("Hvor mye fikk Innlandet totalt i 2025?", "beløp"),
    ("How much did Innlandet get in total in 2025?", "amounts"),
    ("Hvor mye får Hamarregionen i 2027?", "tildelingsbrevet"),
])
def test_near_topic_detail_not_in_the_plan(qa: QuestionAnswerer, question: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan, answer.text
    assert answer.text.startswith(NOT_SAID), answer.text
    assert needle in answer.text, answer.text


# --- 5. other regions ------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "Når er fristen i Oslo og Viken?",
    "Korleis fordeler Vestland midlane?",
    "How does Rogaland split the money?",
    "Hvem leder samarbeidsforumet i Trøndelag?",
    "Kan vi bruke regionale midler slik de gjør i Agder?",
])
def test_other_regions_are_outside_the_plan(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan, answer.text
    assert "Innlandet" in answer.text


@pytest.mark.parametrize("question", [
    "Can we use more than 20 % for the coordinator?",
    "Hvordan fordeles midlene i Innlandet?",
])
def test_innlandet_and_english_words_are_not_other_regions(qa: QuestionAnswerer, question: str) -> None:
    assert not qa.answer(question, TODAY).outside_plan


# --- 6. every part of a multi-part question -----------------------------------------------------------------
@pytest.mark.parametrize(("question", "needles"), [
    ("Hvor mange representanter har de private og de kommunale barnehageeierne?",
     ("private barnehageeiere", "kommunale barnehageeiere")),
    ("How many representatives do the municipal kindergarten owners have?", ("3 representatives of municipal",)),
    ("Hvilke tre ordninger omfatter tilskuddsordningen, og i hvilken har skoleeier egenandel?",
     ("Regional ordning", "Kompetanseløft", "desentralisert ordning", "30 %")),
    ("Når er fristen for årsrapporten, og hvor skal den leveres?", ("15. januar", "høringssystem")),
    ("Kva er fristen for årsrapporten, og kvar skal han leverast?", ("15. januar", "høyringssystem")),
    ("When is the annual report due, and where is it submitted?", ("15 January", "consultation system")),
])
def test_every_part_is_answered(qa: QuestionAnswerer, question: str, needles: tuple[str, ...]) -> None:
    text = _ask(qa, question)
    for needle in needles:
        assert needle in text, (needle, text)


# --- 7. follow-ups keep the topic ------------------------------------------------------------------------------
@pytest.mark.parametrize(("first", "followup", "needle"), [
    ("Hvem får utbetalt midlene til nettverkene?", "Og for fylkeskommunen da?", "fylkeskommune"),
    ("Who receives the money for the networks?", "And for the county council?", "county council"),
    ("Kven får utbetalt midlane til nettverka?", "Og for fylkeskommunen då?", "fylkeskommune"),
    ("Kan midler i regional ordning brukes til spesialpedagogiske tema?",
     "Hva med motsatt vei – kompetanseløftmidler til et realfagsprosjekt?", "ikke brukes"),
    ("Kva skjer om forumet ikkje blir samde?", "Kan dei røyste om det blir avstemming?", "Ja."),
    ("Kan nettverket bruke inntil 20 % til koordinator?", "And does that apply to Kompetanseløftet too?", "20"),
    ("How much of the grant may a network spend on a coordinator?",
     "And does that apply to the Kompetanseløftet as well?", "20 %"),
    ("When is the needs report deadline?", "and the one for the annual report?", "15 January"),
])
def test_followups_keep_the_topic(qa: QuestionAnswerer, first: str, followup: str, needle: str) -> None:
    assert needle in _ask(qa, followup, (first,))


def test_a_followup_naming_another_document_still_asks_its_own_question(qa: QuestionAnswerer) -> None:
    text = _ask(qa, "Og utbetalingen?", ("Hvem leder samarbeidsforumet?",))
    assert "tilsagnsbrev" in text


# --- 8. content the answers carry ------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "needles"), [
    ("Which three schemes does the grant scheme cover?", ("regional scheme", "decentralised", "special education")),
    ("Hvilke tre ordninger omfatter tilskuddsordningen?", ("Regional ordning", "Desentralisert", "Kompetanseløft")),
    ("How is the regional scheme calculated?", ("basic staff",)),
    ("What must the innstilling contain?", ("distribution of funds", "grant recipients")),
    ("Should teacher unions be represented in the networks?", ("forankring", "medvirkning")),
    ("Kva skal innstillinga innehalde?", ("fordelt",)),
])
def test_answers_carry_the_plans_content(qa: QuestionAnswerer, question: str, needles: tuple[str, ...]) -> None:
    text = _ask(qa, question)
    for needle in needles:
        assert needle in text, (needle, text)


# --- a "too late?" question compares the asked day with the deadline (the deadline day itself counts) --------
@pytest.mark.parametrize(("question", "today", "lead"), [
    ("Er det for sent å sende behovsmeldingen i morgen?", date(2027, 1, 31), "Nei."),
    ("Er det for seint å sende behovsmeldinga i dag?", date(2027, 2, 1), "Nei."),
    ("Is it too late to send the needs report tomorrow?", date(2027, 2, 1), "Yes."),
    ("Is it too late to send our needs report today?", date(2027, 1, 30), "No."),
])
def test_too_late_compares_the_day_with_the_deadline(qa: QuestionAnswerer, question: str, today: date,
                                                     lead: str) -> None:
    assert qa.answer(question, today).text.startswith(lead)


# --- funding without reported needs: the plan's "no" (5.8), in all three languages --------------------------
@pytest.mark.parametrize(("question", "lead"), [
    ("Kan vi få tilskudd uten å melde behov?", "Nei."),
    ("Kan me få midlar utan å melde behov?", "Nei."),
    ("Can we get grants without reporting needs?", "No."),
])
def test_funding_without_reported_needs_is_no(qa: QuestionAnswerer, question: str, lead: str) -> None:
    assert qa.answer(question, TODAY).text.startswith(lead)


# --- what happens when something is not delivered in time: not in the plan, said so, then the deadline -------
@pytest.mark.parametrize("question", [
    "Hva skjer hvis vi ikke leverer årsrapporten innen fristen?",
    "Kva skjer dersom vi ikkje sender behovsmeldinga i tide?",
    "What happens if we don't submit the annual report on time?",
    "What happens if a network fails to send its needs report?",
])
def test_consequences_of_not_delivering_are_not_in_the_plan(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan and answer.text.startswith(NOT_SAID), answer.text
    assert any(day in answer.text for day in ("15. januar 2027", "1. februar 2027", "15 January 2027",
                                              "1 February 2027")), answer.text


# --- "as a rule" and "is it moved?": no yes that the plan does not give ------------------------------------
@pytest.mark.parametrize(("question", "today", "lead"), [
    ("Skal samarbeidsforumene som hovedregel stemme over innstillingen?", TODAY, "Nei."),
    ("Skal forumet vanlegvis røyste over innstillinga?", TODAY, "Nei."),
    ("Do the forums normally vote on the recommendation?", TODAY, "No."),
    ("Kan samarbeidsforumet stemme hvis de ikke blir enige?", TODAY, "Ja."),
    ("Fristen for å melde behov er på søndag – blir han flytta til måndag?", date(2026, 1, 31), "Nei."),
    ("The payout deadline falls on a Saturday this year. Is it moved to Monday?", date(2028, 4, 15), "No."),
    ("Blir fristen for årsrapporten flyttet når den faller på en lørdag?", date(2027, 12, 1), "Nei."),
])
def test_as_a_rule_and_moved_deadlines(qa: QuestionAnswerer, question: str, today: date, lead: str) -> None:
    assert qa.answer(question, today).text.startswith(lead)
