"""Generate tests/qa/eval/questions.jsonl. Questions hand-written; dates computed."""
from __future__ import annotations

import sys

from lib import Builder, d, fmt, meetings, next_deadlines, next_meeting, next_occ
import datetime as dt

B = Builder()
q = B.q

SF = ["statsforvalt", "county governor", "state administrator"]
HINN = ["hinn", "høgskolen i innlandet", "høgskulen i innlandet", "inland norway"]
UH = ["uh", "universitet", "høgskole", "høgskule", "university"]
C_REP = ["10.01.23", "10. januar"]
C_REP_EN = ["10.01.23", "10 January", "10. januar", "January 10"]
TWO_Y = ["hvert andre år", "annethvert år", "annenhvert år", "hvert 2. år", "to år", "2 år",
         "kvart andre år", "annakvart år", "annankvart år", "kvart 2. år",
         "every second year", "every two years", "every other year", "2 years", "two years"]
FOUR_Y = ["4 år", "fire år", "4-årig", "fireårig", "4 years", "four years", "4-year", "four-year"]
DAYS14 = ["14 dager", "14 dagar", "to uker", "to veker", "14 days", "two weeks", "fourteen days"]
LABEL = {
    "report": ["årsrapport", "arsrapport", "rapporter", "report"],
    "needs": ["behov", "needs"],
    "innstilling": ["innstilling", "recommendation"],
    "payment": ["utbetal", "betal", "pay"],
}
SRC = {
    "report": ["10", "9"],
    "needs": ["10", "9", "6.1"],
    "innstilling": ["5.6", "10", "9"],
    "payment": ["10", "9", "5.8"],
}
WHEEL = ["9", "10"]


def D(lang: str, s: str | dt.date, weekday: bool | None = None) -> str:
    return fmt(lang, d(s) if isinstance(s, str) else s, weekday)


def nxt(lang: str, m: int, dd: int, today: str) -> str:
    return fmt(lang, next_occ(m, dd, today))


# ---------------------------------------------------------------- deadline: annual report (15 Jan)
t = "2026-11-28"
q("nb", "deadline", "Når er fristen for årsrapportering?", t,
  [nxt("nb", 1, 15, t), C_REP, SF], SRC["report"])
t = "2026-03-02"
q("nb", "deadline", "nar er fristen for arsrapport", t, [nxt("nb", 1, 15, t), C_REP], SRC["report"])
t = "2027-01-15"
q("nb", "deadline", "frist årsrapport?", t, [D("nb", "2027-01-15"), C_REP], SRC["report"])
t = "2027-01-16"
q("nb", "deadline", "Hva er fristen for årsrapporteringen nå? Fristen i år var jo i går.", t,
  [D("nb", "2028-01-15"), C_REP], SRC["report"], expect_not=["17. januar 2028"])
q("nb", "deadline", "Når må rapporten for budsjettåret 2026 være levert til statsforvalteren?",
  "2026-06-10", [D("nb", "2027-01-15"), C_REP], SRC["report"])
t = "2028-09-01"
q("nb", "deadline", "hvilken dato er rapporteringsfristen for tilskuddsmottakerne", t,
  [nxt("nb", 1, 15, t), C_REP], SRC["report"])
q("nb", "deadline", "arsrapportering frist 2028", "2027-05-05",
  [D("nb", "2028-01-15"), C_REP], SRC["report"], expect_not=["17. januar 2028"])
t = "2027-08-14"
q("nb", "deadline", "Hei! Jeg er ny kontaktperson i nettverket vårt og lurer på når årsrapporten skal være inne. Takk for hjelpen!",
  t, [nxt("nb", 1, 15, t), C_REP], SRC["report"])
t = "2026-01-02"
q("nb", "deadline", "årsrapportfrist", t, [nxt("nb", 1, 15, t), C_REP], SRC["report"])
t = "2027-12-20"
q("nb", "deadline", "nå nærmer det seg jul, hvor lang tid har vi på oss med årsrapporten?", t,
  [nxt("nb", 1, 15, t), C_REP], SRC["report"], expect_not=["17. januar 2028"])
t = "2026-10-01"
q("nn", "deadline", "Når er fristen for årsrapporteringa?", t, [nxt("nn", 1, 15, t), C_REP], SRC["report"])
t = "2027-12-31"
q("nn", "deadline", "Kva er fristen for å rapportere til statsforvaltaren?", t,
  [nxt("nn", 1, 15, t), C_REP], SRC["report"], expect_not=["17. januar 2028"])
t = "2028-01-10"
q("nn", "deadline", "kva tid må årsrapporten vere levert", t, [nxt("nn", 1, 15, t), C_REP], SRC["report"])
t = "2026-12-31"
q("en", "deadline", "When is the annual report due?", t, [nxt("en", 1, 15, t), C_REP_EN], SRC["report"])
t = "2028-01-15"
q("en", "deadline", "annual reporting deadline?", t, [D("en", "2028-01-15"), C_REP_EN], SRC["report"],
  expect_not=["17 January 2028"])
t = "2026-09-09"
q("en", "deadline", "Hi, I'm the contact person for our network. By what date do we have to submit the annual report to the Statsforvalter?",
  t, [nxt("en", 1, 15, t), C_REP_EN], SRC["report"])

# ---------------------------------------------------------------- deadline: needs report (1 Feb)
t = "2026-11-28"
q("nb", "deadline", "frist behovsmelding?", t, [nxt("nb", 2, 1, t)], SRC["needs"])
t = "2027-02-01"
q("nb", "deadline", "nar ma behovsmeldingene vaere inne", t, [D("nb", "2027-02-01")], SRC["needs"])
t = "2027-02-02"
q("nb", "deadline", "Vi rakk ikke fristen for behovsmelding i år. Når er neste mulighet?", t,
  [D("nb", "2028-02-01")], SRC["needs"])
t = "2028-01-03"
q("nb", "deadline", "Når skal kompetansebehovet fra regionen meldes til samarbeidsforumet?", t,
  [nxt("nb", 2, 1, t), ["samarbeidsforum"]], SRC["needs"])
t = "2026-09-15"
q("nb", "deadline", "fristen for behovsmeldingn?", t, [nxt("nb", 2, 1, t)], SRC["needs"])
t = "2027-10-05"
q("nb", "deadline", "Når må kommunene melde kompetansebehov for neste år?", t, [nxt("nb", 2, 1, t)], SRC["needs"])
t = "2028-06-30"
q("nb", "deadline", "hvilken dato er siste frist for å melde behov", t, [nxt("nb", 2, 1, t)], SRC["needs"])
t = "2027-01-05"
q("nn", "deadline", "Når er fristen for å melde kompetansebehov?", t, [nxt("nn", 2, 1, t)], SRC["needs"])
t = "2028-03-01"
q("nn", "deadline", "Kva tid må behovsmeldinga vere send inn?", t, [nxt("nn", 2, 1, t)], SRC["needs"])
t = "2026-12-01"
q("en", "deadline", "When is the deadline for the needs report?", t, [nxt("en", 2, 1, t)], SRC["needs"])
t = "2028-01-31"
q("en", "deadline", "deadline needs reporting", t, [nxt("en", 2, 1, t)], SRC["needs"])

# ---------------------------------------------------------------- deadline: payment (15 Apr)
t = "2026-03-20"
q("nb", "deadline", "Når blir tilskuddet utbetalt?", t, [nxt("nb", 4, 15, t)], SRC["payment"])
t = "2027-04-16"
q("nb", "deadline", "nar far vi pengene fra statsforvalteren", t, [D("nb", "2028-04-15")], SRC["payment"],
  expect_not=["18. april 2028"])
q("nb", "deadline", "utbetalingsfrist tilskudd 2027", "2026-12-12", [D("nb", "2027-04-15")], SRC["payment"])
t = "2028-02-14"
q("nb", "deadline", "Innen hvilken dato skal statsforvalteren ha betalt ut midlene til tilskuddsmottakerne?", t,
  [nxt("nb", 4, 15, t)], SRC["payment"], expect_not=["18. april 2028"])
q("nn", "deadline", "Når må statsforvaltaren ha betalt ut tilskotet?", "2026-04-15",
  [D("nn", "2026-04-15")], SRC["payment"])
t = "2027-01-30"
q("en", "deadline", "By when does the County Governor pay out the grants?", t, [nxt("en", 4, 15, t)], SRC["payment"])

# ---------------------------------------------------------------- deadline: wheel overview
q("nb", "deadline", "Hvilke frister står i årshjulet?", "2026-05-20",
  [["15. januar"], ["1. februar", "01. februar"], ["15. mars"], ["15. april"]], WHEEL)
q("nb", "deadline", "Hva skjer i årshjulet i april?", "2027-03-03",
  [["15. april"], LABEL["payment"]], WHEEL)
t = "2026-01-20"
q("nb", "deadline", "Hvor mange dager er det igjen til fristen for behovsmelding?", t,
  [D("nb", "2026-02-01"), ["12 dager"]], SRC["needs"], expect_not=["2. februar 2026"])
t = "2026-12-01"
q("nb", "deadline", "hvor mange dager til årsrapporten må leveres?", t,
  [D("nb", "2027-01-15"), ["45 dager"]], SRC["report"])
q("nn", "deadline", "Kva fristar er det i årshjulet?", "2027-06-06",
  [["15. januar"], ["1. februar", "01. februar"], ["15. mars"], ["15. april"]], WHEEL)
q("en", "deadline", "What deadlines are in the annual wheel?", "2028-05-05",
  [["15 January", "15. januar", "January 15"], ["1 February", "1. februar", "February 1"],
   ["15 March", "15. mars", "March 15"], ["15 April", "15. april", "April 15"]], WHEEL)

# ---------------------------------------------------------------- local plan deadline
t = "2027-10-10"
q("nb", "local_plan", "Når skal den lokale kompetanseplanen sendes inn?", t,
  [nxt("nb", 2, 1, t), SF], ["6.1"])
t = "2026-12-15"
q("nn", "local_plan", "Når skal den lokale planen sendast inn?", t, [nxt("nn", 2, 1, t)], ["6.1"])
t = "2028-01-09"
q("en", "local_plan", "When must the network's local plan and decision basis be sent?", t,
  [nxt("en", 2, 1, t)], ["6.1"])

# ---------------------------------------------------------------- next deadline
ND_NB = [
    ("Hva er neste frist?", "2026-01-01", 1),
    ("neste frist?", "2026-01-15", 1),
    ("hva er nestefrist", "2026-01-16", 1),
    ("Hvilken frist kommer nå?", "2026-02-01", 1),
    ("neste frist i årshjulet", "2026-02-02", 1),
    ("Hva er de to neste fristene?", "2026-03-14", 2),
    ("er det noen frister snart?", "2026-03-15", 1),
    ("Hvilke frister har vi fremover?", "2026-03-16", 2),
    ("Hva er neste frist for oss?", "2026-04-15", 1),
    ("hva er neste frist", "2026-04-16", 1),
    ("Hva er de neste to fristene i årshjulet?", "2026-07-01", 2),
    ("neste frist", "2026-12-31", 1),
    ("hvilken frist er den neste", "2027-01-14", 1),
    ("Hva er neste frist og fristen etter den?", "2027-02-28", 2),
    ("hva er neste deadline", "2027-03-16", 1),
    ("Hva er neste frist? Vi planlegger julebordet og vil vite hva som kommer etter nyttår.", "2027-12-24", 1),
    ("nest frist?", "2028-01-15", 1),
    ("Godt nyttår! Hvilken frist er først ut i år?", "2027-01-01", 1),
    ("hvilke to frister kommer først nå", "2028-04-14", 2),
    ("neste frist etter påske?", "2028-04-16", 1),
]
for text, t, n in ND_NB:
    nds = next_deadlines(t, n)
    exp = [fmt("nb", x) for x, _ in nds]
    if n == 1:
        exp.append(LABEL[nds[0][1]])
    q("nb", "next_deadline", text, t, exp, sorted({s for _, k in nds for s in SRC[k]}))
ND_NN = [
    ("Kva er neste frist?", "2026-01-14", 1),
    ("neste frist?", "2027-03-15", 1),
    ("Kva er dei to neste fristane?", "2028-10-01", 2),
    ("kva frist kjem no", "2026-02-15", 1),
    ("Kva er neste frist i årshjulet?", "2027-04-15", 1),
]
for text, t, n in ND_NN:
    nds = next_deadlines(t, n)
    exp = [fmt("nn", x) for x, _ in nds]
    if n == 1:
        exp.append(LABEL[nds[0][1]])
    q("nn", "next_deadline", text, t, exp, sorted({s for _, k in nds for s in SRC[k]}))
ND_EN = [
    ("What is the next deadline?", "2026-01-01", 1),
    ("next deadline?", "2028-12-31", 1),
    ("What are the next two deadlines?", "2027-01-20", 2),
    ("whats the next deadline coming up", "2026-03-15", 1),
]
for text, t, n in ND_EN:
    nds = next_deadlines(t, n)
    exp = [fmt("en", x) for x, _ in nds]
    if n == 1:
        exp.append(LABEL[nds[0][1]])
    q("en", "next_deadline", text, t, exp, sorted({s for _, k in nds for s in SRC[k]}))

# ---------------------------------------------------------------- meetings
M_NB = [
    ("Når er neste møte i samarbeidsforumet?", "2026-01-02"),
    ("neste møte?", "2026-01-15"),
    ("nar er neste mote i samarbeidsforum", "2026-01-16"),
    ("Når møtes samarbeidsforum barnehage neste gang?", "2026-06-18"),
    ("Når er første møte i samarbeidsforumene etter sommeren?", "2026-06-19"),
    ("neste møte", "2026-12-31"),
    ("når er neste samarbeidsforummøte", "2027-01-19"),
    ("Når er neste møte? Jeg rakk ikke det forrige.", "2027-01-22"),
    ("neste mote samarbeidsforum skole", "2027-11-19"),
    ("Når møtes vi neste gang?", "2028-01-17"),
    ("nesste møte i forumet?", "2028-12-31"),
    ("godt nytt år! når er første møte i år?", "2027-01-01"),
    ("Når er neste fellesmøte for samarbeidsforumene?", "2028-08-15"),
]
for text, t in M_NB:
    q("nb", "meeting", text, t, [fmt("nb", next_meeting(t))], WHEEL)
q("nb", "meeting", "Hvilke datoer har samarbeidsforumet møter i 2027?", "2026-10-10",
  [fmt("nb", m) for m in meetings(2027)], WHEEL)
q("nb", "meeting", "møtedatoer 2028", "2027-12-01", [fmt("nb", m) for m in meetings(2028)], WHEEL)
q("nb", "meeting", "Når er junimøtet i 2026?", "2026-01-08", [fmt("nb", meetings(2026)[2])], WHEEL)
q("nb", "meeting", "Når er møtet i uke 38 i 2027?", "2027-02-01", [fmt("nb", meetings(2027)[3])], WHEEL)
t = "2026-11-01"
q("nb", "meeting", "Er januarmøtet fortsatt 20. januar slik som i årshjulet?", t,
  [fmt("nb", d("2027-01-21"))], WHEEL, expect_not=["20. januar 2027"])
q("nb", "meeting", "Hvilken ukedag holdes møtene i samarbeidsforumet?", "2026-05-05", [["torsdag"]], WHEEL)
q("nb", "meeting", "I hvilke uker møtes forumene?", "2027-07-07",
  [["25"], ["38"], ["46"], ["torsdag"]], WHEEL)
q("nb", "meeting", "Hva skjer på møtet i november?", "2026-10-20",
  [["evaluering"], ["valg av leder", "velge leder", "velges leder", "leder"]], WHEEL + ["5.3"])
q("nb", "meeting", "Hvilket møte velges leder på?", "2027-03-30",
  [["november", "uke 46"]], WHEEL + ["5.3"])
q("nb", "meeting", "hva er temaet på januarmøtet", "2026-12-02",
  [["tilskuddsordning", "tildelt", "tildeling"]], WHEEL + ["5.8"])
q("nb", "meeting", "Hva jobber vi med på møtet i mars?", "2027-02-15", [["innstilling"]], WHEEL)
q("nb", "meeting", "Har barnehage- og skoleforumet møter samtidig?", "2026-08-08",
  [["parallell", "samme dag", "samtidig", "samme tid"]], ["5", "5.1", "9"])
t = "2026-08-20"
m = next_meeting(t)
q("nb", "meeting", "Når kommer innkallingen til neste møte?", t,
  [fmt("nb", m - dt.timedelta(days=14), weekday=False), fmt("nb", m), DAYS14], ["4.1", "9"])
q("nb", "meeting", "hvor lang tid før møtet kommer innkallinga", "2027-05-12", [DAYS14], ["4.1"])
q("nb", "meeting", "Hva sendes ut sammen med innkallingen?", "2028-02-22",
  [["drøftingsspørsmål", "drøftingsspørsmål", "drøfting"], ["forskningsartikler", "artikler"]], ["4.1"])
q("nb", "meeting", "Er det møte i samarbeidsforum torsdag 23. september 2027?", "2027-09-01",
  [fmt("nb", d("2027-09-23"))], WHEEL)
M_NN = [
    ("Når er neste møte i samarbeidsforumet?", "2026-02-20"),
    ("Kva tid er neste samarbeidsforummøte?", "2027-09-23"),
    ("neste møte?", "2028-03-10"),
    ("Når møtest vi neste gong?", "2026-11-13"),
]
for text, t in M_NN:
    q("nn", "meeting", text, t, [fmt("nn", next_meeting(t))], WHEEL)
q("nn", "meeting", "Kva datoar er møta i 2028?", "2027-11-20", [fmt("nn", m) for m in meetings(2028)], WHEEL)
t = "2027-10-25"
m = next_meeting(t)
q("nn", "meeting", "Når kjem innkallinga til neste møte?", t,
  [fmt("nn", m - dt.timedelta(days=14)), fmt("nn", m), DAYS14], ["4.1", "9"])
q("nn", "meeting", "kva vekedag er møta i samarbeidsforuma", "2026-04-04", [["torsdag"]], WHEEL)
q("nn", "meeting", "Kva skjer på møtet i november?", "2028-09-30",
  [["evaluering"], ["leiar", "leder"]], WHEEL + ["5.3"])
M_EN = [
    ("When is the next samarbeidsforum meeting?", "2026-03-06"),
    ("next meeting?", "2026-12-31"),
    ("When does the cooperation forum meet next?", "2028-06-22"),
]
for text, t in M_EN:
    q("en", "meeting", text, t, [fmt("en", next_meeting(t))], WHEEL)
q("en", "meeting", "What are the meeting dates for 2027?", "2026-12-10", [fmt("en", m) for m in meetings(2027)], WHEEL)
t = "2028-06-01"
m = next_meeting(t)
q("en", "meeting", "When do we get the invitation for the next meeting?", t,
  [fmt("en", m - dt.timedelta(days=14)), fmt("en", m), DAYS14], ["4.1", "9"])
q("en", "meeting", "which weeks are the forum meetings in", "2027-04-01",
  [["25"], ["38"], ["46"], ["thursday", "torsdag"]], WHEEL)

# ---------------------------------------------------------------- percentages
P = ["5.8"]
q("nb", "percentage", "Hvor mye kan brukes til regional koordinator?", "2026-02-10", [["20 %"]], P)
q("nb", "percentage", "hvor mye kan brukes til kordinator", "2027-06-01", [["20 %"]], P)
q("nb", "percentage", "Hvor stor andel kan gå til koordinatorfunksjonen i desentralisert ordning?", "2028-03-03",
  [["20 %"]], P)
q("nb", "percentage", "maks andel til koordinator?", "2026-10-10", [["20 %"]], P)
q("nb", "percentage", "egenandel i desentralisert ordning?", "2026-05-05", [["30 %"]], P + ["6.1", "5.6"])
q("nb", "percentage", "egenadel desentralisert", "2027-09-09", [["30 %"]], P + ["6.1", "5.6"])
q("nb", "percentage", "Hvor stor er egenandelen skoleeierne må stille med?", "2028-11-11", [["30 %"]],
  P + ["6.1", "5.6"])
q("nb", "percentage", "Hva beregnes egenandelen på 30 % ut fra?", "2026-02-20",
  [["30 %"], ["statlig", "statstilskudd", "statens"]], P)
q("nb", "percentage", "Hva kan egenfinansieringen i desentralisert ordning brukes til?", "2027-01-27",
  [["koordinator"], ["kompetansetiltak", "tiltak"]], P)
q("nb", "percentage", "Hvor mye går til felles kompetansetiltak?", "2026-06-06", [["10 %"], HINN], P)
q("nb", "percentage", "hvor mye settes av til fellestiltak i fylket", "2028-08-08", [["10 %"]], P)
q("nb", "percentage", "Gjelder 10 %-regelen for fellestiltak også for kompetanseløftet?", "2027-04-04",
  [["10 %"], ["permanent"]], P)
q("nb", "percentage", "Hva kan fellestiltakene være?", "2026-09-19",
  [["innlandskonferanse"], ["digital", "kompetanseheving"]], P + ["8"])
q("nb", "percentage", "Hvor mye kan gå til de regionale kompetansenettverkene?", "2027-11-30", [["40 %"]], P)
q("nb", "percentage", "hvor mye av pengene går til uh", "2028-02-02",
  [["resterende", "resten", "60 %"], ["100 %"]], P)
q("nb", "percentage", "Kan alt gå til høgskolen?", "2026-03-30", [["100 %"], ["behovsmelding", "behov"]], P)
q("nb", "percentage", "Hva kan resten av nettverkenes andel brukes til, utover koordinator?", "2027-08-08",
  [["frikjøp"]], P)
q("nb", "percentage", "Hvor mye penger kan brukes til frikjøp av ansatte?", "2028-05-15",
  [["40 %"], ["frikjøp"]], P)
q("nb", "percentage", "Hvordan beregnes pro rata for desentralisert ordning?", "2026-01-28",
  [["90 %"], ["lærerårsverk", "årsverk"], ["elev"]], P)
q("nb", "percentage", "hvor mye av budsjettet i desentralisert beregnes ut fra larerarsverk", "2027-10-10",
  [["90 %"]], P)
q("nb", "percentage", "Trekkes yrkesfaglærere fra i beregningen for videregående?", "2028-01-05",
  [["yrkesfag"], ["desentralisert ordning for yrkesfag", "egen desentralisert", "egen ordning"]], P)
q("nb", "percentage", "Hvordan fordeles regional ordning mellom nettverkene?", "2026-04-20",
  [["60 %"], ["årsverk"], ["barnehagebarn"]], P)
q("nb", "percentage", "Hva er grunnlaget for pro rata i regional ordning", "2027-12-12",
  [["60 %"], ["styrer"], ["barnehagebarn"]], P)
q("nb", "percentage", "Hvor stor del av kompetanseløftet fordeles pro rata?", "2028-07-07",
  [["100 %"], ["årsverk"]], P)
q("nb", "percentage", "Hva er fordelingsnøkkelen i kompetanseløftet?", "2026-11-11",
  [["100 %"], ["årsverk"], ["elev"]], P)
q("nb", "percentage", "pro rata fordeling per ordning?", "2027-02-12", [["90 %"], ["60 %"], ["100 %"]], P)
q("nb", "percentage", "Hvor mye av regional ordning kan brukes på fagbrev for assistenter?", "2028-09-09",
  [["30 %"], ["barne- og ungdomsarbeider", "fagbrev", "praksiskandidat"]], P)
q("nb", "percentage", "Hva kan 30 prosent-delen i regional ordning brukes til?", "2026-07-15",
  [["30 %"], ["grunnkompetanse"], ["fagarbeidere", "assistenter"], ["fagbrev", "praksiskandidat"],
   ["tilrettelegging"]], P)
q("nb", "percentage", "kan vi bruke penger fra regional ordning til barnehagefaglig grunnkompetanse", "2027-05-30",
  [["30 %"]], P)
q("nb", "percentage", "hvor mye kan vi bruke på tilretteleggingsmidler i regional ordnig", "2028-04-28",
  [["30 %"]], P)
q("nb", "percentage", "Hvor stor prosentandel går til HINN til felles tiltak?", "2026-12-28", [["10 %"]], P)
q("nb", "percentage", "Hvor mye kan nettverket maks få av tilskuddet, og hvor mye av det til koordinator?",
  "2027-03-21", [["40 %"], ["20 %"]], P)
q("nb", "percentage", "hvor mye er egenandelen på i regional ordning?", "2028-10-30",
  [["desentralisert"]], P + ["6.1", "5.6"])
q("nn", "percentage", "Kor mykje kan brukast til regional koordinator?", "2026-02-11", [["20 %"]], P)
q("nn", "percentage", "Kor stor er eigendelen i desentralisert ordning?", "2027-06-16", [["30 %"]],
  P + ["6.1", "5.6"])
q("nn", "percentage", "Kor mykje går til felles kompetansetiltak gjennom HINN?", "2028-01-25", [["10 %"]], P)
q("nn", "percentage", "Kor stor del kan gå til dei regionale kompetansenettverka?", "2026-08-31", [["40 %"]], P)
q("nn", "percentage", "Korleis blir pro rata rekna ut i regional ordning?", "2027-09-27",
  [["60 %"], ["årsverk"], ["barnehagebarn"]], P)
q("nn", "percentage", "Kva kan 30 %-delen i regional ordning nyttast til?", "2028-06-12",
  [["30 %"], ["fagbrev", "grunnkompetanse", "praksiskandidat"]], P)
q("nn", "percentage", "Kor mykje av kompetanseløftet blir fordelt etter årsverk?", "2026-05-26", [["100 %"]], P)
q("nn", "percentage", "Kan heile tilskotet gå til høgskulen?", "2027-07-19", [["100 %"]], P)
q("nn", "percentage", "desentralisert ordning, kor mykje etter lærarårsverk?", "2028-12-01", [["90 %"]], P)
q("nn", "percentage", "kor mykje kan gå til koordinator", "2026-10-27", [["20 %"]], P)
q("nn", "percentage", "Kva blir eigendelen på 30 % rekna ut frå?", "2027-01-11",
  [["30 %"], ["statleg", "statlig", "statstilskot", "statstilskudd", "staten"]], P)
q("en", "percentage", "How much can be used for a regional coordinator?", "2026-04-14", [["20 %"]], P)
q("en", "percentage", "What is the co-funding (egenandel) in the decentralised scheme?", "2027-02-17",
  [["30 %"], ["state grant", "statlig", "grant"]], P + ["6.1", "5.6"])
q("en", "percentage", "How much goes to common measures through HINN?", "2028-03-23", [["10 %"]], P)
q("en", "percentage", "what share goes to the regional networks", "2026-11-19", [["40 %"]], P)
q("en", "percentage", "How is the pro rata share computed for the decentralised scheme?", "2027-05-21",
  [["90 %"], ["teacher", "lærerårsverk"], ["pupil", "student", "elev"]], P)
q("en", "percentage", "pro rata regional scheme kindergartens?", "2028-08-24",
  [["60 %"], ["children", "barnehagebarn"]], P)
q("en", "percentage", "Can all the money go to the university college?", "2026-06-25", [["100 %"]], P)
q("en", "percentage", "What can the 30 % in the regional scheme be used for?", "2027-10-14",
  [["30 %"], ["fagbrev", "certificate", "grunnkompetanse", "basic", "assistant", "tilrettelegging"]], P)
q("en", "percentage", "How much of Kompetanseløftet is distributed pro rata?", "2028-11-02",
  [["100 %"]], P)

# ---------------------------------------------------------------- other: 4-year commitments
q("nb", "other", "Hvor lenge kan samarbeidsforum gi tilsagn om midler til et tiltak?", "2026-03-12",
  [FOUR_Y, ["statsbudsjett"]], P)
q("nb", "other", "Må vi sende full behovsmelding hvert år for et tiltak som går over flere år?", "2027-01-07",
  [["forenklet"], ["begrunnelse"]], P)
q("nb", "other", "flerårig tilsagn - hvor mange år?", "2028-02-29", [FOUR_Y], P)
q("nb", "other", "Blir igangsatte tiltak prioritert?", "2026-12-14", [["prioriter"], ["forutsigbar"]], P)
q("nn", "other", "Kor lenge kan samarbeidsforumet gje tilsegn om midlar?", "2027-03-01", [FOUR_Y], P)
q("nn", "other", "Må vi sende ny behovsmelding kvart år for same tiltak?", "2028-01-18",
  [["forenkla", "forenklet"]], P)
q("en", "other", "For how many years can the forum commit funding to a measure?", "2026-09-29",
  [FOUR_Y, ["state budget", "statsbudsjett"]], P)
q("en", "other", "Do we need a full needs report every year for a multi-year measure?", "2027-11-08",
  [["simplified", "forenklet"]], P)

# ---------------------------------------------------------------- composition (5.1)
C = ["5.1"]
q("nb", "composition", "Hvem sitter i samarbeidsforum barnehage?", "2026-01-21",
  [["privat"], ["kommunal"], ["barnehagemyndighet"], ["fagforbundet"], ["ppt"]], C)
q("nb", "composition", "samarbeidsforum skole sammensetning", "2027-06-20",
  [["fylkeskommun"], ["privat"], ["statped"], ["hver region"]], C)
q("nb", "composition", "Hvor mange representanter har private barnehageeiere?", "2028-04-04",
  [["3", "tre"], ["privat"]], C)
q("nb", "composition", "Hvor mange fra Høgskolen i Innlandet er med i forumet?", "2026-09-02",
  [["1-3", "1–3", "1 - 3", "1 til 3", "en til tre", "én til tre"]], C)
q("nb", "composition", "Er Statped med i samarbeidsforum skole?", "2027-02-24", [["statped"], ["ja", "1 rep"]], C)
q("nb", "composition", "Hvor mange representanter har Statsforvalteren i skoleforumet?", "2028-10-18",
  [["2-3", "2–3", "2 - 3", "2 til 3", "to til tre"]], C)
q("nb", "composition", "Hvor mange representanter har statsforvalteren i barnehageforumet?", "2026-06-29",
  [["2"], ["leder"]], C)
q("nb", "composition", "Hvem bestemmer sammensetningen av samarbeidsforumet?", "2027-08-30", [SF], C)
q("nb", "composition", "Hvem skal være med i samarbeidsforumet ifølge retningslinjene?", "2028-03-14",
  [["KS"], ["PBL"], ["lærerorganisasjon"]], C)
q("nb", "composition", "Er Fagforbundet med i begge forumene?", "2026-10-05", [["barnehage"], ["fagforbundet"]], C)
q("nb", "composition", "hvor mange samarbeidsforum har vi i innlandet", "2027-04-27",
  [["to", "2"], ["barnehage"], ["skole"]], ["5", "5.1"])
q("nb", "composition", "Kan andre organisasjoner inviteres til samarbeidsforumet?", "2028-06-06",
  [["invit"], ["fagorganisasjon", "aktører"]], C)
q("nb", "composition", "hvem representerer fylkeskommunen i skoleforumet", "2026-11-24",
  [["skoleeier"], ["fylkeskommun"]], C)
q("nb", "composition", "Er PPT representert i forumene?", "2027-10-21", [["ppt"], ["ja", "1 rep", "begge"]], C)
q("nb", "composition", "sitter kommunen som barnehagemyndighet i forumet?", "2028-07-24",
  [["barnehagemyndighet"], ["hver region", "region"]], C)
q("nb", "composition", "hvor mange private skoleeiere er med i samarbeidsforum skole", "2026-03-26",
  [["2", "to"], ["grunnskole"], ["vgo", "videregående"]], C)
q("nn", "composition", "Kven sit i samarbeidsforum skule?", "2027-12-06",
  [["fylkeskommun"], ["statped"], ["ppt"]], C)
q("nn", "composition", "Kor mange representantar har KS i forumet?", "2028-05-02", [["1", "ein", "éin"], ["ks"]], C)
q("nn", "composition", "Kven avgjer samansetjinga av samarbeidsforumet?", "2026-07-27", [SF], C)
q("nn", "composition", "Kor mange frå Høgskulen i Innlandet er med?", "2027-09-14",
  [["1-3", "1–3", "1 - 3", "1 til 3", "ein til tre", "éin til tre"]], C)
q("en", "composition", "Who sits on the kindergarten cooperation forum?", "2028-02-16",
  [["privat"], ["ppt"], ["fagforbundet"], ["utdanningsforbundet"]], C)
q("en", "composition", "Who decides the composition of the forum?", "2026-12-07", [SF], C)
q("en", "composition", "How many representatives does HINN have?", "2027-03-29",
  [["1-3", "1–3", "1 - 3", "1 to 3", "one to three"]], C)

# ---------------------------------------------------------------- roles
q("nb", "roles", "Hvem kan stemme i samarbeidsforum?", "2026-01-13", [SF, ["ikke"]], ["5.5"])
q("nb", "roles", "Kan statsforvalteren stemme?", "2027-05-18", [SF, ["ikke", "nei"]], ["5.5"])
q("nb", "roles", "hva skjer hvis forumet ikke blir enige om innstillingen", "2028-03-07",
  [["avstemming", "stemme"], SF], ["5.5"])
q("nb", "roles", "Hvor ofte velges leder i samarbeidsforum?", "2026-08-25", [TWO_Y], ["5.3"])
q("nb", "roles", "hvor ofte velger vi leder", "2027-11-02", [TWO_Y], ["5.3"])
q("nb", "roles", "Hva er oppgavene til lederen i samarbeidsforum?", "2028-09-19",
  [["planlegg"], ["lede", "leder møtene"]], ["5.3"])
q("nb", "roles", "Hvem har sekretariatsansvaret for samarbeidsforumet?", "2026-04-28", [SF], ["5.7", "5.3", "5.6"])
q("nb", "roles", "Hva gjør sekretariatet?", "2027-07-13",
  [["saksdokument"], ["informasjonsflyt"], ["statped"]], ["5.7"])
q("nb", "roles", "Hvor lenge sitter representantene i samarbeidsforumet?", "2028-01-30",
  [["2 år", "to år"]], ["5.4"])
q("nb", "roles", "hvem velger representantene og for hvor lenge", "2026-10-13",
  [["samarbeidsforum"], ["2 år", "to år"]], ["5.4"])
q("nb", "roles", "Må representantene fra kommunene være eiere?", "2027-03-09",
  [["eier"], ["myndighet"]], ["5.4"])
q("nb", "roles", "Hvem er med i arbeidsgruppa?", "2028-04-18",
  [["leder"], SF, ["uh", "universitet", "høgskole"], ["skoleeier"]], ["5.6"])
q("nb", "roles", "hvor mange er det i arbeidsgruppen", "2026-02-26", [["8", "åtte"]], ["5.6"])
q("nb", "roles", "Hva gjør arbeidsgruppa?", "2027-06-29",
  [["innstilling"], ["kriteri"], ["planlegg"]], ["5.6"])
q("nb", "roles", "Hvor mange fra statsforvalteren sitter i arbeidsgruppa?", "2028-11-21",
  [["2"], SF], ["5.6"])
q("nb", "roles", "Hva kan tilskuddsmidlene brukes til?", "2026-05-12",
  [["kompetansebehov"], ["planlegg"], ["gjennomføre"], ["koordinator"]], ["5.5"])
q("nb", "roles", "kan midlene brukes til koordinator?", "2027-08-17", [["koordinator"], ["20 %", "begrenset"]],
  ["5.5", "5.8"])
q("nb", "roles", "Hvem tar den endelige beslutningen om hvordan midlene fordeles?", "2028-02-08",
  [["samarbeidsforum"]], ["6.1", "6", "5.5"])
q("nb", "roles", "Hvem utbetaler midlene?", "2026-07-08", [SF, ["tilsagnsbrev", "innstilling"]], ["5.8"])
q("nb", "roles", "hvem far pengene i nettverket vart", "2027-12-15", [["vertskommune"]], ["5.8"])
q("nb", "roles", "Hvem er tilskuddsmottaker for friskolene?", "2028-05-23",
  [["skole"], ["nettverk"]], ["5.8"])
q("nb", "roles", "Hvem er tilskuddsmottaker for fylkeskommunens søknad?", "2026-03-17",
  [["innlandet fylkeskommune", "fylkeskommunen"]], ["5.8"])
q("nb", "roles", "Blir UH sine midler utbetalt via vertskommunen?", "2027-04-20", [["direkte"]], ["5.8"])
q("nb", "roles", "Har hvert kompetansenettverk en kontaktperson fra HINN?", "2028-08-29",
  [HINN, ["kontaktperson"]], ["5.5"])
q("nb", "roles", "Hva er Statped sin rolle?", "2026-09-22", [["statped"], UH], ["5.5", "5.6", "5.7"])
q("nb", "roles", "Når får vi vite hvor mye nettverket vårt får tildelt?", "2027-10-26",
  [["tildelingsbrev"], ["januar"]], ["5.8"])
q("nb", "roles", "Skal lærerorganisasjonene være med i kompetansenettverkene?", "2028-12-12",
  [["lærerorganisasjon"]], ["6.1"])
q("nb", "roles", "Hvem gjør første prioritering av behovsmeldingene?", "2026-11-03",
  [["kompetansenettverk"]], ["6.1"])
q("nb", "roles", "Hvem sender ut malene for å melde behov?", "2027-01-26", [SF, ["januar"]], ["6.1"])
q("nb", "roles", "hvem har ansvaret for kompetanseutvikling for de ansatte", "2028-06-20",
  [["eier"]], ["6.1"])
q("nn", "roles", "Kven kan røyste i samarbeidsforumet?", "2026-06-02", [SF, ["ikkje", "ikke"]], ["5.5"])
q("nn", "roles", "Kor ofte vert leiaren vald?", "2027-02-09", [TWO_Y], ["5.3"])
q("nn", "roles", "Kor lenge sit representantane i forumet?", "2028-09-05", [["2 år", "to år"]], ["5.4"])
q("nn", "roles", "Kven er med i arbeidsgruppa?", "2026-12-21", [["leiar", "leder"], SF], ["5.6"])
q("nn", "roles", "Kven har sekretariatsansvaret?", "2027-05-04", [SF], ["5.7", "5.3", "5.6"])
q("nn", "roles", "Kva kan tilskotsmidlane brukast til?", "2028-03-28", [["kompetansebehov"], ["koordinator"]], ["5.5"])
q("nn", "roles", "Kven betaler ut pengane?", "2026-08-04", [SF], ["5.8"])
q("nn", "roles", "Kva gjer arbeidsgruppa?", "2027-11-23", [["innstilling"]], ["5.6"])
q("nn", "roles", "Kva oppgåver har leiaren i samarbeidsforumet?", "2028-07-11",
  [["planlegg"], ["arbeidsgrupp", "møta", "møtene"]], ["5.3"])
q("nn", "roles", "Kva skjer om forumet ikkje blir samde?", "2026-04-07", [["avrøysting", "avstemming", "røyst", "stemm"]], ["5.5"])
q("en", "roles", "Who can vote in the forum?", "2027-06-08", [SF, ["not", "cannot", "ikke"]], ["5.5"])
q("en", "roles", "How often is the leader of the forum elected?", "2028-10-10", [TWO_Y], ["5.3"])
q("en", "roles", "For how long are representatives appointed?", "2026-02-03", [["2 years", "two years", "2 år"]], ["5.4"])
q("en", "roles", "Who is in the working group?", "2027-09-07", [["leader", "leder"], SF], ["5.6"])
q("en", "roles", "What can the grant money be used for?", "2028-01-04", [["coordinator", "koordinator"], ["needs", "behov"]], ["5.5"])
q("en", "roles", "Who pays out the money?", "2026-05-19", [SF], ["5.8"])
q("en", "roles", "Who runs the secretariat of the forum?", "2027-12-28", [SF], ["5.7", "5.3", "5.6"])
q("en", "roles", "Who receives the money on behalf of a network?", "2028-04-11",
  [["host municipality", "vertskommune", "host"]], ["5.8"])

# ---------------------------------------------------------------- reporting (10)
R = ["10"]
q("nb", "reporting", "Hvem skal rapportere?", "2026-12-03", [["partnerskap"], UH], R)
q("nb", "reporting", "Hvem er kontaktperson for årsrapporteringen i Innlandet?", "2027-12-09",
  [["eier"], ["nettverk"]], R)
q("nb", "reporting", "Skal vi levere én rapport per tiltak?", "2028-12-07",
  [["per tiltak", "per kompetansetiltak", "hvert tiltak", "hvert kompetansetiltak", "én rapportering per", "en rapportering per"]], R)
q("nb", "reporting", "hvor rapporterer vi", "2026-11-17",
  [["høringssystem"], ["utdanningsdirektoratet", "udir"]], R)
q("nb", "reporting", "Hva skal rapporteres i årsrapporten?", "2027-11-16",
  [["tiltak"], ["midl"], ["måloppnåelse"]], R)
q("nb", "reporting", "Hvem rapporterer for kompetansetiltak i fag- og yrkesopplæringen?", "2028-11-28",
  [["fylkeskommun"], ["utdanningsdirektoratet", "udir"]], R)
q("nb", "reporting", "Kan kontaktpersonen for rapporteringen være fra UH?", "2026-10-22",
  [["ja", "kan"], ["eier"]], R)
q("nb", "reporting", "Hvem godkjenner rapporteringen før den sendes?", "2027-10-19",
  [["eier"], UH], R)
q("nb", "reporting", "Er det egne rapporteringsskjema for hver ordning?", "2028-10-24",
  [["regional"], ["desentralisert"], ["kompetanseløft"]], R)
q("nb", "reporting", "Hvilket år gjelder rapporteringen for?", "2026-12-17", [["budsjettår"]], R)
q("nb", "reporting", "hvem sender ut lenken til rapporteringsskjemaet", "2027-12-02", [SF], R)
q("nb", "reporting", "hva er statsforvalterens ansvar ved årsrapporteringen", "2028-12-05",
  [["kontaktperson"], ["lenke"]], R + ["5.7"])
q("nb", "reporting", "hvem har ansvar for at rapporten blir levert", "2026-01-06", [["kontaktperson"]], R)
q("nn", "reporting", "Kven skal rapportere?", "2027-12-14", [["partnarskap", "partnerskap"]], R)
q("nn", "reporting", "Kven er kontaktperson for årsrapporteringa?", "2028-12-19", [["eigar", "eier"], ["nettverk"]], R)
q("nn", "reporting", "Skal vi rapportere per tiltak?", "2026-12-09",
  [["per tiltak", "per kompetansetiltak", "kvart tiltak", "kvart kompetansetiltak", "for kvart", "kvar tiltak"]], R)
q("nn", "reporting", "Kva skal vi rapportere på?", "2027-11-30", [["tiltak"], ["måloppnåing", "måloppnåelse"]], R)
q("en", "reporting", "Who is responsible for submitting the annual report?", "2028-11-15",
  [["contact person", "kontaktperson"]], R)
q("en", "reporting", "Do we report per measure or per partnership?", "2026-11-25",
  [["per measure", "each measure", "per tiltak", "per kompetansetiltak", "per competence measure", "for each", "every measure"]], R)
q("en", "reporting", "Where do we submit the annual report?", "2027-12-21",
  [["udir", "utdanningsdirektoratet", "directorate"], ["høringssystem", "consultation", "hearing system"]], R)

# ---------------------------------------------------------------- local plan (6.1)
L = ["6.1"]
q("nb", "local_plan", "Hva skal en lokal kompetanseplan inneholde?", "2026-01-27",
  [["mål"], ["kompetansetiltak"], ["deltaker"], ["evaluering"], ["varighet"]], L)
q("nb", "local_plan", "hvor lang periode skal den lokale planen dekke", "2027-08-24", [FOUR_Y], L)
q("nb", "local_plan", "Hvem lager den lokale planen?", "2028-02-22", [["nettverk"], UH], L)
q("nb", "local_plan", "Skal egenandelen stå i den lokale planen?", "2026-09-08", [["30 %"], ["egenandel"]], L)
q("nb", "local_plan", "Hvem skal motta den lokale planen?", "2027-01-12", [SF, ["samarbeidsforum"]], L)
q("nb", "local_plan", "Må lokal plan si noe om måloppnåelse?", "2028-10-03", [["måloppnåelse"]], L)
q("nb", "local_plan", "lokal plan innhold", "2026-06-16", [["mål"], ["tiltak"], ["arbeidsmåter"]], L)
q("nn", "local_plan", "Kva skal ein lokal kompetanseplan innehalde?", "2027-04-13",
  [["mål"], ["tiltak"], ["evaluering"], ["varigheit", "varighet"]], L)
q("nn", "local_plan", "Kor mange år skal den lokale planen gjelde for?", "2028-05-09", [FOUR_Y], L)
q("en", "local_plan", "What should the local competence plan contain?", "2026-03-03",
  [["goal", "mål", "objective"], ["participant", "deltaker"], ["evaluat"], ["duration", "varighet"]], L)
q("en", "local_plan", "How many years should the local plan cover?", "2027-07-27", [FOUR_Y], L)

# ---------------------------------------------------------------- innstilling (5.5, 5.6)
I = ["5.6", "5.5"]
t = "2026-01-20"
q("nb", "innstilling", "Når er fristen for innstillingen til Statsforvalteren?", t,
  [["1. februar 2026"], ["15. mars 2026"]], I + WHEEL, expect_not=["16. mars 2026", "2. februar 2026"])
t = "2027-02-10"
q("nb", "innstilling", "frist innstilling samarbeidsforum", t, [["1. februar"], ["15. mars 2027"]], I + WHEEL)
t = "2028-03-01"
q("nb", "innstilling", "nar ma innstillingen vaere hos statsforvalteren", t,
  [["1. februar"], ["15. mars 2028"]], I + WHEEL)
q("nb", "innstilling", "Hva skal innstillingen inneholde?", "2026-04-21",
  [["tiltak"], ["kriteri"], ["eier"], ["koordinator"], ["egenandel"], ["30"]], I)
q("nb", "innstilling", "Hva må innstillingen si om kompetanseløftet?", "2027-05-25",
  [["statped"], ["ppt"], ["laget rundt"]], I)
q("nb", "innstilling", "Hvor vedtas den årlige innstillingen?", "2028-06-27",
  [["felles"], ["ordning"]], I)
q("nb", "innstilling", "Hvem sendes innstillingen til?", "2026-07-21", [SF], I)
q("nb", "innstilling", "Hva skal innstillingen være basert på?", "2027-08-31",
  [["eier"], ["lokale planer"], UH], I)
q("nb", "innstilling", "Hvem lager forslag til innstilling?", "2028-09-26", [["arbeidsgrupp"]], I)
q("nb", "innstilling", "Skal bruken av egenandelen stå i innstillingen?", "2026-10-27", [["egenandel"], ["30"]], I)
t = "2027-11-11"
q("nn", "innstilling", "Når skal innstillinga frå samarbeidsforumet vere hos statsforvaltaren?", t,
  [["1. februar"], ["15. mars"]], I + WHEEL)
q("nn", "innstilling", "Kva skal innstillinga innehalde?", "2028-01-11",
  [["tiltak"], ["koordinator"], ["30"]], I)
q("nn", "innstilling", "Kven lagar framlegg til innstilling?", "2026-02-17", [["arbeidsgrupp"]], I)
t = "2028-01-10"
q("en", "innstilling", "When is the innstilling (the forum's recommendation) due to the County Governor?", t,
  [["1 February", "1. februar", "February 1"], ["15 March", "15. mars", "March 15"]], I + WHEEL)
q("en", "innstilling", "What must the innstilling include?", "2026-08-18",
  [["measure", "tiltak"], ["coordinator", "koordinator"], ["30"]], I)
q("en", "innstilling", "Who prepares the draft innstilling?", "2027-09-21", [["working group", "arbeidsgrupp"]], I)

# ---------------------------------------------------------------- contradiction
CI = ["5.6", "10", "9"]
q("nb", "contradiction", "Er det 1. februar eller 15. mars som gjelder for innstillingen?", "2026-09-01",
  [["1. februar"], ["15. mars"]], CI)
q("nb", "contradiction", "Planen sier 10.01.23 om årsrapporten, er det riktig frist?", "2026-11-04",
  [["15. januar"], C_REP], ["10"])
q("nb", "contradiction", "står det to ulike frister for innstillingen i planen?", "2027-03-02",
  [["1. februar"], ["15. mars"]], CI)
t = "2027-06-01"
q("nb", "contradiction", "Hva er riktig rapporteringsfrist, 10. januar eller 15. januar?", t,
  [[D("nb", "2028-01-15")], C_REP], ["10"])
q("nb", "contradiction", "innstilling frist 1 feb eller 15 mars??", "2028-01-24", [["1. februar"], ["15. mars"]], CI)
q("nn", "contradiction", "Planen seier både 1. februar og 15. mars for innstillinga – kva gjeld?", "2026-12-22",
  [["1. februar"], ["15. mars"]], CI)
q("nn", "contradiction", "Er fristen for årsrapport 10. januar eller 15. januar?", "2027-10-12",
  [["15. januar"], C_REP], ["10"])
q("en", "contradiction", "The plan gives two deadlines for the innstilling – which one applies?", "2028-02-07",
  [["1 February", "1. februar", "February 1"], ["15 March", "15. mars", "March 15"]], CI)
q("en", "contradiction", "Is the annual report due 10 January or 15 January?", "2026-07-28",
  [["15 January", "15. januar", "January 15"], C_REP_EN], ["10"])

# ---------------------------------------------------------------- holiday / weekend
q("nb", "holiday", "Hvilken ukedag er fristen for behovsmelding i 2026?", "2026-01-05",
  [D("nb", "2026-02-01")], SRC["needs"], expect_not=["2. februar 2026"])
q("nb", "holiday", "1. februar 2026 er en søndag – blir fristen for behovsmelding flyttet til mandag?", "2026-01-20",
  [D("nb", "2026-02-01")], SRC["needs"], expect_not=["2. februar 2026"])
q("nb", "holiday", "Årsrapportfristen i 2028 er på en lørdag, får vi levere mandagen etter?", "2027-12-01",
  [D("nb", "2028-01-15")], SRC["report"], expect_not=["17. januar 2028"])
q("nb", "holiday", "Frist for innstilling i 2026 – havner den i en helg?", "2026-02-05",
  [D("nb", "2026-03-15"), ["1. februar"]], SRC["innstilling"], expect_not=["16. mars 2026", "2. februar 2026"])
q("nb", "holiday", "Utbetalingsfristen i 2028 er vel i påsken?", "2028-03-20",
  [D("nb", "2028-04-15")], SRC["payment"], expect_not=["18. april 2028", "19. april 2028"])
q("nb", "holiday", "Hvilken dag er fristen for årsrapport i 2027?", "2026-12-20", [D("nb", "2027-01-15")], SRC["report"])
q("nb", "holiday", "Er 1. februar 2027 en virkedag? tenker på behovsmeldingsfristen", "2026-12-30",
  [D("nb", "2027-02-01")], SRC["needs"])
q("nb", "holiday", "faller fristen for behovsmeldinger på en helg i år?", "2026-01-12",
  [D("nb", "2026-02-01")], SRC["needs"], expect_not=["2. februar 2026"])
q("nn", "holiday", "Kva vekedag er fristen for behovsmelding i 2026?", "2026-01-06",
  [D("nn", "2026-02-01"), ["sundag", "søndag"]], SRC["needs"], expect_not=["2. februar 2026"])
q("nn", "holiday", "Fristen for årsrapport i 2028 – er det ein laurdag?", "2027-11-29",
  [D("nn", "2028-01-15"), ["laurdag", "lørdag"]], SRC["report"], expect_not=["17. januar 2028"])
q("en", "holiday", "The needs report deadline in 2026 falls on a Sunday – is it moved to Monday?", "2026-01-19",
  [D("en", "2026-02-01"), ["sunday", "søndag"]], SRC["needs"], expect_not=["2 February 2026", "2. februar 2026"])
q("en", "holiday", "What weekday is the annual report deadline in 2028?", "2027-10-04",
  [D("en", "2028-01-15"), ["saturday", "lørdag"]], SRC["report"], expect_not=["17 January 2028", "17. januar 2028"])

# ---------------------------------------------------------------- other plan content
q("nb", "other", "Hvilke ordninger omfatter tilskuddsordningen?", "2026-02-24",
  [["regional"], ["desentralisert"], ["kompetanseløft"]], ["1"])
q("nb", "other", "Hvor mange regionale kompetansenettverk er det?", "2027-03-16",
  [["9", "ni regionale", "ni kompetansenettverk", "ni nettverk"]], ["6"])
q("nb", "other", "Hvor mange nettverk har fylkeskommunen?", "2028-04-25", [["4", "fire"]], ["6"])
q("nb", "other", "Er friskolene med i ordningen?", "2026-05-26", [["lik linje", "2-1"]], ["3.2", "6", "5.8"])
q("nb", "other", "hvilket nettverk hører friskolene til", "2027-06-22",
  [["egen region", "eget kompetansenettverk", "eget nettverk"]], ["6"])
q("nb", "other", "Hvem er målgruppen for kompetanseløftet?", "2028-07-18",
  [["ppt", "pp-tjeneste"], ["laget rundt"]], ["3.2", "5.8"])
q("nb", "other", "kan helsesykepleier delta i kompetanseløftet", "2026-08-11",
  [["laget rundt"]], ["5.8", "3.2"])
q("nb", "other", "Hvem er målgruppen for tilskuddsordningene?", "2027-09-28",
  [["lærer"], ["leder"], ["ansatte"]], ["3.2"])
q("nb", "other", "Kan midler fra kompetanseløftet brukes til andre temaer?", "2028-10-17",
  [["ikke"], ["kompetanseløft"]], ["2"])
q("nb", "other", "Kan midler fra desentralisert ordning brukes til spesialpedagogikk?", "2026-11-10",
  [["spesialpedagogikk"]], ["2"])
q("nb", "other", "Hva er målet med tilskuddsordningen?", "2027-12-07",
  [["kollektiv kompetanse"], ["partnerskap"]], ["3.1", "3"])
q("nb", "other", "Hvilke prinsipper for kompetanseutvikling bygger planen på?", "2028-01-02",
  [["ledelse"], ["profesjon"], ["støttesystem"], ["praksis"], ["holdninger"], ["vedlikehold"]],
  ["4.2", "4.2.1", "4.2.6"])
q("nb", "other", "Hva er lærende møter?", "2026-02-09", [["læringsfellesskap", "læringsfelleskap"]], ["4.1"])
q("nb", "other", "Hvor skal prioriteringen av tiltak være forankret?", "2027-02-02", [["overordnet plan"]], ["2"])
q("nb", "other", "Hvordan brukes restmidler?", "2028-03-13", [UH, ["behov"]], ["5.8"])
q("nb", "other", "Kan nettverkene organisere seg felles for barnehage og skole?", "2026-04-13",
  [["felles"], ["atskilt"]], ["6"])
q("nb", "other", "Når er Innlandskonferansen?", "2027-05-11", [["årlig"]], ["8", "5.8"])
q("nb", "other", "Hvilken periode gjelder planen for kompetanseutvikling for?", "2028-06-13",
  [["2022-2025", "2022–2025", "2022 - 2025"]], ["7"])
q("nb", "other", "Hva er tildelingene basert på?", "2026-06-23", [["meldte behov", "behov"]], ["5.8"])
q("nb", "other", "er private skoler omfattet av ordningen", "2027-07-06", [["friskoleloven", "lik linje"]], ["3.2"])
q("nn", "other", "Kor mange regionale kompetansenettverk er det?", "2028-08-01",
  [["9", "ni regionale", "ni kompetansenettverk", "ni nettverk"]], ["6"])
q("nn", "other", "Kven er målgruppa for kompetanseløftet?", "2026-09-15",
  [["ppt", "pp-tenest", "pp-tjeneste"], ["laget rundt"]], ["3.2", "5.8"])
q("nn", "other", "Er friskulane med i ordninga?", "2027-10-05", [["lik linje", "2-1", "eigen region", "egen region"]],
  ["3.2", "6", "5.8"])
q("nn", "other", "Kva ordningar er med i tilskotsordninga?", "2028-11-07",
  [["regional"], ["desentralisert"], ["kompetanseløft"]], ["1"])
q("nn", "other", "Kor mange nettverk har fylkeskommunen?", "2026-12-29", [["4", "fire"]], ["6"])
q("nn", "other", "Kan pengar frå kompetanseløftet brukast til anna tematikk?", "2027-01-19", [["ikkje", "ikke"]], ["2"])
q("en", "other", "How many regional competence networks are there?", "2028-12-27", [["9", "nine"]], ["6"])
q("en", "other", "Who is the target group of Kompetanseløftet?", "2026-10-06",
  [["ppt", "pp-", "educational-psychological", "educational psychological"], ["laget rundt", "team around"]], ["3.2", "5.8"])
q("en", "other", "Which schemes are included in the grant arrangement?", "2027-11-09",
  [["regional"], ["desentral", "decentral"], ["kompetanseløft", "special"]], ["1"])
q("en", "other", "Are private schools included?", "2028-09-12", [["friskole", "independent", "private"]], ["3.2", "6", "5.8"])
q("en", "other", "How many networks does the county council have?", "2026-01-30", [["4", "four"]], ["6"])


# ---------------------------------------------------------------- forum tasks, representatives' duties
q("nb", "roles", "Hva er hovedoppgavene til samarbeidsforumet?", "2026-03-23",
  [["innstilling"], ["langsiktig plan", "overordnet plan", "langsiktig"]], ["5.2"])
q("nb", "roles", "Hva forventes av meg som representant i samarbeidsforumet?", "2027-04-26",
  [["forbered"], ["møte"]], ["5.4"])
q("nn", "roles", "Kva er forventa av meg som representant i samarbeidsforumet?", "2028-02-28",
  [["førebu", "forbered"], ["møte"]], ["5.4"])
q("en", "roles", "What are the main tasks of the cooperation forum?", "2026-07-06",
  [["innstilling", "recommendation"], ["long-term", "langsiktig", "overall plan", "overordnet"]], ["5.2"])

# ---------------------------------------------------------------- off-topic / outside plan
NOM = ["millioner", "mill. kr", "NOK", "millionar", "million"]
OT = [
    ("nb", "Hva er hovedstaden i Frankrike?", "2026-03-09", []),
    ("nb", "hvor mye får Valdres i 2031?", "2026-05-04", NOM),
    ("nb", "Hvem er leder i samarbeidsforum nå?", "2027-02-22", []),
    ("nb", "Hvordan blir været på Lillehammer i morgen?", "2027-06-14", []),
    ("nb", "Hvor mye fikk Hamarregionen i tilskudd i 2025?", "2026-02-16", NOM),
    ("nb", "Hva er telefonnummeret til Statsforvalteren i Innlandet?", "2028-03-20", []),
    ("nb", "Kan du anbefale en god restaurant i Gjøvik?", "2026-09-28", []),
    ("nb", "hvem vant cupfinalen i fjor", "2027-12-13", []),
    ("nb", "Hva er lønna til en barnehagelærer?", "2028-05-29", ["kroner"]),
    ("nb", "Hvor mange elever går på Hamar katedralskole?", "2026-10-19", []),
    ("nb", "Hva blir tildelingen til Gjøvikregionen neste år i kroner?", "2027-08-09", NOM),
    ("nb", "Skriv et dikt om høsten", "2028-09-04", []),
    ("nb", "Hvem er kunnskapsminister?", "2026-12-14", []),
    ("nb", "hvor mye er statsbudsjettet for kompetanseutvikling i 2030", "2027-04-05", NOM),
    ("nb", "hva heter kontaktpersonen vår hos HINN?", "2028-02-14", []),
    ("nn", "Kva er hovudstaden i Noreg?", "2026-06-01", []),
    ("nn", "Kor mykje pengar får Nord-Gudbrandsdal i 2030?", "2027-09-06", NOM),
    ("nn", "Kven er leiar i samarbeidsforum barnehage no?", "2028-01-08", []),
    ("nn", "Korleis blir vêret i Valdres i helga?", "2026-07-03", []),
    ("nn", "Kven er statsforvaltar i Innlandet?", "2027-03-22", []),
    ("en", "What is the capital of France?", "2028-06-19", []),
    ("en", "How much will Valdres get in 2031?", "2026-08-03", NOM + ["kroner"]),
    ("en", "Who is the current leader of the cooperation forum?", "2027-05-03", []),
    ("en", "What's the weather in Hamar tomorrow?", "2028-10-09", []),
    ("en", "Can you recommend a hotel in Lillehammer?", "2026-04-27", []),
    ("en", "How many kindergartens are there in Innlandet?", "2027-08-16", []),
    ("nb", "Hva er klokka?", "2026-11-16", []),
    ("nb", "hvor mye får Kongsvingerregionen i 2029", "2028-06-26", NOM),
    ("nb", "Kan du hjelpe meg å skrive en permisjonssøknad til rektor?", "2027-01-04", []),
    ("nb", "Når er skolestart høsten 2027?", "2027-05-24", ["august 2027"]),
    ("nb", "hvor mange innbyggere har innlandet", "2026-08-24", []),
    ("nb", "Hva er momssatsen på kursavgift?", "2028-04-03", ["25 %"]),
    ("nn", "Når er skulestart i Vang til hausten?", "2026-05-11", ["august 2026"]),
    ("nn", "Kor mykje får Sør-Østerdal neste år?", "2028-10-02", NOM),
    ("en", "Who won the 2022 World Cup?", "2026-12-21", []),
    ("en", "What's the euro exchange rate today?", "2027-07-12", []),
    ("en", "How much money will the Hamar region get next year?", "2028-11-20", NOM + ["kroner"]),
]
for lang, text, t, en in OT:
    q(lang, "offtopic", text, t, [], outside=True, expect_not=en)

B.dump(sys.argv[1])
print(len(B.rows))
