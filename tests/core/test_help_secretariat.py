"""Help lists the secretariat's commands with examples, for the secretariat only, in nb/nn/en."""

from __future__ import annotations

from bot.app import build_app
from bot.clock import Clock
from bot.messages import IncomingMessage
from bot.settings import load_settings
from tests.conftest import FIXED_NOW


def test_secretariat_help_has_examples_others_do_not_see_them(database_url: str) -> None:
    app = build_app(load_settings(DATABASE_URL=database_url, SECRETARIAT="siri@sf.no"), clock=Clock(FIXED_NOW))
    try:
        def ask(user: str, text: str) -> str:
            return app.router.handle(IncomingMessage(user_id=user, channel="console", text=text)).text

        secretariat = ask("siri@sf.no", "hjelp")
        for example in ("«start purring årsrapport 2026»", "«purrestatus»", "«marker levert: Lesing i Valdres»",
                        "«eksporter behovsmeldinger»", "«budsjett desentralisert 31,45 mill for 2027»",
                        "secretariat add"):
            assert example in secretariat, example
        assert "purrestatus" in ask("siri@sf.no", "kva kan du") and "Som sekretariat kan du òg" in ask(
            "siri@sf.no", "kva kan du")
        assert "As the secretariat you can also" in ask("siri@sf.no", "what can you do")
        assert "purrestatus" not in ask("kari@valdres.kommune.no", "hjelp")
    finally:
        app.close()


def test_how_to_become_secretariat_is_answered_by_the_bot_not_the_plan(database_url: str) -> None:
    app = build_app(load_settings(DATABASE_URL=database_url, SECRETARIAT="siri@sf.no"), clock=Clock(FIXED_NOW))
    try:
        def ask(user: str, text: str) -> tuple[str, str]:
            reply = app.router.handle(IncomingMessage(user_id=user, channel="console", text=text))
            return reply.intent, reply.text

        for question in ("hvordan blir jeg sekretariat?", "Korleis kan eg bli med i sekretariatet?",
                         "how do I become part of the secretariat?", "hvordan får jeg tilgang som sekretariat"):
            intent, text = ask("kari@valdres.kommune.no", question)
            assert intent == "help_secretariat", question
            assert "secretariat add" in text and "SECRETARIAT" in text
        assert "allerede med" in ask("siri@sf.no", "hvordan blir jeg sekretariat?")[1]
        assert ask("kari@valdres.kommune.no", "hva gjør sekretariatet?")[0] != "help_secretariat"
    finally:
        app.close()
