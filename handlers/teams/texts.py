"""Short Teams-only texts (Norwegian bokmål); the answers themselves come from the core's templates."""

from __future__ import annotations

SENT_TO_CHAT = "Jeg har sendt svaret til deg i en privat chat med meg."
PRIVATE_CHAT_FAILED = ("Svaret inneholder opplysninger som bare skal til deg, men jeg fikk ikke sendt det i en "
                       "privat chat. Skriv til meg direkte (chat med kompetansebot) og spør der.")
CARD_TITLE = "Påminnelse: årsrapportering {year}"
CARD_INTRO = "Hei {first_name}! Disse tiltakene mangler fortsatt årsrapport (frist {deadline}, {relative}):"
CARD_LINK = "Åpne rapporteringen"
BUTTON_DONE = "Levert"
BUTTON_NOT_YET = "Ikke levert ennå"
BUTTON_HANDOVER = "Ikke mitt ansvar"
ANSWER_TEXTS = {"done": "Levert", "not_yet": "Ikke levert ennå", "handover": "Det er ikke mitt ansvar"}
ANSWER_LABELS = {"done": BUTTON_DONE, "not_yet": BUTTON_NOT_YET, "handover": BUTTON_HANDOVER}
CARD_ANSWERED = "Du svarte «{label}» {when}."
CARD_NOT_YOURS = "Denne påminnelsen gjelder {name}; bare vedkommende kan svare på den."
CARD_CLOSED = "Denne påminnelsen er ikke lenger aktiv."
FILE_LINK = "Last ned {filename}"
FILE_NOTE = "Lenken virker i {minutes} minutter og bare for deg."
CHART_ALT = "Diagram: {filename}"
FILES_ONLY_PRIVATE = "Filene sender jeg bare i en privat chat med deg."
