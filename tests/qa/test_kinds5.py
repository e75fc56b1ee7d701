"""Issue 16, fifth round of kinds (development questions written from the plan, not from any evaluation set):

1. a yes does not survive a quantifier or contrast the fact contradicts (hele, bare, garantert, én felles, egen
   pott, annerledes), and "må" against a may-fact is "no" (bot/qa/limits.py, claims' flips/holds);
2. a yes/no question that names a value (an actor, a number of years or days, a percentage) is answered by
   comparing it with the plan's value (bot/qa/checks.py); false-premise phrasings are yes/no questions;
3. facts of parts of the plan the earlier facts did not hold (background, laws, research, reporting letter);
4. near-topic details the plan does not give are said plainly.
nb, nn and en.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.checks import Checks
from bot.qa.kinds import kind_concepts, strip_premise
from bot.qa.limits import DROP, FLIP, KEEP, Limit
from bot.qa.normalize import fold, tokenize
from bot.qa.slots import Slots

TODAY = date(2026, 3, 2)
NOT_SAID = ("Planen sier ikke", "Planen seier ikkje", "The plan does not say")


def _ask(qa: QuestionAnswerer, question: str) -> str:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan, answer.text
    return answer.text


# --- 1. quantifiers and contrasts ----------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Kan vi bruke hele tilskuddet på koordinator?", "Nei.", "20 %"),
    ("Kan vi bruke heile tilskotet til koordinator?", "Nei.", "20 %"),
    ("Can we use the whole grant for a coordinator?", "No.", "20 %"),
    ("Kan et nettverk bruke en del av midlene til koordinator?", "Ja.", "20 %"),
    ("Har de to forumene én felles leder?", "Nei.", "egen leder"),
    ("Har dei to foruma ein felles leiar?", "Nei.", "eigen leiar"),
    ("Do the two forums have one joint leader?", "No.", "own leader"),
    ("Er et flerårig tilsagn helt garantert?", "Nei.", "statsbudsjettet"),
    ("Er eit fleirårig tilsegn heilt garantert?", "Nei.", "statsbudsjettet"),
    ("Is a multi-year commitment fully guaranteed?", "No.", "state budget"),
    ("Skal midlene til koordinator tas fra en egen pott hos Statsforvalteren?", "Nei.", "kompetansenettverket"),
    ("Skal midlane til koordinator takast frå ein eigen pott hos Statsforvaltaren?", "Nei.", "kompetansenettverket"),
    ("Is the coordinator paid from a separate pot at the County Governor?", "No.", "network"),
    ("Are approved private schools treated differently from public ones?", "No.", "equal footing"),
    ("Blir private skoler behandlet annerledes enn offentlige?", "Nei.", "lik linje"),
    ("Blir private skular handsama annleis enn offentlege?", "Nei.", "lik linje"),
    ("Må den overordnede planen bygge på planene i nettverkene?", "Nei.", "kan bygge"),
    ("Må den overordna planen byggje på planane i nettverka?", "Nei.", "kan byggje"),
    ("Must the overarching plan build on the networks' plans?", "No.", "can build"),
    ("Kan den overordnede planen bygge på planene i nettverkene?", "Ja.", "kan bygge"),
    ("Kan vi bruke hele tilskuddet til UH?", "Ja.", "100 %"),
    ("Er Innlandskonferansen bare for barnehagene?", "Nei.", "barnehage og skole"),
    ("Is the Innlandet conference only for kindergartens?", "No.", "kindergarten and school"),
    ("Trenger vi bare å rapportere på fullførte tiltak?", "Nei.", "påbegynt eller gjennomført"),
    ("Is the working group only County Governor staff?", "No.", "chairs"),
    ("Har forumene møtene på forskjellige dager?", "Nei.", "samme dag"),
    ("Do the forums meet on different days?", "No.", "same day"),
])
def test_a_quantifier_decides_the_polarity(qa: QuestionAnswerer, question: str, lead: str, needle: str) -> None:
    text = _ask(qa, question)
    assert text.startswith(lead), text
    assert needle in text, text


@pytest.mark.parametrize("question", [
    "Er fristen for årsrapport alltid 15. januar?",
    "Er møtene alltid på torsdager?",
    "Kan Kompetanseløftet-midler bare brukes til spesialpedagogikk?",
])
def test_a_plain_always_or_a_held_only_keeps_a_true_yes(qa: QuestionAnswerer, question: str) -> None:
    assert _ask(qa, question).startswith("Ja")


def test_an_unknown_quantifier_drops_the_yes_but_never_turns_it() -> None:
    limit = Limit(flips=frozenset({"qt_whole"}), holds=frozenset({"qt_only"}))
    assert limit.decide("yes", frozenset({"qt_whole"})) == FLIP
    assert limit.decide("yes", frozenset({"qt_only"})) == KEEP
    assert limit.decide("yes", frozenset({"qt_different"})) == DROP
    assert limit.decide("yes", frozenset({"qt_alltid"})) == KEEP
    assert limit.decide("no", frozenset({"qt_whole"})) == KEEP
    assert Limit().decide("no", frozenset({"qt_only"})) == DROP
    assert limit.decide("yes", frozenset()) == KEEP


@pytest.mark.parametrize(("question", "concept"), [
    ("Kan vi bruke hele tilskuddet?", "qt_whole"), ("Is it guaranteed?", "qt_always"),
    ("Er det bare for barnehager?", "qt_only"), ("Har de én felles leder?", "qt_one"),
    ("Do they have one joint leader?", "qt_one"), ("Fra en egen pott?", "qt_separate"),
    ("Treated differently?", "qt_different"),
])
def test_quantifiers_are_read(qa: QuestionAnswerer, question: str, concept: str) -> None:
    assert concept in qa._read(question).concepts


# --- 2. asked value against the plan's value, false premises ---------------------------------------------------
@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Er det HINN som har sekretariatet?", "Nei.", "Statsforvalteren"),
    ("Er det HINN som har sekretariatet for forumet?", "Nei.", "Statsforvalteren"),
    ("Is it HINN that runs the secretariat?", "No.", "Statsforvalteren"),
    ("Det er vel Statsforvalteren som har sekretariatet?", "Ja.", "Statsforvalteren"),
    ("Er det arbeidsgruppa som vedtar innstillingen?", "Nei.", "samarbeidsforumene"),
    ("Er det arbeidsgruppa som vedtek innstillinga?", "Nei.", "samarbeidsforuma"),
    ("Er det Statsforvalteren som utnevner lederen?", "Nei.", "samarbeidsforumene"),
    ("Is it the County Governor who appoints the leader?", "No.", "forums"),
    ("Hvem bestemmer til slutt, er det statsforvalteren?", "Nei.", "amarbeidsforumene"),
    ("Do the networks send their plan straight to Udir?", "No.", "collaboration forums"),
    ("Blir lederen valgt for fire år?", "Nei.", "hvert andre år"),
    ("Vert leiaren vald for fire år?", "Nei.", "kvart andre år"),
    ("Are the representatives elected for four years?", "No.", "2 years"),
    ("Blir representantene valgt for to år?", "Ja.", "2 år"),
    ("I heard up to 60 % goes to the networks — correct?", "No", "40"),
    ("Jeg har hørt at lederen velges hvert år, er det riktig?", "Nei.", "hvert andre år"),
    ("Eg har høyrt at fristen for behovsmelding er 1. mars, stemmer det?", "Nei.", "1. februar"),
    ("Stemmer det at møtene er på tirsdager?", "Nei", "torsdager"),
    ("The meetings are on Thursdays, right?", "Yes.", "Thursday"),
    ("Is it true that the County Governor can vote?", "No.", "cannot vote"),
    ("Skal hver kommune levere sin egen rapport?", "Nei.", "samlet"),
    ("Skal vi levere éin rapport for alle tiltaka samla?", "Nei.", "per kompetansetiltak"),
    ("Skal årsrapporten også inneholde vurdering av måloppnåelse?", "Ja.", "måloppnåelse"),
    ("Samarbeider noen friskoler med de offentlige skolene?", "Ja.", "kommunalt nivå"),
    ("Har hver region en representant fra barnehagemyndigheten?", "Ja.", "hver region"),
    ("Kan UH trekke inn Statped?", "Ja.", "Statped"),
    ("Can UH involve Statped?", "Yes.", "Statped"),
    ("Kan nettverkene sende beslutningsgrunnlaget uten å kvalitetssikre det mot kriteriene?", "Nei.",
     "kvalitetssikre"),
    ("Må vi ha med UH når vi lager den lokale planen?", "Ja.", "i samarbeid med UH"),
])
def test_the_asked_value_is_compared_with_the_plan(qa: QuestionAnswerer, question: str, lead: str,
                                                   needle: str) -> None:
    text = _ask(qa, question)
    assert text.startswith(lead), text
    assert needle in text, text


def test_a_nynorsk_premise_is_answered_in_nynorsk(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Eg har høyrt at fristen for behovsmelding er 1. mars, stemmer det?", TODAY)
    assert answer.language == "nn"


@pytest.mark.parametrize(("text", "statement"), [
    ("Jeg har hørt at lederen velges hvert år, er det riktig?", "lederen velges hvert ar?"),
    ("Stemmer det at møtene er på tirsdager?", "motene er pa tirsdager?"),
    ("Is it true that the County Governor can vote?", "the county governor can vote?"),
    ("The meetings are on Thursdays, right?", "the meetings are on thursdays?"),
])
def test_false_premise_phrasings_are_read(text: str, statement: str) -> None:
    assert strip_premise(fold(text)) == statement


def test_ordinary_questions_are_no_premise() -> None:
    assert strip_premise(fold("Hva er fristen for årsrapporten?")) is None
    assert "yesno" in kind_concepts(tokenize(fold("Hvem bestemmer til slutt, er det statsforvalteren?")),
                                    fold("Hvem bestemmer til slutt, er det statsforvalteren?"))


def test_a_check_gives_no_polarity_when_the_comparison_is_not_certain() -> None:
    checks = Checks([{"id": "sec", "kind": "actor", "value": "statsforvalter", "all": ["@secretariat"],
                      "text": {"nb": "Statsforvalteren har sekretariatet"}}])
    slots = Slots()
    yes = frozenset({"yesno", "secretariat", "statsforvalter"})
    both = frozenset({"yesno", "secretariat", "statsforvalter", "hinn"})
    decided = checks.decide(["sekretariat"], "har statsforvalteren sekretariatet?", yes, slots)
    assert decided is not None and decided[1] == "yes"
    assert checks.decide(["sekretariat"], "har statsforvalteren eller hinn sekretariatet?", both, slots) is None
    assert checks.decide(["sekretariat"], "hvem har sekretariatet?", frozenset({"secretariat"}), slots) is None


# --- 3. coverage of the plan -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("Hvilke stortingsmeldinger bygger ordningen på?", "Meld. St. 21"),
    ("What is the background of the schemes?", "Meld. St. 6"),
    ("Hvilke lover viser planen til om eiernes ansvar?", "opplæringsloven § 10-8"),
    ("Kva lover viser planen til om ansvaret eigarane har?", "opplæringslova § 10-8"),
    ("Hvilken forskning bygger prinsippene på?", "Dyssegaard"),
    ("Hvorfor bør man ikke starte for mange nye innsatsområder?", "skifter av fokus"),
    ("Kva er hovudprinsippet for kompetanseutviklinga?", "barnehagebasert"),
    ("Hvem skal planen gi forutsigbarhet for?", "eiere"),
    ("Hvem har hvert nettverk som fast kontaktperson?", "HINN"),
    ("Hvem beregner midlene til nettverkene?", "Statsforvalteren beregner"),
    ("Hva skal beslutningsgrunnlaget inneholde?", "økonomi"),
    ("Hvilket brev viser planen til om rapporteringen?", "17.08.21"),
    ("Hva er hensikten med rapporteringen?", "dialog"),
    ("What is the purpose of the reporting?", "openness"),
    ("Hvilke typer spørsmål har rapporteringsskjemaet?", "fritekst"),
    ("Hvem planlegger møtene i samarbeidsforumet?", "arbeidsgruppa"),
    ("Hva er de nasjonale målene i statsbudsjettet?", "arbeids- og samfunnsliv"),
])
def test_facts_of_the_whole_plan(qa: QuestionAnswerer, question: str, needle: str) -> None:
    assert needle in _ask(qa, question)


# --- 4. near-topic details the plan does not give -------------------------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("Hvor mange timer frikjøp per uke får en lærer?", "Planen sier ikke"),
    ("How many hours of release time per week does a teacher get?", "The plan does not say"),
    ("Hvilken kommune er vertskommune for Valdres?", "vertskommune"),
    ("Who was elected chair in 2024?", "chair"),
    ("Kven vart vald til leiar i fjor?", "leiar"),
    ("Får representantene dekket reiseutgifter?", "reise"),
    ("Hvor lang tid tar et fagbrev?", "fagbrev"),
    ("Kor lenge sit kontaktpersonen frå HINN?", "kontaktpersonen"),
    ("Når er søknadsfristen for Kompetanse for kvalitet?", "Kompetanse for kvalitet"),
])
def test_details_the_plan_does_not_give(qa: QuestionAnswerer, question: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan, answer.text
    assert needle in answer.text, answer.text
