"""The kinds of misses of the second held-out round of issue 16, as development questions written from the
plan (not from any evaluation set): yes/no polarity from data claims, meetings, one scheme's percentage,
annual-report years as budget years, false "the plan does not say", payout recipients, composition numbers
and the difference between the two forums. nb, nn and en.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.claims import ClaimError, Claims
from bot.qa.normalize import fold, tokenize

TODAY = date(2026, 12, 2)


def first_sentence(text: str) -> str:
    line = text.strip().splitlines()[0]
    return re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])", line, maxsplit=1)[0]


def ask(qa: QuestionAnswerer, question: str, today: date = TODAY) -> str:
    answer = qa.answer(question, today)
    assert not answer.outside_plan, answer.text
    return answer.text


# --- 1. yes/no questions on topics with a claim in the data: the plan's yes or no first -------------------
@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Er de to samarbeidsforumene ett felles forum?", "Nei.", "to samarbeidsforum"),
    ("Er dei to samarbeidsforuma eitt felles forum?", "Nei.", "to samarbeidsforum"),
    ("Is there one joint forum for kindergarten and school?", "No.", "two collaboration forums"),
    ("Kan et kompetansenettverk være felles for barnehage og skole?", "Ja.", "felles kompetansenettverk"),
    ("Kan eit kompetansenettverk vere felles for barnehage og skule?", "Ja.", "felles kompetansenettverk"),
    ("Can a network be joint for kindergarten and school?", "Yes.", "joint network"),
    ("Er fylkeskommunen tilskuddsmottaker?", "Ja.", "tilskuddsmottaker"),
    ("Er fylkeskommunen sjølv tilskotsmottakar?", "Ja.", "tilskotsmottakar"),
    ("Is the county council a grant recipient?", "Yes.", "grant recipient"),
    ("Får UH pengene gjennom vertskommunen?", "Nei.", "direkte"),
    ("Går pengane til UH gjennom vertskommunen?", "Nei.", "direkte"),
    ("Does UH get its money via the host municipality?", "No.", "directly"),
    ("Blir nettverkets midler utbetalt til hver kommune?", "Nei.", "vertskommune"),
    ("Blir midlane til nettverket betalte ut til kvar kommune?", "Nei.", "vertskommune"),
    ("Is the network's money paid to each municipality?", "No.", "host municipality"),
    ("Kan tilskuddet brukes til å vurdere kompetansebehov?", "Ja.", "vurdere kompetansebehov"),
    ("Kan tilskotet brukast til å vurdere kompetansebehov?", "Ja.", "vurdere kompetansebehov"),
    ("Can the grant be used to assess competence needs?", "Yes.", "assess competence needs"),
    ("Må fellestiltak også meldes som behov?", "Ja.", "fellestiltakene"),
    ("Do joint measures also have to be reported as needs?", "Yes.", "common measures"),
    ("Er friskolene en egen region?", "Ja.", "egen region"),
    ("Are the independent schools a region of their own?", "Yes.", "region of their own"),
    ("Må kommunens representanter være på eier- eller myndighetsnivå?", "Ja.", "eiere/myndighet"),
    ("Skal samiske perspektiver ivaretas?", "Ja.", "samiske perspektiver"),
    ("Skal samiske perspektiv takast vare på?", "Ja.", "samiske perspektiv"),
    ("Are Sami perspectives to be safeguarded?", "Yes.", "Sami perspectives"),
    ("Bestemmer Statsforvalteren innstillingen alene?", "Nei.", "ikke stemme"),
    ("Avgjer Statsforvaltaren innstillinga aleine?", "Nei.", "ikkje røyste"),
    ("Does Statsforvalteren decide the recommendation alone?", "No.", "cannot vote"),
    ("Er det ett felles rapporteringsskjema for alle tre ordningene?", "Nei.", "egne rapporteringsskjema"),
    ("Is there one common reporting form for all three schemes?", "No.", "separate reporting forms"),
    ("Rapporterer fag- og yrkesopplæringen til Statsforvalteren?", "Nei.", "direkte til Utdanningsdirektoratet"),
    ("Does vocational training report to Statsforvalteren?", "No.", "directly to the Directorate"),
    ("Kan vi bruke mer enn 20 % til koordinator?", "Nei", "20 %"),
    ("Can we use more than 20 % for the coordinator?", "No", "20%"),
    ("Kan hele tilskuddet gå til HINN?", "Ja.", "100 %"),
    ("Can the whole grant go to UH?", "Yes.", "100 %"),
    ("Telles yrkesfaglærere med for videregående i desentralisert ordning?", "Nei.", "trekkes yrkesfaglærere fra"),
    ("Blir yrkesfaglærarar rekna med for vidaregåande i desentralisert ordning?", "Nei.", "trekte frå"),
    ("Are vocational teachers counted for upper secondary in the decentralised scheme?", "No.", "not counted"),
    ("Er private skular med i ordninga?", "Ja.", "friskulelova"),
    ("Is the county council its own region?", "Yes.", "4 regional"),
    ("Må vi sende behovsmelding hvert år?", "Ja.", "forenklet behovsmelding"),
])
def test_yes_no_claims_lead_with_the_plans_polarity(qa: QuestionAnswerer, question: str, lead: str,
                                                     needle: str) -> None:
    text = ask(qa, question)
    assert first_sentence(text).startswith(lead), text
    assert needle.casefold() in text.casefold(), text


@pytest.mark.parametrize("question", [
    "Must the municipal representatives be at owner or authority level?",  # "or" inside one alternative
    "Må representantane frå kommunane vere eigarar eller mynde?",
])
def test_a_claim_fact_answers_even_when_the_question_offers_a_choice(qa: QuestionAnswerer, question: str) -> None:
    text = ask(qa, question)
    assert "owner/authority" in text or "eigarar/mynde" in text, text
    assert not text.startswith(("Nei", "No")), text


# "Skal innstillingen sendes til Statsforvalteren?" was here; its reply states what it asks, which is a rule
# of its own now (tests/qa/test_restates.py).
@pytest.mark.parametrize("question", [
    "Har samarbeidsforumene felles møter?",
    "Kan private barnehager få midler?",
])
def test_no_polarity_is_guessed_without_a_claim_or_rule(qa: QuestionAnswerer, question: str) -> None:
    text = qa.answer(question, TODAY).text
    assert not re.match(r"(Ja|Nei|Yes|No)\b", text), text


# --- 2. meetings ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "lead"), [
    ("Hvilken ukedag er møtene?", "Torsdag."),
    ("Kva vekedag er møta?", "Torsdag."),
    ("Which weekday are the forum meetings held?", "Thursday."),
])
def test_weekday_of_the_meetings_first(qa: QuestionAnswerer, question: str, lead: str) -> None:
    assert ask(qa, question).startswith(lead)


@pytest.mark.parametrize(("question", "today", "lead"), [
    ("Er det møte i dag?", date(2027, 3, 11), "Ja."),
    ("Er det møte i dag?", date(2027, 3, 10), "Nei."),
    ("Is there a forum meeting today?", date(2027, 3, 11), "Yes."),
    ("Is there a meeting tomorrow?", date(2027, 3, 10), "Yes."),
    ("Er det møte i morgon?", date(2027, 3, 11), "Nei."),
])
def test_meeting_today_gets_yes_or_no(qa: QuestionAnswerer, question: str, today: date, lead: str) -> None:
    assert ask(qa, question, today).startswith(lead)


@pytest.mark.parametrize(("question", "today", "wanted", "unwanted"), [
    ("Når er sommermøtet i år?", date(2027, 3, 11), "torsdag 24. juni 2027", "21. januar 2027"),
    ("When is the summer meeting in 2027?", date(2027, 3, 11), "Thursday 24 June 2027", "21 January 2027"),
    ("Når er det første møtet i 2028?", date(2027, 3, 11), "torsdag 20. januar 2028", "9. mars 2028"),
    ("When is the first meeting in 2028?", date(2027, 3, 11), "Thursday 20 January 2028", "9 March 2028"),
    ("Når er det siste møtet i 2027?", date(2027, 3, 11), "torsdag 18. november 2027", "23. september 2027"),
    ("Når er sommarmøtet i 2028?", date(2027, 3, 11), "torsdag 22. juni 2028", "20. januar 2028"),
    ("Kva dato er novembermøtet i år?", date(2027, 3, 11), "torsdag 18. november 2027", "24. juni 2027"),
])
def test_one_named_meeting_gets_its_date_not_the_list(qa: QuestionAnswerer, question: str, today: date, wanted: str,
                                                      unwanted: str) -> None:
    text = ask(qa, question, today)
    assert wanted in first_sentence(text), text
    assert unwanted not in text, text


@pytest.mark.parametrize(("question", "today", "lead", "needle"), [
    ("Årshjulet sier 17. november. Er det møte da i år?", date(2027, 3, 11), "Nei.", "18. november 2027"),
    ("The annual wheel says 17 November. Is that a meeting day this year?", date(2027, 3, 11), "No.",
     "18 November 2027"),
    ("Årshjulet seier 23. juni. Er det møte då i år?", date(2027, 3, 11), "Nei.", "24. juni 2027"),
    ("Årshjulet sier 17. november. Er det møte da i år?", date(2022, 3, 1), "Ja.", "17. november 2022"),
])
def test_a_wheel_date_is_checked_against_the_week_rule(qa: QuestionAnswerer, question: str, today: date, lead: str,
                                                       needle: str) -> None:
    text = ask(qa, question, today)
    assert text.startswith(lead), text
    assert needle in text, text


# --- 3. one scheme's percentage first ----------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "lead"), [
    ("How many percent of the regional scheme's budget is calculated from FTEs?", "Up to 60"),
    ("Kor stor del av budsjettet i desentralisert ordning blir rekna ut frå lærarårsverk?", "Inntil 90 %."),
    ("Hvor mange prosent av budsjettet i Kompetanseløftet fordeles pro rata?", "Inntil 100 %."),
    ("Hvor stor andel av regional ordning fordeles etter årsverk?", "Inntil 60 %."),
    ("How much of the decentralised scheme's budget is calculated from teacher FTEs?", "Up to 90"),
])
def test_one_schemes_percentage_leads(qa: QuestionAnswerer, question: str, lead: str) -> None:
    assert ask(qa, question).startswith(lead)


# --- 4. a year with the annual report is the budget year; "passed?" questions -----------------------------------
@pytest.mark.parametrize(("question", "today", "lead", "needle", "unwanted"), [
    ("Når må vi rapportere på tiltakene vi fikk midler til i 2027?", date(2027, 1, 16), "",
     "15. januar 2028", "var fredag 15. januar 2027"),
    ("Har vi gått glipp av fristen for tiltakene fra 2026?", date(2027, 1, 16), "Ja.", "fredag 15. januar 2027",
     "15. januar 2026"),
    ("Did we miss the deadline for the 2026 measures?", date(2027, 1, 16), "Yes.", "Friday 15 January 2027",
     "15 January 2026"),
    ("Er fristen for utbetaling passert?", date(2027, 4, 20), "Ja.", "15. april 2028", "Planen gir ingen utsettelse."),
    ("Has the payout deadline passed?", date(2027, 4, 20), "Yes.", "15 April 2027", ""),
    ("Er fristen for utbetaling passert?", date(2027, 4, 10), "Nei.", "15. april 2027", "2028"),
    ("Når skal restmidler fra 2026 rapporteres?", date(2026, 8, 31), "", "1. februar 2027", "15. januar"),
    ("When are leftover funds from 2026 reported?", date(2026, 8, 31), "", "1 February 2027", "15 January"),
])
def test_years_and_passed_deadlines(qa: QuestionAnswerer, question: str, today: date, lead: str, needle: str,
                                   unwanted: str) -> None:
    text = ask(qa, question, today)
    assert text.startswith(lead), text
    assert needle in text, text
    if unwanted:
        assert unwanted not in text, text


# --- 5. things the plan does say ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("Hvor lenge har vi på oss til behovsmeldingen?", "1. februar"),
    ("Kor lenge har vi på oss til behovsmeldinga?", "1. februar"),
    ("How long do we have for the needs report?", "1 February"),
    ("What can the grant money be used for according to the guidelines?", "assess"),
    ("Kva kan tilskotet brukast til etter retningslinjene?", "vurdere kompetansebehov"),
    ("Who represents the municipalities as kindergarten authority in the kindergarten forum?", "each region"),
    ("Kven representerer kommunane som barnehagemynde i barnehageforumet?", "kvar region"),
    ("Kva dokument byggjer planen på?", "Retningslinjer"),
    ("What documents is the plan based on?", "Mandatet for Samarbeidsforum"),
    ("Hva bygger planen på?", "Retningslinjer"),
    ("Do we report per network or per measure?", "per competence measure"),
    ("Rapporterer me per nettverk eller per tiltak?", "per kompetansetiltak"),
])
def test_the_plan_says_it(qa: QuestionAnswerer, question: str, needle: str) -> None:
    assert needle in ask(qa, question)


# --- 6. payouts: the asked recipient first -------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "needle", "unwanted"), [
    ("Hvem mottar UH-midlene?", "direkte til gjeldende UH", "vertskommune nettverket"),
    ("Kven får UH-midlane?", "direkte til gjeldande UH", "vertskommunen nettverket"),
    ("Who receives the money for the university?", "directly", "host municipality each"),
    ("Hvor utbetales nettverkets midler?", "vertskommune", ""),
    ("Kvar blir midlane til nettverket betalte ut?", "vertskommune", ""),
    ("Where is a network's money paid?", "host municipality", ""),
])
def test_payout_answers_lead_with_the_asked_recipient(qa: QuestionAnswerer, question: str, needle: str,
                                                       unwanted: str) -> None:
    text = ask(qa, question)
    assert needle in first_sentence(text), text
    if unwanted:
        assert unwanted not in first_sentence(text), text


# --- 7. composition numbers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "lead"), [
    ("Hvor mange representanter har Statsforvalteren i arbeidsgruppa?", "To:"),
    ("Kor mange representantar har Statsforvaltaren i arbeidsgruppa?", "To:"),
    ("How many from Statsforvalteren are in the working group?", "Two:"),
    ("How many UH representatives are in the working group?", "Two:"),
])
def test_working_group_counts_first(qa: QuestionAnswerer, question: str, lead: str) -> None:
    assert ask(qa, question).startswith(lead)


# --- 8. the two forums compared --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "lead"), [
    ("Hvilken fagforening er med i barnehageforumet, men ikke i skoleforumet?", "Fagforbundet"),
    ("Kva fagforeining er med i barnehageforumet, men ikkje i skuleforumet?", "Fagforbundet"),
    ("Which union is in the kindergarten forum but not the school forum?", "Fagforbundet"),
    ("Hva er forskjellen på sammensetningen i de to forumene?", "Bare i Samarbeidsforum barnehage"),
    ("What is the difference between the two forums?", "Only in the kindergarten forum"),
    ("Which organisations are only in the school forum?", "Only in the kindergarten forum"),
])
def test_forum_differences_first(qa: QuestionAnswerer, question: str, lead: str) -> None:
    text = ask(qa, question)
    assert text.startswith(lead), text
    assert "Statped" in text or "Utdanningsforbundet" in text, text


# --- more yes/no topics with a claim, and yes/no about a deadline's date or day ---------------------------------
@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Har Statsforvalteren sekretariatsansvar?", "Ja.", "sekretariatsansvar"),
    ("Deltar Statsforvalteren på møtene i samarbeidsforumet?", "Ja.", "deltar på møtene"),
    ("Velges representantene for to år?", "Ja.", "2 år"),
    ("Are the representatives elected for two years?", "Yes.", "2 years"),
    ("Velges representantene for ett år?", "Nei.", "2 år"),
    ("Kan andre organisasjoner inviteres til samarbeidsforumet?", "Ja.", "inviteres"),
    ("Må den lokale planen være 4-årig?", "Ja.", "4-årig"),
    ("Sendes den lokale planen sammen med behovsmeldingen?", "Ja.", "1. februar"),
    ("Sender Statsforvalteren malene i januar?", "Ja.", "januar"),
    ("Sender Statsforvalteren malene i mars?", "Nei.", "januar"),
    ("Tar kompetansenettverket den endelige beslutningen om fordelingen?", "Nei.", "endelige beslutningen"),
    ("Do the networks make the final decision on the money?", "No.", "final decision"),
    ("Kan kontaktpersonen være fra UH?", "Ja.", "fra UH"),
    ("Har HINN en kontaktperson i hvert nettverk?", "Ja.", "kontaktperson fra HINN"),
    ("Gjelder rapporten budsjettåret før?", "Ja.", "budsjettåret før"),
    ("Skal innstillingen vedtas i et felles møte for de tre ordningene?", "Ja.", "felles samarbeidsmøte"),
    ("Er det ni regionale kompetansenettverk?", "Ja.", "ni regionale"),
    ("Has the county council four networks?", "Yes.", "4 regional"),
    ("Betales koordinatoren av nettverkets midler?", "Ja.", "tas av de tildelte midlene"),
    ("Skal alle tildelinger bygge på meldte behov?", "Ja.", "meldte behov"),
    ("Utbetales midlene gjennom tilsagnsbrev?", "Ja.", "tilsagnsbrev"),
    ("Er Innlandskonferansen årlig?", "Ja.", "årlig Innlandskonferanse"),
    ("Har planen en dato for Innlandskonferansen?", "Nei.", "ingen dato"),
    ("Er leder av samarbeidsforum med i arbeidsgruppa?", "Ja.", "lederne"),
    ("Er fristen for behovsmelding 1. februar?", "Ja.", "1. februar 2027"),
    ("Er fristen for behovsmelding 15. februar?", "Nei.", "1. februar 2027"),
    ("Is the needs report due on 1 March?", "No.", "1 February 2027"),
    ("Er innstillingsfristen 1. februar?", "Planen er ikke entydig", "15. mars"),
    ("Er 1. februar 2026 en søndag?", "Ja.", "søndag 1. februar 2026"),
    ("Faller fristen for årsrapport på en helg i 2028?", "Ja.", "lørdag 15. januar 2028"),
    ("Er fristen for behovsmelding på en lørdag i 2027?", "Nei.", "mandag 1. februar 2027"),
])
def test_more_yes_no_topics(qa: QuestionAnswerer, question: str, lead: str, needle: str) -> None:
    text = ask(qa, question)
    assert text.startswith(lead), text
    assert needle in text, text


@pytest.mark.parametrize(("question", "today", "lead", "needle"), [
    ("Hvilke uker er møtene?", TODAY, "Uke 3, 10, 25, 38 og 46", "torsdag"),
    ("Which weeks are the meetings held in?", TODAY, "Weeks 3, 10, 25, 38 and 46", "Thursday"),
    ("Er møtet i uke 25 på en torsdag?", TODAY, "Ja.", "24. juni 2027"),
    ("Beregnes 90 % av budsjettet i regional ordning pro rata?", TODAY, "Nei, inntil 60 %", "60 %"),
    ("Er det 60 % i desentralisert ordning som fordeles etter årsverk?", TODAY, "Nei, inntil 90 %", "90 %"),
    ("Is 90 % of the decentralised budget calculated from FTEs?", TODAY, "Yes, up to 90", "90"),
    ("Hvor mange fra skoleeier er i arbeidsgruppa?", TODAY, "Arbeidsgruppa har 1 representant", "1 fra skoleeier"),
    ("Teller yrkesfaglærere med i beregningen?", TODAY, "Det kommer an på ordningen", "Kompetanseløftet"),
    ("Når skal vi melde restmidler fra 2025?", date(2026, 8, 31), "", "1. februar 2027"),
    ("Er fristen for innstillingen passert?", date(2027, 3, 20), "Ja.", "15. mars 2027"),
    ("Er fristen for behovsmeldinga gått ut?", date(2027, 3, 20), "Ja.", "1. februar 2028"),
])
def test_weeks_percent_equality_counts_and_passed(qa: QuestionAnswerer, question: str, today: date, lead: str,
                                                  needle: str) -> None:
    text = ask(qa, question, today)
    assert text.startswith(lead), text
    assert needle in text, text


@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Er Fagforbundet med i skuleforumet?", "Nei.", "Fagforbundet"),
    ("Which forum has Statped?", "Samarbeidsforum skole", "Statped"),
    ("Kva forum har Statped?", "Samarbeidsforum skule", "Statped"),
    ("What are the plan's underlying documents?", "The plan rests on", "Mandatet for Samarbeidsforum"),
    ("Is the money for the university paid to the host municipality?", "No.", "directly"),
    ("Får kvar kommune i nettverket pengar direkte?", "Nei.", "vertskommune"),
    ("Can Statsforvalteren decide alone if the forum disagrees?", "No.", "cannot vote"),
    ("Does the county report vocational training directly to Udir?", "Yes.", "directly to the Directorate"),
    ("Kan alle midlane gå til høgskulen?", "Ja.", "100 %"),
    ("How long is the deadline for the annual report?", "The deadline for the annual report", "15 January 2027"),
])
def test_forum_seats_in_nynorsk_and_more_paraphrases(qa: QuestionAnswerer, question: str, lead: str,
                                                     needle: str) -> None:
    text = ask(qa, question)
    assert text.startswith(lead), text
    assert needle in text, text


def test_two_claimed_parts_of_one_message_are_both_answered(qa: QuestionAnswerer) -> None:
    text = ask(qa, "Er fylkeskommunen tilskuddsmottaker, og hvem får UH-midlene?")
    assert text.startswith("Ja. Innlandet fylkeskommune"), text
    assert "direkte til gjeldende UH" in text, text


def test_a_follow_up_keeps_the_percentage_kind(qa: QuestionAnswerer) -> None:
    first = qa.answer("Hvor mange prosent av budsjettet i regional ordning fordeles pro rata?", TODAY)
    assert first.text.startswith("Inntil 60 %."), first.text
    second = qa.answer("og i desentralisert ordning?", TODAY, first.context)
    assert second.text.startswith("Inntil 90 %."), second.text


# --- the claims mechanism itself ---------------------------------------------------------------------------------------
def _claims(*entries: dict[str, Any]) -> Claims:
    return Claims(entries)


def _tokens(text: str) -> list[str]:
    return tokenize(fold(text))


def test_claim_groups_concepts_words_and_blocks() -> None:
    claims = _claims(
        {"id": "a", "answer": "no", "all": ["@forum", "felles|ett"], "none": ["@meeting"], "text": {"nb": "A"}},
        {"id": "b", "asks": "open", "all": ["vert*", "@uh", "@q_who"], "text": {"nb": "B"}},
    )
    found = claims.find(_tokens("Er forumene felles?"), frozenset({"forum", "yesno"}))
    assert found is not None and found.id == "a" and found.answer == "no"
    assert claims.find(_tokens("Er forumene felles?"), frozenset({"forum", "yesno", "meeting"})) is None
    assert claims.find(_tokens("Er forumene felles?"), frozenset({"forum"})) is None  # not a yes/no question
    open_claim = claims.find(_tokens("Hvem i UH får vertskommunen?"), frozenset({"uh", "q_who"}))
    assert open_claim is not None and open_claim.id == "b"
    assert claims.find(_tokens("Hvem i UH får vertskommunen?"), frozenset({"uh", "q_who", "yesno"})) is None


def test_the_claim_with_most_groups_wins() -> None:
    claims = _claims({"id": "short", "asks": "any", "all": ["@x"], "text": {"nb": "S"}},
                     {"id": "long", "asks": "any", "all": ["@x", "ord*"], "text": {"nb": "L"}})
    found = claims.find(_tokens("ordet"), frozenset({"x"}))
    assert found is not None and found.id == "long"


@pytest.mark.parametrize("entry", [
    {"id": "x", "answer": "maybe", "all": ["@a"], "text": {"nb": "t"}},
    {"id": "x", "all": [], "text": {"nb": "t"}},
    {"id": "x", "all": ["@a"], "text": {"en": "t"}},
    {"id": "x", "asks": "sometimes", "all": ["@a"], "text": {"nb": "t"}},
])
def test_malformed_claims_are_refused(entry: dict[str, Any]) -> None:
    with pytest.raises(ClaimError):
        Claims([entry])


def test_every_shipped_claim_has_three_languages_and_a_section(plan_data: dict[str, Any]) -> None:
    entries = plan_data["qa"]["claims"]
    assert len(Claims(entries)) == len(entries) >= 30
    for entry in entries:
        assert set(entry["text"]) == {"nb", "nn", "en"}, entry["id"]
        assert entry["sections"] and all(re.fullmatch(r"\d+(\.\d+)*", section) for section in entry["sections"])
        assert not any(text.rstrip().endswith(".") for text in entry["text"].values()), entry["id"]
