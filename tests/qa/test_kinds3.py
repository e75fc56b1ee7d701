"""Issue 16, third round of kinds (development questions written from the plan, not from any evaluation set):

1. the topic is in the plan, the asked *detail* is not ([[qa.detail_types]] / [[qa.detail_answers]]): the
   answer says first that the plan does not say it, then what the plan does say, with its sections;
2. pronoun and elliptic follow-ups ([[qa.followups]]) resolved against the conversation's last topic;
3. multi-part questions without a question mark between the parts, and two counts in one question.
nb, nn and en.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.claims import ClaimError
from bot.qa.details import DetailCheck, drop_said
from bot.qa.followups import FollowUps
from bot.qa.normalize import fold, tokenize

TODAY = date(2026, 8, 31)
LEADS = {"nb": ("Planen sier ikke ", "Det planen sier: "), "nn": ("Planen seier ikkje ", "Det planen seier: "),
         "en": ("The plan does not say ", "What the plan does say: ")}
# A sum of money in the text ("1 500 kr", "NOK 300", "200 kroner"): the plan holds none.
_MONEY = re.compile(r"\d[\d  .,]*\s*(?:kr\b|kroner|nok\b)|\bnok\s*\d", re.IGNORECASE)


# --- 1. the asked detail is not in the plan: "Planen sier ikke ..." first, then the nearby fact ----------------
@pytest.mark.parametrize(("question", "language", "asked", "section"), [
    # amounts: an hourly or daily rate, a salary
    ("Hva er timesatsen for frikjøp av lærere?", "nb", "noe beløp", "5.8"),
    ("Hvor mye får en vikar per dag ved frikjøp?", "nb", "noe beløp", "5.8"),
    ("Hva er dagsatsen for vikarer når ansatte frikjøpes?", "nb", "noe beløp", "5.8"),
    ("Hva er lønnen til en regional koordinator?", "nb", "noe beløp", "5.8"),
    ("Kva er timeprisen for frikjøp?", "nn", "noko beløp", "5.8"),
    ("Kva løn får koordinatoren?", "nn", "noko beløp", "5.8"),
    ("What is the hourly rate for release time?", "en", "any amount", "5.8"),
    ("What salary does the regional coordinator get?", "en", "any amount", "5.8"),
    # a time of day
    ("Når på dagen starter møtene i samarbeidsforum?", "nb", "klokkeslett", "9"),
    ("Hvilket klokkeslett begynner møtene i samarbeidsforumene?", "nb", "klokkeslett", "9"),
    ("Kva tid på dagen byrjar møta i samarbeidsforuma?", "nn", "klokkeslett", "9"),
    ("What time do the forum meetings start?", "en", "time of day", "9"),
    # an e-mail address or other address
    ("Hvilken e-postadresse skal årsrapporten sendes til?", "nb", "e-postadresse", "10"),
    ("Kva e-postadresse skal årsrapporten sendast til?", "nn", "e-postadresse", "10"),
    ("What is the email address to send the annual report to?", "en", "e-mail address", "10"),
    # the members of each network
    ("Hvilke kommuner er med i hvert kompetansenettverk?", "nb", "hvilke eller hvor mange kommuner", "6"),
    ("Kva kommunar er med i kvart kompetansenettverk?", "nn", "kva eller kor mange kommunar", "6"),
    ("Which municipalities are in each network?", "en", "which or how many municipalities", "6"),
    ("Hvilke kommuner er med i Hamarregionen?", "nb", "hvilke eller hvor mange kommuner", "6"),
    ("Hvor mange kommuner er med i hvert nettverk?", "nb", "hvor mange kommuner", "6"),
    # an extension of no named deadline
    ("Kan vi få dispensasjon fra fristen?", "nb", "utsettes", "9"),
    ("Can we get an extension of the deadlines?", "en", "extended", "9"),
    # a scheme the plan does not cover
    ("Når er fristen for å søke tilskudd i ordningen for fag- og yrkesopplæringen?", "nb", "fag- og yrkesopplæringen",
     "1"),
    ("Kva er fristen for fag- og yrkesopplæringa?", "nn", "fag- og yrkesopplæringa", "1"),
    ("What is the deadline for the vocational training scheme?", "en", "vocational", "1"),
    # a conference: its theme, its date in a year not listed, the number of participants
    ("Hva er temaet for Innlandskonferansen?", "nb", "tema", "8"),
    ("Kva er temaet for Innlandskonferansen?", "nn", "tema", "8"),
    ("What is the theme of the Innlandet conference?", "en", "theme", "8"),
    ("Når er Innlandskonferansen i 2027?", "nb", "dato", "8"),
    ("When is the annual Innlandet conference in 2026?", "en", "date", "8"),
    ("Hvor mange deltakere var det på den nasjonale samlingen?", "nb", "hvor mange", "8"),
    ("How many participants attend the Innlandet conference?", "en", "how many", "8"),
    # other universities than HINN
    ("Hvilke andre universiteter enn HINN deltar?", "nb", "andre universiteter", "5.5"),
    ("Kva andre høgskular enn HINN er med?", "nn", "andre universitet", "5.5"),
    ("Which universities other than HINN take part?", "en", "other than HINN", "5.5"),
    # a specific cost item: 5.5 lists the uses and says nothing of hotels or travel
    ("Kan midlene brukes til å dekke hotell og reise?", "nb", "hotell", "5.5"),
    ("Kan tilskotet dekkje reise og overnatting?", "nn", "hotell", "5.5"),
    ("Can the grant pay for hotel costs?", "en", "hotels", "5.5"),
    ("Can the funds cover travel expenses?", "en", "hotels", "5.5"),
    ("Kan vi bruke midlene på mat og servering på samlinger?", "nb", "mat", "5.5"),
    ("Hvor mye betales en vikar i timen?", "nb", "noe beløp", "5.8"),
    ("What is the daily rate for substitutes?", "en", "any amount", "5.8"),
    # what a conference costs; whether other colleges take part (a yes/no question)
    ("Kva kostar det å delta på Innlandskonferansen?", "nn", "kostar", "8"),
    ("Kan vi søke om unntak fra egenandelen?", "nb", "unntak", "5.8"),
    ("Can the school owners get an exemption from the own contribution?", "en", "exemption", "5.8"),
    ("Er det andre høgskoler enn HINN som er med i partnerskapene?", "nb", "andre universiteter", "5.5"),
])
def test_asked_detail_not_in_plan(qa: QuestionAnswerer, question: str, language: str, asked: str,
                                  section: str) -> None:
    answer = qa.answer(question, TODAY)
    not_said, said = LEADS[language]
    assert answer.language == language, answer.text
    assert answer.outside_plan and answer.intent == "outside_plan", answer.text
    assert answer.text.startswith(not_said), answer.text
    assert asked.casefold() in answer.text.split(said)[0].casefold(), answer.text
    assert said in answer.text, answer.text
    assert section in answer.sources, (answer.sources, answer.text)
    assert not _MONEY.search(answer.text), answer.text


def test_salary_outside_the_plan_is_not_turned_into_a_coordinator_answer(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Hva er lønna til en barnehagelærer?", TODAY)
    assert answer.outside_plan and "koordinator" not in answer.text, answer.text


@pytest.mark.parametrize(("question", "lead", "deadline"), [
    ("Kan vi søke om utsettelse av fristen for behovsmelding?", "Planen sier ikke at en frist kan utsettes",
     "1. februar 2027"),
    ("Kan vi få forlenget fristen for årsrapporten?", "Planen sier ikke at en frist kan utsettes", "15. januar 2027"),
    ("Kan fristen for behovsmelding forlenges?", "Planen sier ikke at en frist kan utsettes", "1. februar 2027"),
    ("Kan vi søkje om utsetjing av fristen for innstillinga?", "Planen seier ikkje at ein frist kan utsetjast",
     "15. mars 2027"),
    ("Can we apply for an extension of the deadline for the annual report?",
     "The plan does not say that a deadline can be extended", "15 January 2027"),
    ("Can the deadline for the needs report be extended?", "The plan does not say that a deadline can be extended",
     "1 February 2027"),
])
def test_extension_of_a_named_deadline_says_no_extension_first(qa: QuestionAnswerer, question: str, lead: str,
                                                                deadline: str) -> None:
    """The plan is silent on extensions: said first, once (an outside-plan detail), then the deadline itself."""
    answer = qa.answer(question, TODAY)
    text = answer.text
    assert answer.outside_plan, text
    assert text.startswith(lead), text
    assert text.count(lead) == 1, text
    assert deadline in text, text


def test_extension_is_said_once_when_the_lead_says_it(qa: QuestionAnswerer) -> None:
    """After "Går det an å sende den likevel?" the lead says it; the deadline's own sentence is not repeated."""
    context = list(qa.answer("Når er fristen for behovsmelding?", TODAY).context)
    text = qa.answer("Går det an å sende den likevel?", TODAY, context).text
    assert text.count("utsettelse") == 1, text
    assert "1. februar 2027" in text


def test_vocational_scheme_gets_the_schemes_not_another_deadline(qa: QuestionAnswerer) -> None:
    text = qa.answer("Når er fristen for å søke tilskudd i ordningen for fag- og yrkesopplæringen?", TODAY).text
    assert "1. februar" not in text, text
    assert "Regional ordning" in text or "regional ordning" in text, text


# --- in-plan questions near those details keep their answer -----------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("Hva kan midlene brukes til?", "vurdere kompetansebehov"),
    ("Kan egenandelen brukes til lønn til regional koordinator?", "koordinator"),
    ("Hvor mange representanter har KS?", "1 representant fra KS"),
    ("Når er Innlandskonferansen?", "årlig"),
    ("What was the theme of the national gathering?", "Aktør i egen læring"),
    ("Trekkes yrkesfaglærere fra i beregningen for videregående?", "yrkesfag"),
    ("Hvordan er arbeidsgruppa sammensatt?", "8"),
    ("Hvem sender lenken til rapporteringsskjemaet?", "Statsforvalter"),
    ("Når er fristen for behovsmelding?", "1. februar 2027"),
    ("Hvor mye av tilskuddet kan gå til regional koordinator?", "20 %"),
    ("Når er neste møte i samarbeidsforum?", "17. september 2026"),
    ("Hvem får midlene til UH?", "UH"),
    ("Hvor skal vi sende behovsmeldingen?", "samarbeidsforumene"),
    ("Where do we send the annual report?", "Statsforvalteren"),
    ("Hvem skal rapportere?", "UH"),
    ("Hvor mange timer frikjøp får vi?", "frikjøp"),
])
def test_in_plan_questions_are_not_turned_away(qa: QuestionAnswerer, question: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan, answer.text
    assert needle.casefold() in answer.text.casefold(), answer.text


# --- the data of the detail step -------------------------------------------------------------------------
def test_every_detail_type_has_every_language(plan_data: dict[str, object]) -> None:
    table = plan_data["qa"]
    assert isinstance(table, dict)
    for entry in table["detail_types"]:
        assert set(entry["what"]) == {"nb", "nn", "en"}, entry["id"]
    check = DetailCheck(table["detail_types"], table["detail_answers"])
    assert check.get("amount") is not None and check.get("no_such_type") is None


def test_detail_answers_must_name_known_types() -> None:
    types = [{"id": "amount", "all": ["kroner"], "what": {"nb": "noe beløp"}}]
    with pytest.raises(ClaimError):
        DetailCheck(types, [{"intent": "frikjop", "details": ["salary_of_the_king"]}])
    with pytest.raises(ClaimError):
        DetailCheck([{"id": "amount", "all": [], "what": {"nb": "x"}}], [])
    with pytest.raises(ClaimError):
        DetailCheck([{"id": "amount", "all": ["kroner"]}], [])


def test_a_detail_an_intent_holds_is_not_missing() -> None:
    types = [{"id": "theme", "all": ["tema"], "what": {"nb": "tema"}}]
    check = DetailCheck(types, [{"intent": "events", "details": ["theme"], "when": ["nasjonal*"]}])
    tokens = tokenize(fold("hva er tema for den nasjonale samlingen"))
    assert check.missing("events", tokens, frozenset()) is None
    other = tokenize(fold("hva er tema for innlandskonferansen"))
    missing = check.missing("events", other, frozenset())
    assert missing is not None and missing.id == "theme"
    assert check.missing("meeting", tokenize(fold("når er møtet")), frozenset()) is None


def test_drop_said_removes_only_the_repeated_sentence() -> None:
    text = "Planen gir ingen utsettelse. Fristen er 1. februar."
    assert drop_said(text, ["Planen gir ingen utsettelse."]) == "Fristen er 1. februar."
    assert drop_said("Fristen er 1. februar. Planen gir ingen utsettelse.", ["Planen gir ingen utsettelse."]) == (
        "Fristen er 1. februar.")
    assert drop_said(text, ["Noe annet."]) == text


# --- 2. follow-ups with a pronoun or an ellipsis -----------------------------------------------------------
def converse(qa: QuestionAnswerer, *questions: str, today: date = TODAY) -> list[str]:
    context: list[str] = []
    texts: list[str] = []
    for question in questions:
        answer = qa.answer(question, today, context)
        context = list(answer.context)
        texts.append(answer.text)
    return texts


@pytest.mark.parametrize(("first", "followup", "needle", "absent"), [
    ("Hva er regional ordning?", "Hva kan de brukes til?", "vurdere kompetansebehov", "Tilskuddsordningen for lokal"),
    ("Kva er regional ordning?", "Kva kan dei brukast til?", "vurdere kompetansebehov", "omfattar tre"),
    ("Hva er desentralisert ordning?", "What can it be spent on?", "assessing competence needs", "three schemes"),
    ("Hva er Kompetanseløftet?", "Hva kan de brukes til?", "spesialpedagogikk", "Nei."),
    ("Hvordan er arbeidsgruppa sammensatt?", "Kor mange er det til saman?", "8", "Det seier ikkje planen"),
    ("Hvem sitter i arbeidsgruppa?", "Hvor mange er de til sammen?", "8", "Det sier ikke planen"),
    ("Who is in the working group?", "How many are there in total?", "8", "does not say anything"),
    ("Hvordan er samarbeidsforum skole sammensatt?", "Hvor mange er de til sammen?", "ikke ett samlet antall",
     "Det sier ikke planen noe om"),
    ("How do we report?", "And which form do we use?", "reporting forms", "does not say anything"),
    ("Når er fristen for årsrapporten?", "Og hvilket skjema bruker vi?", "rapporteringsskjema", "Det sier ikke"),
    ("Korleis rapporterer vi?", "Og kva skjema brukar vi?", "rapporteringsskjema", "Det seier ikkje"),
    ("Hvem sitter i arbeidsgruppa?", "Hvor mange fra Statsforvalteren?", "2 representanter fra Statsforvalteren",
     "Samarbeidsforum barnehage:"),
    ("Hvor mye kan gå til regional koordinator?", "Hva er lønnen?", "Planen sier ikke noe beløp", "Det sier ikke"),
    ("Når er neste møte?", "Når på dagen?", "Planen sier ikke hvilket klokkeslett", "Det sier ikke planen noe om"),
    ("When is the next forum meeting?", "What time does it start?", "time of day", "does not say anything"),
])
def test_followups_resolve_against_the_last_topic(qa: QuestionAnswerer, first: str, followup: str, needle: str,
                                                  absent: str) -> None:
    texts = converse(qa, first, followup)
    assert needle.casefold() in texts[1].casefold(), texts[1]
    assert absent not in texts[1], texts[1]


@pytest.mark.parametrize(("first", "followup", "language", "deadline"), [
    ("Hva er fristen for behovsmelding for 2026?", "Går det an å sende den nå likevel?", "nb", "1. februar 2027"),
    ("Når var fristen for årsrapporten i 2026?", "Kan vi levere den likevel?", "nb", "15. januar 2027"),
    ("Kva er fristen for innstillinga?", "Kan vi sende ho seinare?", "nn", "15. mars 2027"),
    ("What is the deadline for the recommendation?", "Can we still send it after that?", "en", "15 March 2027"),
])
def test_late_submission_followup_says_no_extension(qa: QuestionAnswerer, first: str, followup: str,
                                                    language: str, deadline: str) -> None:
    context = list(qa.answer(first, TODAY).context)
    answer = qa.answer(followup, TODAY, context)
    assert answer.language == language, answer.text
    assert answer.outside_plan and answer.text.startswith(LEADS[language][0]), answer.text
    assert deadline in answer.text, answer.text


def test_detail_answer_keeps_the_topic_for_the_next_followup(qa: QuestionAnswerer) -> None:
    """An answer whose topic is in the plan (it has sources) keeps the conversation's topic."""
    first = qa.answer("Hvilken e-postadresse skal årsrapporten sendes til?", TODAY)
    assert first.outside_plan and first.context
    then = qa.answer("Og hvilket skjema bruker vi?", TODAY, list(first.context))
    assert "rapporteringsskjema" in then.text, then.text
    nothing = qa.answer("Hva er klokka i Tokyo?", TODAY)
    assert nothing.outside_plan and not nothing.context


def test_short_norwegian_followup_stays_norwegian(qa: QuestionAnswerer) -> None:
    assert qa.answer("Går det an å sende den nå likevel?", TODAY).language == "nb"


def test_followup_rules_are_validated() -> None:
    with pytest.raises(ClaimError):
        FollowUps([{"id": "x", "all": ["@use"], "prev": []}])
    rules = FollowUps([{"id": "x", "all": ["@use"], "prev": ["@money"], "add": ["money"]}])
    assert len(rules) == 1
    assert rules.find(["hva", "kan", "de", "brukes", "til"], frozenset({"use"}), frozenset({"money"})) is not None
    assert rules.find(["hva", "kan", "de", "brukes", "til"], frozenset({"use"}), frozenset({"meeting"})) is None


# --- 3. multi-part questions and two counts in one question -----------------------------------------------
@pytest.mark.parametrize(("question", "needles"), [
    ("nar er neste mote i samarbeidsforum, og nar er neste frist for behovsmelding",
     ("17. september 2026", "1. februar 2027")),
    ("Når er neste møte i samarbeidsforum, og når er fristen for årsrapporten",
     ("17. september 2026", "15. januar 2027")),
    ("Kva er fristen for innstillinga, og når blir midlane utbetalte", ("15. mars 2027", "15. april 2027")),
    ("What is the deadline for the annual report and when is the next meeting",
     ("15 January 2027", "17 September 2026")),
])
def test_multi_part_questions_answer_every_part(qa: QuestionAnswerer, question: str, needles: tuple[str, ...]) -> None:
    text = qa.answer(question, TODAY).text
    for needle in needles:
        assert needle in text, text


@pytest.mark.parametrize(("question", "needles", "absent"), [
    ("How many representatives do KS and Statped each have?", ("1 representative of KS", "1 representative of Statped",
                                                               "none from Statped"), "private"),
    ("Hvor mange representanter har PPT og Utdanningsforbundet?", ("representant fra PPT",
                                                                   "representant fra Utdanningsforbundet"),
     "private"),
    ("Kor mange representantar har KS og Statsforvaltaren?", ("KS", "Statsforvaltar"), "private"),
])
def test_two_counts_in_one_question(qa: QuestionAnswerer, question: str, needles: tuple[str, ...],
                                    absent: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan, answer.text
    for needle in needles:
        assert needle in answer.text, answer.text
    assert absent not in answer.text, answer.text
