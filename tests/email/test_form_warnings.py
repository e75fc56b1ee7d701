"""The email form warns where the plan is ambiguous (own share, plan 5.8) and never blocks on it;
errors come in the form's language."""

from __future__ import annotations

from datetime import date

from bot.mail.formmail import apply_form_reply, parse_form_reply, render_form_summary
from tests.forms.helpers import FORM

TODAY = date(2026, 11, 28)
ANSWERS = {"network": "valdres", "scheme": "desentralisert", "measure_type": "nytt", "title": "Lesing",
           "justification": "Kartlegging i alle skolene viste behov for bedre leseopplæring.",
           "goals": "Bedre lesing", "target_group": "Lærere", "schools": "8", "participants": "120",
           "uh_partner": "HINN", "working_methods": "Nettverk og veiledning", "period": "2027-2029",
           "amount": "1,2 mill", "network_share": "30 %", "coordinator": "100 000", "own_share": "100 000",
           "own_share_use": "Frikjøp", "evaluation": "Spørreundersøkelse", "contact_name": "Kari Nordmann",
           "contact_email": "kari@valdres.kommune.no"}


def _reply(values: dict[str, str]) -> str:
    return "\n".join(f"Svar {n} ({key}): {value}" for n, (key, value) in enumerate(values.items(), start=1))


def test_a_low_own_share_is_kept_and_the_summary_gives_the_readings() -> None:
    result = apply_form_reply(FORM, {}, parse_form_reply(_reply(ANSWERS), FORM), today=TODAY)
    assert result.complete and result.answers["own_share"] == 100_000
    text = render_form_summary(FORM, result.answers)
    assert "⚠" in text and "kan leses på flere måter" in text and "minst 360 000 kr" in text
    english = render_form_summary(FORM, result.answers, lang="en")
    assert "can be read in more than one way" in english


def test_errors_in_the_mail_come_in_the_forms_language() -> None:
    wrong = {**ANSWERS, "schools": "mange"}
    nynorsk = apply_form_reply(FORM, {}, parse_form_reply(_reply(wrong), FORM), today=TODAY, lang="nn")
    assert "«mange»" in nynorsk.errors["schools"] and "Eg" in nynorsk.errors["schools"]
    bokmal = apply_form_reply(FORM, {}, parse_form_reply(_reply(wrong), FORM), today=TODAY)
    assert "Jeg" in bokmal.errors["schools"]
