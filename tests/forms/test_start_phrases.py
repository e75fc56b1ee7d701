"""Starting the needs report: the ways people actually ask, in bokmål, nynorsk and English."""

from __future__ import annotations

import pytest

from forms.intents import needs_report_intent, normalise_reference

STARTS = [
    "meld behov", "/meld behov", "Meld behov!", "ok. meld behov", "melde behov", "jeg vil melde behov",
    "jeg skal sende behovsmelding for valdres", "send inn behovsmelding", "sende inn behovsmeldingen",
    "fylle ut behovsmelding", "fyll ut behovsmeldinga", "jeg vil sende inn en behovsmelding", "lage behovsmelding",
    "start behovsmelding", "starte behovsmelding", "ny behovsmelding", "behovsmelding", "behov",
    "søke om midler", "søke om kompetansemidler", "kan jeg melde behov her?", "kan vi sende behovsmelding her?",
    "melde kompetansebehov", "levere behovsmelding",
    # nynorsk
    "eg vil melde behov", "eg skal fylle ut behovsmelding", "kan eg melde behov her?", "send inn behovsmeldinga",
    "me vil sende behovsmelding",
    # English
    "I want to submit a needs report", "new needs report", "report needs", "I'd like to fill in a needs report",
    "can I report needs here?", "submit needs report",
    # typos
    "behovsmeldng", "send inn behovsmeldnig", "meld bhov", "jeg vil sende behovsmeldign", "fylle ut behovsmeding",
]
HOW = ["hvordan melder jeg behov?", "Hvordan sender jeg inn behovsmelding?", "korleis melder eg behov?",
       "how do I report needs?", "how do I submit a needs report?"]
NOT_FORM = ["hva er fristen for behovsmelding?", "når må behovsmeldingen være inne?", "jeg vil levere årsrapport",
            "hvor mye kan vi søke om?", "Hva er behovet for lesing i Valdres?", "hei", "takk",
            "send", "hva betyr behov", "behovsmeldingen min er sendt?", "I want to submit the annual report",
            "eksporter behovsmeldinger", "export needs reports", "start purring behovsmelding"]
# Questions about the reporting that name the report and a wish to send it: answered from the plan.
QUESTIONS_ABOUT_REPORTING = [
    "Vi skal sende behovsmelding for Gjøvikregionen. Når må den være inne?",
    "rekker vi å sende behovsmeldingen i morgen, eller er det for sent?",
    "har dere malen for å melde behov?", "Må vi skrive begrunnelse i behovsmeldingen for videreførte tiltak?",
    "Er det mulig å sende inn behovsmelding etter fristen?", "Gjelder fristen for behovsmelding også friskolene?",
    "Kven skal me sende behovsmeldinga til?", "kor mange dagar har vi att til å melde behov?",
    "Is there still time to send our needs report?", "What date is the needs report due?",
    "Kan vi sende behovsmelding uten at UH er med, eller må de være med fra starten?",
    # a day or a condition in a question: is it allowed, is it in time
    "kan me sende behovsmeldinga 4. februar?", "Rekker vi det om vi sender behovsmeldingen i dag?",
    "Går det bra hvis vi sender behovsmelding på fredag?", "Can we submit the needs report on 3 February?",
    "Betyr det at vi slipper å sende behovsmelding neste år?", "og trenger vi å melde behov hvert år?",
    # someone else's rules, or doing without
    "Får eit kompetansenettverk midlar frå kompetanseløftet utan å melde behov?",
    "Kan nettverket melde behov direkte til Udir?", "Må friskolene sende egen behovsmelding?",
    "Får vi midler uten å melde behov?", "Can a network submit a needs report without UH?",
]
# An imperative keeps starting the form even with a question mark and a day.
STARTS.append("meld behov for valdres i dag?")
STARTS.extend(["kan du hjelpe meg å melde behov?", "Can you help me submit a needs report?"])
CONTINUES = ["fortsett", "fortsette", "fortsett behovsmeldingen", "hei igjen, hvor var jeg", "hei igjen hvor var jeg?",
             "hvor var jeg?", "kor var eg", "halde fram", "continue", "where was I?", "hi again, where was I"]


@pytest.mark.parametrize("text", STARTS)
def test_starting_phrases_start(text: str) -> None:
    intent = needs_report_intent(text)
    assert intent is not None and intent.kind == "start", text


@pytest.mark.parametrize("text", HOW)
def test_how_questions_answer_and_offer(text: str) -> None:
    intent = needs_report_intent(text)
    assert intent is not None and intent.kind == "how", text


@pytest.mark.parametrize("text", NOT_FORM)
def test_other_messages_are_left_to_the_other_skills(text: str) -> None:
    assert needs_report_intent(text) is None, text


@pytest.mark.parametrize("text", QUESTIONS_ABOUT_REPORTING)
def test_questions_about_reporting_are_not_starts(text: str) -> None:
    assert needs_report_intent(text) is None


@pytest.mark.parametrize("text", CONTINUES)
def test_resume_phrases(text: str) -> None:
    intent = needs_report_intent(text)
    assert intent is not None and intent.kind == "continue", text


def test_the_network_after_for_is_kept_as_a_hint() -> None:
    intent = needs_report_intent("jeg skal sende behovsmelding for valdres")
    assert intent is not None and intent.hint == "valdres"


@pytest.mark.parametrize(("text", "reference"), [("endre bm-2027-1", "BM-2027-0001"),
                                                  ("endre BM-2027-0001", "BM-2027-0001"),
                                                  ("Endre behovsmelding BM-2027-12", "BM-2027-0012"),
                                                  ("change bm 2028 3", "BM-2028-0003")])
def test_change_finds_the_reference_however_written(text: str, reference: str) -> None:
    intent = needs_report_intent(text)
    assert intent is not None and intent.kind == "change" and intent.reference == reference


def test_list_and_reference_helpers() -> None:
    assert needs_report_intent("mine behovsmeldinger") == needs_report_intent("vis mine behovsmeldingar")
    assert normalise_reference("2027", "7") == "BM-2027-0007"


def test_long_messages_are_never_commands() -> None:
    assert needs_report_intent("meld behov " + "x" * 300) is None


@pytest.mark.parametrize("text", ["Hvor søker vi om penger til et tiltak?", "kvar søkjer me om midlar?",
                                  "Where can we apply for funding?"])
def test_where_to_apply_is_a_question_not_a_start(text: str) -> None:
    intent = needs_report_intent(text)
    assert intent is not None and intent.kind == "how", intent
