"""Slack-only user-facing texts (bokmål). Replies from the router come from templates/; these are
the labels and short notices of Slack's own surfaces (App Home, modal chrome, command notices)."""

from __future__ import annotations

ERROR = ("Beklager, noe gikk galt hos meg med den meldingen. Det du har lagret fra før er ikke tapt. "
         "Prøv igjen, eller skriv «hjelp».")
FILES_SENT_TO_DM = "Filene ligger i direktemeldingen fra meg."
REST_SENT_TO_DM = "Svaret var langt; resten ligger i direktemeldingen fra meg."
COMMAND_UNKNOWN = "Den kommandoen kjenner jeg ikke. Skriv `/kompetansebot hjelp`."

HOME_TITLE = "kompetansebot"
HOME_INTRO = ("Jeg svarer på spørsmål om frister, prosenter og roller i den felles overordnede planen, "
              "tar imot behovsmeldinger og regner ut fordelingen. Skriv til meg under «Meldinger», "
              "eller bruk /frist, /behov og /fordeling.")
HOME_DRAFTS = "Dine utkast"
HOME_NO_DRAFTS = "Du har ingen påbegynte behovsmeldinger."
HOME_SUBMITTED = "Dine innsendte behovsmeldinger"
HOME_NO_SUBMITTED = "Du har ikke sendt inn noen behovsmeldinger ennå."
HOME_DEADLINES = "Neste frister"
HOME_NO_DEADLINES = "Fant ingen kommende frister i planen."
HOME_DEADLINES_NOT_BUILT = "Fristoversikten er ikke bygget ennå. Spør meg: «når er neste frist?»"
HOME_NEW_REPORT = "Ny behovsmelding"
HOME_CONTINUE = "Fortsett"
HOME_SECRETARIAT = "For sekretariatet"
HOME_REPORTS_RECEIVED = "Mottatte behovsmeldinger per nettverk og ordning"
HOME_NO_REPORTS_RECEIVED = "Ingen behovsmeldinger er sendt inn ennå."
HOME_CAMPAIGN = "Purrekampanje for årsrapportene"
HOME_NO_CAMPAIGN = ("Ingen purrekampanje er startet. Trykk «Start purring» eller skriv "
                    "«start purring årsrapport 2026»; last opp kontaktlista (CSV/XLSX) her i DM først.")
HOME_EXPORT = "Eksporter behovsmeldinger"
HOME_CAMPAIGN_START = "Start purring"
HOME_CAMPAIGN_PAUSE = "Pause purring"
HOME_TRUNCATED = "Listen er forkortet; se resten med `kompetansebot reports export`."

MODAL_TITLE = "Behovsmelding"
MODAL_LOADING = "Henter skjemaet …"
MODAL_NEXT = "Neste"
MODAL_SUBMIT = "Send inn"
MODAL_CLOSE = "Lagre og lukk"
MODAL_NOT_READY = ("Skjemaet for behovsmelding er ikke på plass i Slack ennå. Du kan melde behov i en "
                   "direktemelding til meg: skriv «meld behov».")
MODAL_PAGE = "Side {page} av {pages}"
MODAL_DRAFT_KEPT = "Utkastet er lagret. Fortsett i skjemaet med /behov, eller skriv «fortsett» her."
