"""The question vocabulary: concepts with their bokmål, nynorsk and English surface forms.

Patterns are written in ordinary spelling and folded at start-up (see ``normalize.fold``), so
"årsrapport" also matches "arsrapport" and "aarsrapport". A pattern is one or more words:

* ``word``   the token itself;
* ``stem*``  a token starting with the stem;
* ``*part*`` a token containing the part (compounds: "årsrapporteringsfristen");
* ``*end``   a token ending with the part;
* ``a b*``   adjacent tokens (the first exact, the others exact or a stem).

Concepts in ``EXPLAINING`` are specific to the plan: a token matched by one of them counts as
understood even when it is not a dictionary word (compounds, inflections).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONCEPTS: Final[Mapping[str, tuple[str, ...]]] = {
    # --- question forms ---------------------------------------------------------------------
    "q_when": ("når", "naar", "when", "dato", "datoen", "datoar", "datoer", "datoene", "date", "dates",
               "tidspunkt*", "kva tid", "kor tid", "hvilken dag", "hvilken dato", "kva dag", "what day",
               "which day", "what date", "which date", "innen når", "innan når", "by when", "ukedag*",
               "vekedag*", "weekday", "day of the week", "hvilken ukedag", "dag", "hvor mange dager",
               "kor mange dagar", "how many days", "how long until", "how long till", "how long before",
               "days until", "days left", "days to", "dager igjen", "dagar igjen", "dager til", "dagar til",
               "hvor lang tid", "kor lang tid", "how much time", "hvor lenge har", "kor lenge har",
               "how long do", "how long have", "how long does", "hvor lang tid har", "kor lang tid har"),
    "q_what": ("hva", "hvad", "kva", "what", "whats", "hvilke", "hvilken", "hvilket", "kva for", "which"),
    "q_who": ("hvem", "kven", "who", "whom", "whose"),
    "q_howmuch": ("hvor mye", "hvor mykje", "kor mykje", "kor mye", "how much", "hvor stor*", "kor stor*",
                  "how large", "how big", "hvor høy", "kor høg", "how high", "maks*", "maximum", "max",
                  "inntil", "opptil", "up to", "tak", "taket", "cap", "limit", "grense*", "øvre"),
    "q_howmany": ("hvor mange", "kor mange", "how many", "antall", "antallet", "talet", "number of"),
    "years": ("år", "years", "year", "årene", "åra"),
    "q_how": ("hvordan", "korleis", "how"),
    "q_howoften": ("hvor ofte", "kor ofte", "how often", "how frequently", "hyppig*", "frequency", "how many times",
                   "hvor mange ganger", "kor mange gonger", "kor mange gongar", "times a year", "ganger i året",
                   "gonger i året", "gongar i året", "ganger per år", "times per year"),
    "q_howlong": ("hvor lenge", "kor lenge", "how long", "periode", "perioden", "period", "time frame",
                  "tidsramme*", "funksjonstid*",
                  "valgperiode*", "valperiode*", "term", "terms", "mandatperiode*"),
    "q_can": ("kan", "can", "may", "lov", "tillatt", "allowed", "permitted", "får vi", "få lov"),
    "q_where": ("hvor", "kvar", "where", "hvorhen"),
    # --- the annual cycle --------------------------------------------------------------------
    "deadline": ("frist", "*frist*", "deadline*", "due", "cutoff", "cut-off", "senest", "seinast",
                 "innleveringsdato*", "latest", "overdue", "forsinket", "forsinka", "last day", "last date", "final day", "siste dag", "siste dagen",
                 "siste dato", "siste datoen", "siste dagen for", "seinaste dag", "seinaste dato",
                 # "Skulle pengene vært kommet nå?", "Should the money have arrived by now?": when it is due.
                 "vært kommet", "vore komne", "vore kome", "ha kommet", "ha kome", "by now", "have arrived",
                 "have come", "have been paid", "vært utbetalt", "vore utbetalt", "ha fått", "ha fenge"),
    "deliver": ("levere", "leveres", "leverast", "levert", "leverer", "submit", "submitted", "submitting",
                "hand in", "send inn", "sende inn", "sendes inn", "innlevering*"),
    "report": ("*rapport*", "report*", "årsmelding*"),
    "annual": ("årlig*", "årleg*", "annual*", "yearly", "hvert år", "kvart år", "every year", "each year"),
    "needs": ("*behovsmeld*", "melde behov", "meld behov", "melder behov", "melding av behov", "behovene", "behova",
              "behovet", "behov*",
              "*kompetansebehov*", "needs report*", "need report*", "needs assessment*", "report needs",
              "reporting needs", "report our needs", "report their needs", "register needs", "competence needs",
              "competence need", "development needs", "training needs", "their needs", "our needs",
              "needs reporting", "needs statement*", "submit needs", "beslutningsgrunnlag*",
              "avgjerdsgrunnlag*", "decision basis", "behov"),
    "apply": ("søk", "søke", "søker", "søkes", "søkje", "søknad*", "*søknad*", "apply", "application*",
              "applying"),
    "innstilling": ("*innstilling*", "innstill*", "instilling*", "tilråding*", "recommendation*",
                    "nomination"),
    "payment": ("*utbetal*", "betale", "betales", "betalast", "betalt", "betaler", "betalte", "betala",
                "betalte ut", "betalt ut", "betale ut", "betalast ut", "vert betalt", "payment*", "pay",
                "paid", "pays", "payout", "pay out", "disburse*", "tilsagnsbrev*", "tilsegnsbrev*",
                "tilsagn", "grant letter*"),
    "meeting": ("møte", "møter", "møtet", "møtene", "møta", "møtes", "møtast", "møtest", "møttest", "møttes", "møtedag*", "møtedato*",
                "møteplan*", "*møte", "*møtet", "*møter", "*møtene", "meeting*", "meet", "meets"),
    "agenda": ("agenda*", "dagsorden*", "tema på møtet", "topic of the meeting", "on the table"),
    "invitation": ("innkall*", "*innkalling*", "invitation*", "saksdokument*",
                   "sakspapir*", "saksliste*", "drøftingsspørsmål*", "drøftingsoppgåve*",
                   "discussion question*", "notice", "summons", "kalle inn", "kallast inn", "kalles inn"),
    "next": ("neste", "nest", "kommende", "førstkommende", "next", "upcoming", "nærmeste", "snart",
             "soon", "coming", "framover", "fremover", "ahead", "først", "fyrst", "first"),
    "previous": ("forrige", "førre", "previous", "sist", "siste"),
    "all": ("alle", "all", "oversikt*", "overview", "liste", "listen", "list", "samtlige", "every",
            "frister", "fristene", "fristar", "fristane", "deadlines", "datoene", "datoane", "dates",
            "møtedatoene", "møtedatoane"),
    "plural_meetings": ("møtene", "møta", "møter", "meetings", "møtedatoene", "møtedatoer", "møtedatoar",
                        "samlingane"),
    "wheel": ("årshjul*", "*årshjul*", "annual wheel", "annual cycle", "yearly cycle", "year wheel",
              "calendar", "kalender*", "årsplan*", "timeline", "tidsplan*", "schedule"),
    "weekend": ("helg*", "weekend*", "lørdag*", "laurdag*", "søndag*", "sundag*", "saturday*", "sunday*",
                "helligdag*", "heilagdag*", "holiday*", "rød dag", "raud dag", "fridag*", "påske*",
                "easter", "pinse*", "jul", "julen", "christmas", "arbeidsdag*", "working day*", "business day*",
                "virkedag*", "yrkedag*", "kvilldag*"),
    "extension": ("utsett*", "utset*", "forleng*", "extension*", "extend*", "postpone*", "flytt*",
                  "moved", "move", "later", "senere", "seinare", "for sent", "for seint", "too late", "late",
                  "etter fristen", "after the deadline", "overskrid*", "miss", "missed", "shifted", "shift",
                  "forskyv*", "gjelder fristen", "gjeld fristen"),
    # "Hvilket budsjettår gjelder rapporten?": the year a report covers, not when it is due.
    "budget_year_q": ("hvilket budsjettår", "hvilke budsjettår", "kva budsjettår", "kva for budsjettår",
                      "kva for eit budsjettår", "hvilket år gjelder", "kva år gjeld", "for hvilket år", "for kva år",
                      "which budget year", "what budget year", "which year does", "what year does",
                      "which year is it for", "what year is it for"),
    "weekday_q": ("ukedag*", "vekedag*", "weekday", "hvilken dag", "kva dag", "what day", "which day"),
    "template": ("malen", "maler", "malene", "malane", "template*", "skjema*", "*skjema*", "form", "forms",
                 "lenke*", "lenkje*", "link*"),
    "send": ("sende", "sendes", "sendast", "sender", "sendt", "send", "sent", "sends", "komme", "kommer",
             "kjem", "utsending", "come", "comes", "arrive*", "mottar", "receive*", "get", "får", "få"),
    # --- bodies and roles --------------------------------------------------------------------
    "forum": ("*forum*", "forum*", "fora", "samarbeidsfor*", "collaboration forum*", "cooperation forum*"),
    "statsforvalter": ("statsforvalt*", "*statsforvalt*", "fylkesmann*", "fylkesmannen", "governor*",
                       "county governor*", "state administrator*", "statsforvaltaren", "sf"),
    "hinn": ("hinn", "høgskolen i innlandet", "høgskulen i innlandet", "høyskolen i innlandet", "inland norway",
             "inn university"),
    "uh": ("uh", "universitet*", "høgskole*", "høgskule*", "høyskole*", "høgskolen", "university",
           "universities", "college*", "higher education", "uh-sektor*", "partnerskap*", "partnarskap*",
           "partnership*"),
    "network": ("*nettverk*", "network*", "kompetansenettverk*"),
    "region_word": ("region", "regionen", "regionar", "regioner", "regionene", "regionane", "regions",
                    "regionale", "regionalt", "regional"),
    "coordinator": ("*koordinator*", "coordinator*", "koordinering*", "coordination", "koordinere"),
    "own_share": ("egenandel*", "*egenandel*", "eigenandel*", "*eigenandel*", "eigendel*", "egenfinans*", "eigenfinans*",
                  "egeninnsats", "egenbidrag*", "own contribution*", "own share", "co-financing", "cofinancing",
                  "co-funding", "cofunding", "self-financing", "self financing", "matching funds", "own funding",
                  "co financing", "co funding", "egen andel", "eigen andel", "egenadel", "own financing",
                  "co-finance", "cofinance", "co finance", "co-fund", "co fund",
                  "betale selv", "betale sjølv", "egne midler", "eigne midlar", "egne penger", "eigne pengar",
                  "own money", "own funds", "pay themselves", "pay ourselves", "selv betale", "sjølv betale",
                  "egenfinansiering"),
    "percent": ("prosent*", "%", "percent*", "per cent", "pct", "andel", "andelen", "andeler", "share", "shares",
                "proportion*", "prosentdel*", "del", "delen", "part", "portion"),
    "common": ("felles", "fellestiltak*", "*fellestiltak*", "common", "joint", "shared", "county-wide",
               "fylkesdekkende", "felles kompetansetiltak"),
    "prorata": ("pro rata", "prorata", "pro-rata", "fordelingsnøkkel*", "nøkkel*", "allocation key",
                "distribution key", "beregningsmodell*", "berekningsmodell*", "calculation model", "beregn*",
                "berekn*", "calculat*", "computed", "compute", "regnes ut", "rekna ut", "reknast ut", "regnes",
                "reknast", "rekna", "regne ut",
                "fordelingsmodell*", "tildelingsmodell*", "allocation model", "formula", "fordelingsgrunnlag*",
                "grunnlaget for fordeling*", "grunnlag for fordeling*", "basis for the allocation", "basis of the allocation"),
    "basis": ("grunnlag", "grunnlaget", "basis", "based on", "basert", "bygger på", "byggjer på", "base",
              "til grunn", "legges til grunn", "vert lagt til grunn", "blir lagt til grunn",
              "bygd på", "bygget på"),
    "allocation_letter": ("tildelingsbrev*", "*tildelingsbrev*", "allocation letter*", "award letter*"),
    "distribution": ("fordel*", "distribut*", "split*", "divided", "deles", "delast", "fordeling*",
                     "allocation", "allocated", "allocate", "tildel*", "*tildeling*"),
    # The whole country, not Innlandet: "på landsbasis", "nationally".
    "national": ("landsbasis", "nasjonalt", "nationally", "national level", "hele landet", "heile landet",
                 "nationwide", "i norge", "in norway", "for norge", "for norway"),
    # A sum of money for a scheme or the county as a whole: the plan gives no amounts (only the model).
    "total_budget": ("totalbudsjett*", "total budget*", "totalt budsjett", "samla budsjett*", "samlet budsjett*",
                     "tildelt totalt", "totalt tildelt", "totalramme*", "totalbeløp*", "totalsum*", "total amount*",
                     "total grant*", "hvor mange kroner", "kor mange kroner", "how many kroner"),
    # "apart from", "utenom": what the question names is left out of what it asks about.
    "except_word": ("apart from", "except", "besides", "utenom", "bortsett fra", "unntatt", "utanom", "other than",
                    "andre enn", "anna enn", "andre enn", "foruten", "forutan"),
    # The kindergarten authority (the municipality as authority), which has a seat per region in the kindergarten
    # forum (5.1).
    "kg_authority": ("barnehagemyndighet*", "barnehagemyndigheit*", "barnehagestyresmakt*", "barnehagemynde*",
                     "barnehagemyndet", "kindergarten authorit*", "lokal barnehagemyndighet", "lokal barnehagemyndigheit",
                     "barnehage-myndighet*", "myndighet for barnehage*", "mynde for barnehage*"),
    # "av de tildelte midlene": the base of the regional scheme's 30 % for other measures (5.8).
    "allocated_funds": ("tildelte midler", "tildelte midlene", "tildelte midlar", "tildelte midlane",
                        "allocated funds", "allocated money", "allocated grant", "the funds allocated",
                        "funds allocated"),
    "fte": ("årsverk*", "*årsverk*", "fte", "ftes", "full-time equivalent*", "full time equivalent*",
            "man-year*", "staff years", "person-years", "årsverkene", "stillinger", "positions"),
    "scheme_regional": ("regional ordning*", "regionale ordning*", "rekomp", "regional scheme*",
                        "regional arrangement", "kindergarten scheme", "regional ordninga", "regional-ordning*",
                        "regionalordning*"),
    "scheme_desentralisert": ("desentral*", "decentral*", "dekomp", "desentralisert*", "desentralisere",
                              "decentralised", "decentralized", "desentralisert ordning*"),
    "scheme_kompetanseloft": ("kompetanseløft*", "*kompetanseløft*", "kompetanselyft*", "competence lift*",
                              "competence boost*", "competence programme", "spesialped*", "special education",
                              "special needs", "inkluderende praksis", "inkluderande praksis",
                              "inclusive practice", "inkluder*", "inclusion", "inclusive"),
    "kindergarten": ("barnehage*", "*barnehage*", "kindergarten*", "preschool*", "nursery", "bhg",
                     "early childhood", "barnehagar", "barnehagane"),
    "school": ("skole*", "*skole*", "skule", "skulen", "skular", "skulane", "*skule", "*skulen", "*skular",
               "*skulane", "skuleeigar*", "skuleforum*", "*skuleforum*", "school*", "grunnskole*", "vgo", "videregående*",
               "vidaregåande*", "upper secondary", "secondary", "grunnopplæring*", "elev*", "pupil*"),
    "composition": ("sammensetning*", "samansetj*", "samansetning*", "sammensatt", "samansett",
                    "composition", "composed", "består", "bestå", "consist*", "made up", "medlem*", "member*",
                    "sitter", "sit", "sits", "sitte", "seated", "representert", "represented",
                    "representasjon*", "representation", "deltar i", "deltek i", "who is on", "who sits",
                    "hvem er med", "kven er med", "er med i", "sit i", "være med", "vere med", "med i",
                    "who is in", "who are in", "whos in", "hvem er i", "kven er i", "who is part", "members of",
                    "be part of", "be on", "included in the forum"),
    "invite": ("invitere*", "inviteres", "inviterast", "invitert*", "invite", "invited", "invites"),
    "representative": ("representant*", "*representant*", "representative*", "repr", "rep", "reps",
                       "delegat*", "medlemmene", "members", "medlemmer", "representerer", "representeres",
                       "representerast", "represents", "represent"),
    "vote": ("stemme", "stemmer", "stemt", "stemmes", "stemmerett*", "stemmeberett*", "avstem*", "avrøyst*", "vote*",
             "voting", "røyst*", "flertall*", "fleirtal*", "majority", "ballot"),
    "consensus": ("konsensus", "consensus", "enighet", "enigheit", "einigheit", "enig", "enige", "einig",
                  "einige", "samd", "samde", "agree*", "disagree*", "uenig*", "usamd*", "uenighet*",
                  "usemje", "semje", "enstemmig*", "unanim*"),
    "decide": ("beslut*", "*beslutning*", "vedta*", "vedtak*", "decid*", "decision*", "avgjør*", "bestemmer",
               "bestemme", "bestemt", "bestemmes", "bestemmast",
               "avgjer*", "bestem*", "final say", "endelig*", "endeleg*", "godkjenn*", "godkjend*",
               "approve*", "approval"),
    "leader": ("leder", "lederen", "leiar", "leiaren", "leiarar", "leiarane", "lederne", "chair", "chairs", "chairman", "chairperson",
               "chairwoman", "leader", "leaders", "forumleder*", "forumleiar*", "leiing", "leder for",
               "leading", "leads", "lede", "leie", "leier", "leiar for", "head of the forum", "lederverv",
               "ledervalg*", "leiarval*"),
    "election": ("valg", "valget", "velg*", "velj*", "val", "valet", "vald", "valt", "valgt", "elect*",
                 "vel medlem*", "vel representant*", "som vel",
                 "chosen", "choose*", "chooses", "appoint*", "gjenvalg*", "attval*", "velges", "veljast"),
    "working_group": ("arbeidsgrupp*", "*arbeidsgrupp*", "working group*", "workgroup*", "work group*",
                      "working party"),
    "secretariat": ("sekretariat*", "*sekretariat*", "secretariat*", "sekretær*", "secretary"),
    "plan_word": ("plan", "planen", "planer", "planar", "planane", "planene", "plans", "planlegg*"),
    "local": ("lokal", "lokale", "lokalt", "local"),
    "local_plan": ("lokal plan*", "lokale plan*", "lokal kompetanseplan*", "lokale kompetanseplan*",
                   "*kompetanseplan*", "local plan*", "local competence plan*", "4 årig", "4 årige",
                   "fireårig*", "4 year plan*", "four year plan*", "4 års plan*", "fire års plan*",
                   "fireårsplan*", "4 års planen", "firearsplan*"),
    "fouryear": ("4 år", "fire år", "4 årig*", "fireårig*", "4 year*", "four year*", "4 års", "fire års",
                 "flerårig*", "fleirårig*", "multi year", "multiyear", "multi-year", "several years",
                 "flere år", "fleire år", "langsiktig*", "forutsigbar*", "føreseieleg*", "predictab*",
                 "long-term", "long term", "forenklet behovsmelding*", "forenkla behovsmelding*", "forenklet",
                 "forenkla", "simplified", "inntil 4", "up to 4", "up to four", "fire år på rad",
                 "år på rad", "in a row", "on rad", "igangsatte", "igangsette", "igangsett*"),
    "again": ("på nytt", "igjen", "again", "hvert år", "kvart år", "every year", "each year", "på rad",
              "in a row", "år etter år", "year after year"),
    "content": ("innhold*", "inneh*", "innehald*", "contain*", "content*", "beskriv*", "describe*",
                "synliggjør*", "synleggjer*", "oversikt over", "gi oversikt", "gje oversikt", "seie om", "si om",
                "skal vise", "skal den vise", "skal ho vise", "vise", "show", "shows",
                "include*", "including", "omfatt*", "må med", "ta med", "være med i", "vere med i",
                "elements", "cover", "covers", "punkter", "punkt", "what goes", "what should", "what must",
                "skal med", "må med", "ha med", "bør med", "stå i", "står i", "stå med", "sta i", "skal stå",
                "skal vise", "vise", "show", "shows", "must show", "inngå", "inngår", "be in"),
    "contact": ("kontaktperson*", "*kontaktperson*", "contact person*", "kontakt", "contact*",
                "kontaktpunkt*", "point of contact"),
    "target_group": ("målgrupp*", "*målgrupp*", "malgrupp*", "target group*", "target audience*",
                     "hvem omfattes", "kven omfattast", "kven er omfatta", "who is covered", "who are covered",
                     "who can take part", "who can participate", "hvem kan delta", "kven kan delta",
                     "hvem kan være med", "kven kan vere med", "eligible", "eligibility", "omfattes",
                     "omfattast", "omfattet", "omfatta", "hvem er ordningen for", "for whom",
                     "who is it for", "intended for", "rettet mot", "retta mot", "aimed at"),
    "participants": ("deltak*", "participant*", "deltar", "deltek", "take part", "participate"),
    "scheme_word": ("ordning", "ordningen", "ordningene", "ordninger", "ordninga", "ordningar", "ordningane",
                    "*ordning*", "scheme*", "programme*", "program", "tilskuddsordning*", "tilskotsordning*",
                    "grant scheme*", "grant arrangement*", "arrangements"),
    "goal": ("mål", "målet", "målene", "måla", "mål for", "målsetjing*", "formål*", "føremål*", "goal*", "aim*", "objective*",
             "purpose*", "hensikt*", "målsetting*", "målsetjing*"),
    "ambiguous_mal": ("mal",),
    "friskole": ("friskole*", "*friskole*", "friskule*", "friskular*", "friskulane", "private skoler", "private skolar", "private skular",
                 "privatskole*", "privatskule*", "free school*", "independent school*", "private school*",
                 "friskolelov*", "friskulelov*"),
    "private": ("privat*", "private"),
    "municipal": ("kommunal", "kommunale", "kommunalt", "municipal", "municipality-owned", "public"),
    "fylkeskommune": ("fylkeskommun*", "*fylkeskommun*", "county council*", "county municipality",
                      "county authority", "ifk", "vgs-nettverk*", "vgs nettverk*", "vgs-skol*", "vgs-skul*",
                      "videregående-nettverk*", "upper secondary network*"),
    "statped": ("statped",),
    "ppt": ("ppt", "pp tjeneste*", "pp tenest*", "pp-tjeneste*", "pedagogisk-psykologisk*",
            "pedagogisk psykologisk", "educational psychological", "educational-psychological",
            "ppt-tjeneste*"),
    "org": ("ks", "pbl", "utdanningsforbund*", "fagforbund*", "lærerorganisasjon*", "lærarorganisasjon*",
            "teacher union*", "teachers union*", "teachers' union*", "union*", "fagforening*",
            "arbeidstakerorganisasjon*", "arbeidstakarorganisasjon*", "employee organi*", "arbeidstaker*",
            "fagorganisasjon*", "organisasjon*", "organisations", "organizations", "organisation",
            "organization"),
    "use": ("bruk*", "brukes", "brukast", "nytte*", "use", "used", "using", "spend*", "spent", "dekke",
            "dekkje", "cover", "finansier*", "finance*", "gå til", "går til", "go to", "goes to",
            "spent on", "benytte*", "anvend*", "purpose", "utover"),
    "money": ("midl*", "*midlene", "*midlane", "*midler", "penger*", "pengane", "pengene", "penga", "pengar*", "money", "funds",
              "funding", "funded", "tilskudd*", "*tilskudd*", "tilskot*", "*tilskot*", "grant", "grants",
              "budsjett*", "*budsjett*", "budget*", "kroner", "kr", "nok", "beløp*", "amount*", "sum",
              "tildelt*", "allocation", "allocated", "statstilskudd*", "kompetansemidl*"),
    "frikjop": ("frikjøp*", "*frikjøp*", "release time", "buy out", "buyout", "buy-out", "vikar*", "substitute*",
                "cover teacher*", "supply teacher*",
                "paid leave", "free up", "freeing up",
                "release staff", "releasing staff", "frigjøre", "fri til"),
    "regional30": ("barnehagefaglig*", "barnehagefagleg*", "grunnkompetanse*", "fagarbeider*", "fagarbeidar*",
                   "assistent*", "assistant*", "fagbrev*", "ungdomsarbeid*", "praksiskandidat*",
                   "tilretteleggingsmidl*", "tilrettelegg*", "kompetansehevingsstud*", "barne og ungdomsarbeider",
                   "trade certificate*", "skilled worker*", "experience based", "basic kindergarten*",
                   "basic competence", "child and youth worker*", "youth worker*"),
    "other": ("andre", "annen", "anna", "anne", "other", "others", "annet", "else", "utenom", "utanom",
              "enn", "than", "besides"),
    "leftover": ("restmidl*", "*restmidl*", "rest", "ubrukt*", "unspent", "leftover*", "left over",
                 "overskudd*", "til overs", "overført*", "carry over", "carried over", "unused", "rester"),
    "remainder": ("resten", "resterende", "resterande", "remainder", "the rest", "remaining"),
    "recipient": ("*mottaker*", "*mottakar*", "vertskommun*", "tar imot", "tek imot", "ta imot", "tas imot", "host municipality", "host municipalities",
                  "recipient*", "mottar", "mottek", "receive*", "receives", "hvem får", "kven får",
                  "who gets", "who receives", "paid to", "utbetales til", "betalast ut til", "host"),
    "informed": ("inform*", "får vite", "få vite", "får vi vite", "vite", "know", "beskjed", "notif*", "told", "tell us", "melding om",
                 "varsle*", "varsel", "hear", "find out", "learn", "kunngjør*"),
    "get": ("får", "få", "gets", "get", "receive", "receives", "tildelt", "tildeles", "awarded", "allocated",
            "kriger", "blir tildelt", "fikk", "fekk", "fått", "got", "received", "løyver", "løyve", "løyvd",
            "løyvde", "løyving*", "bevilger", "bevilget", "bevilges", "bevilgning*", "appropriat*", "grants"),
    "amount": ("kroner", "kr", "nok", "beløp*", "million*", "mill", "sum", "summen", "how much money",
               "hvor mye penger", "kor mykje pengar", "amount*", "ramme", "rammen", "totalbeløp*",
               "statsbudsjett*", "*statsbudsjett*", "state budget*", "national budget*", "budsjettet", "budget",
               "budsjett", "budsjettramme*"),
    "salary": ("tjene", "tjener", "tente", "tjen", "lønn", "lønna", "lønnen", "løn", "løna", "salary", "salaries", "earn",
               "earns", "wage", "wages", "pay scale", "lønnstrinn*"),
    "we": ("vi", "oss", "vår", "vårt", "våre", "me", "we", "us", "our", "min", "mitt", "vårs"),
    "each": ("hver", "hvert", "kvar", "kvart", "each", "every", "per", "enkelt", "enkelte", "einskild*"),
    "process": ("behandl*", "handsam*", "prioriter*", "vurdere*", "process*", "review*", "first review"),
    "measure": ("tiltak", "tiltaket", "tiltaka", "tiltakene", "kompetansetiltak*", "measure", "measures",
                "initiative*", "prosjekt*", "project*"),
    "transfer": ("overfør*", "overfør", "transfer*", "gi", "give", "gis", "gir", "gje", "gjev"),
    "planning": ("planlegg*", "plans", "planning", "organiserer", "organises", "organizes", "forbereder møte*"),
    "cost": ("koste", "koster", "kostar", "kostnad*", "pris", "prisen", "price*", "cost", "costs", "avgift*", "fee",
             "fees", "deltakeravgift*"),
    "population": ("ansatte", "tilsette", "employees", "staff", "elever", "elevar", "pupils", "students", "barn",
                   "born", "children", "barnehager", "barnehagar", "skoler", "skular", "schools", "kindergartens",
                   "lærere", "lærarar", "teachers", "kommuner", "kommunar", "municipalities", "innbyggere",
                   "innbyggjarar", "inhabitants", "studenter", "studentar"),
    "office": ("rektor*", "direktør*", "ordfører*", "statsminister*", "kunnskapsminister*", "minister*", "principal",
               "rector", "director", "mayor", "prime minister", "dekan*", "styreleder*", "styreleiar*"),
    "evaluation": ("evaluering*", "evaluation*", "evaluate*", "evaluer*"),
    "happens": ("skjer", "happens", "happening", "foregår", "føregår", "skjer det", "what is on"),
    "owner": ("eier", "eiere", "eierne", "eieren", "eigar", "eigarar", "eigarane", "owner*", "*eier",
              "*eiere", "*eierne", "*eigar", "*eigarar", "*eigarane", "eierskap", "myndighet*", "mynde",
              "authorit*"),
    "responsible": ("ansvar*", "*ansvar", "*ansvaret", "responsib*", "oppgave*", "oppgåve*", "*oppgave*", "*oppgåve*",
                    "*oppgaver", "task*", "duties", "duty", "gjøre", "gjere", "gjort", "gjøres", "gjerast", "forbered*", "førebu*",
                    "prepare*",
                    "rolle*", "role*", "mandat*", "mandate*", "gjør", "gjer", "does", "do", "jobb*", "job",
                    "arbeid", "work", "forventes", "forventa", "expected", "expect", "skal gjøre",
                    "skal gjere", "plikt*", "obligation*"),
    "reporting_system": ("høringssystem*", "høyringssystem*", "udir", "utdanningsdirektorat*", "directorate*",
                         "system", "systemet", "portal*", "skjema", "skjemaet", "form"),
    "cross": ("på tvers", "tvers", "across", "cross*", "kryss*", "annen tematikk", "anna tematikk",
              "andre tema*", "other topic*", "other theme*", "other subject*", "tema", "temaer", "topic*",
              "theme*", "tematikk", "subjects"),
    "permanent": ("permanent*",),
    "learning_meetings": ("lærende møte*", "lærande møte*", "learning meeting*", "lærende", "lærande",
                          "metode*", "method*", "arbeidsform*", "way of working", "ways of working",
                          "møteform*", "refleksjon*", "reflect*"),
    "principles": ("prinsipp*", "*prinsipp*", "principle*", "ledelse*", "profesjonsfellesskap*",
                   "læringsfellesskap*", "støttesystem*", "praksisorientering*", "holdning*", "haldning*",
                   "verdier", "verdiar", "vedlikehold*", "vedlikehald*", "maintenance", "maintain*",
                   "support system*", "learning communit*", "practice orient*", "attitude*", "values",
                   "faglige prinsipper", "institusjonalisering*"),
    "events": ("konferanse*", "*konferanse*", "conference*", "samling*", "*samling*", "gathering*",
               "seminar*", "event*"),
    "common_measures": ("fellestiltak*", "*fellestiltak*", "felles kompetansetiltak*", "felles tiltak",
                        "common measure*", "joint measure*", "common initiative*", "county-wide measure*"),
    "whole": ("alt", "alle pengene", "alle midlene", "hele", "heile", "everything", "all of it", "all the money",
              "all the funds", "all funds", "hele tilskuddet", "heile tilskotet", "full", "fullt"),
    "commitment": ("tilsagn om", "tilsegn om", "gi tilsagn", "gje tilsegn", "gi tilsegn", "commit*", "tilsagnet",
                   "tilsegnet", "tilsegna", "tilsagn", "tilsegn",
                   "forplikt*", "binde*", "lock in", "promise*", "pledge*", "love midler", "love pengar",
                   "lova midlar", "lova pengar"),
    "team_around": ("helsesykepleier*", "helsesjukepleiar*", "helsesøster*", "bup", "barnevern*", "nav",
                    "laget rundt", "team around", "tverrfaglig*", "tverrfagleg*", "interdisciplinary",
                    "health nurse*", "school nurse*", "child welfare", "psykolog*", "psychologist*"),
    "parallel": ("samtidig", "samtidige", "parallel*", "same time", "same day", "simultaneous*", "together",
                 "sammen", "saman", "samme dag", "same dag"),
    "help": ("hjelp*", "help", "hva kan du", "kva kan du", "what can you", "hvem er du", "kven er du",
             "who are you", "hva kan jeg spørre", "kva kan eg spørje", "what can i ask"),
    "greeting": ("hei", "hallo", "hello", "hi", "hey", "heisann", "takk", "thanks", "thank you", "god morgen",
                 "good morning", "god dag", "morn"),
    "person_name": ("heter", "heiter", "navn", "navnet", "namn", "namnet", "name", "names", "called",
                    "nå", "no", "now", "currently", "current", "for tiden", "for tida", "i dag", "today",
                    "this year", "i år", "sitter som", "sit som", "e-post*", "epost*", "email*",
                    "telefon*", "phone*", "nummer", "number"),
    "structure": ("organisert", "organisere*", "organisering*", "organised", "organized", "structure*",
                  "struktur*", "oppbygging*", "oppbygd", "modell*", "model", "hvilke nettverk",
                  "kva nettverk", "which networks", "finnes", "finst", "fins", "exist*", "there are",
                  "er det", "har vi", "består"),
    "owner_resp": ("ansvar for kompetanse*", "ansvaret for kompetanse*", "responsible for competence*",
                   "ansvar for kompetanseutvikling*", "eieransvar*", "eigaransvar*", "owner responsibilit*",
                   "owners responsibilit*", "ansvar for kvalitet*", "ansvaret for kvalitet*",
                   "responsible for quality", "responsibility for quality", "nødvendig kvalitet*",
                   "naudsynt kvalitet*", "necessary quality", "legge til rette for kompetanseutvikling*",
                   "leggje til rette for kompetanseutvikling*", "facilitate competence*",
                   "facilitating competence*"),
    "approve": ("godkjenn*", "godkjend*", "approve*", "approval", "signer*", "sign off", "kvalitetssikr*"),
    "statistics": ("statistikk*", "statistic*", "elevtall*", "tall", "figures", "barnetall*", "how many pupils",
                   "hvor mange elever", "kor mange elevar", "hvor mange barn", "kor mange born"),
    "plan_period": ("2022 2025", "2022-2025", "planperiode*", "plan period", "kompetanseutvikling 2022*"),
    "hoveddel": ("hoveddel*", "hovuddel*", "main part", "most of the", "største del*", "største delen",
                 "mesteparten", "mesteparten av", "det meste", "det meste av", "storparten", "brorparten",
                 "the majority", "majority of", "the bulk", "most of it",
                 "langsiktige avtaler", "langsiktige avtalar", "long-term agreements", "binding agreements",
                 "forpliktende avtale*", "forpliktande avtale*"),
    "templates_word": ("mal", "malen", "maler", "malene", "malane", "template*", "skjema*", "*skjema*",
                       "lenke*", "lenkje*", "link*"),
    "why": ("hvorfor", "kvifor", "why"),
    # The guidelines and the mandate the plan rests on (its introduction, 2, 5.5): understood words only.
    "guidelines": ("retningslinje*", "retningsline*", "guideline*", "ifølge", "iflg", "according", "accordance",
                   "mandatet for samarbeidsforum"),
    # --- details a question may ask for (issue 16: answer the detail first) ----------------------
    "grant_letter": ("tilsagnsbrev*", "tilsegnsbrev*", "grant letter*", "letter of grant", "commitment letter*"),
    "host_municipality": ("vertskommun*", "host municipalit*", "host kommune"),
    "prorata_word": ("pro rata", "prorata", "pro-rata"),
    "currency": ("kroner", "kr", "nok", "million*", "mill", "mrd", "milliard*", "billion*", "beløp*", "beløpet",
                 "statsbudsjett*", "*statsbudsjett*", "state budget*", "national budget*", "totalbeløp*",
                 "budsjettramme*", "ramme", "rammen", "in kroner", "i kroner"),
    "org_ks": ("ks",),
    "org_pbl": ("pbl",),
    "org_udf": ("utdanningsforbund*", "union of education*"),
    "org_fagforbund": ("fagforbund*",),
    "vocational": ("yrkesfaglærer*", "yrkesfaglærar*", "yrkesfag", "yrkesfaget", "yrkesfagene", "yrkesfaga",
                   "vocational*", "yrkesfagleg*", "yrkesfaglig*", "yrkesopplæring*", "*yrkesopplæring*",
                   "fag og yrkesopplæring*", "vgo yrkesfag"),
    "subtract": ("trekkes", "trekkast", "trekt", "trekte", "trekker", "trekk", "trekke", "trekkje", "trukket",
                 "trekkes fra", "subtract*", "deduct*", "excluded", "exclude*", "left out", "holdes utenfor",
                 "haldast utanfor", "utelat*", "fratrekk*", "removed", "taken out"),
    "per_measure": ("per tiltak", "per kompetansetiltak", "per measure", "per competence measure",
                    "for hvert tiltak", "for kvart tiltak", "for each measure", "each measure", "hvert tiltak",
                    "kvart tiltak", "per tiltak?", "each competence measure", "every measure"),
    "direct": ("direkte", "directly", "direct", "rett til", "straight to"),
    "udir": ("udir", "utdanningsdirektorat*", "directorate*", "education directorate"),
    "venue": ("sted", "stedet", "stad", "staden", "location", "venue", "rom", "rommet", "room", "møterommet", "where held", "teams", "digitalt",
              "digital", "fysisk", "fysiske", "physical", "physically", "online", "in person", "lokaler",
              "lokale for", "adresse*", "address", "møterom*", "hotel*", "hotell*"),
    "held": ("holdes", "avholdes", "haldast", "halde", "haldne", "haldt", "holdt", "held", "ligge", "ligg", "er", "arrangeres", "arrangert", "skjer", "møtes",
             "møtast", "meet", "take place", "located"),
    "late": ("for sent", "for seint", "too late", "late", "miss", "missed", "misses", "etter fristen",
             "after the deadline", "past the deadline", "overskrid*", "oversitt*", "forsinket", "forseinka",
             "delayed", "ikke rekker", "ikkje rekk", "rekker ikke", "rekk ikkje", "don't make", "do not make",
             # "hva skjer hvis vi ikke leverer innen fristen?", "what happens if we don't submit on time?"
             "ikke leverer", "ikkje leverer", "ikke sender", "ikkje sender", "ikke innen", "ikkje innan",
             "ikke i tide", "ikkje i tide", "ikke levert", "ikkje levert", "not on time", "not in time",
             "don t submit", "do not submit", "don t send", "do not send", "don t deliver", "fail to",
             "fails to", "failed to", "never submit*", "not submit*"),
    # "som hovedregel", "vanligvis": what normally happens (bot.qa.kinds reads it as the quantifier qt_rule).
    "as_a_rule": ("hovedregel", "hovudregel", "hovedregelen", "hovudregelen", "vanligvis", "vanlegvis", "normalt",
                  "normally", "usually", "ordinarily", "som regel", "as a rule", "main rule", "general rule"),
    "consequence": ("skjer", "skjer det", "happens", "happen", "konsekvens*", "consequence*", "sanksjon*",
                    "sanction*", "mister", "miste", "misse", "lose", "loses", "tape", "taper", "what then",
                    "hva da", "kva då", "kva skjer"),
    "reading": ("leseprosjekt*", "lesing", "lese", "reading", "literacy", "matematikk*", "mathematics", "maths",
                "math", "realfag*", "science", "ledelse", "leadership", "språk*", "language",
                "engelsk*", "english", "norsk*", "lesesatsing*", "skriving", "writing", "regning",
                "numeracy", "klasseledelse*", "vurdering for læring", "assessment for learning"),
    "only": ("bare", "berre", "only", "kun", "utelukkende", "utelukkande", "exclusively", "solely"),
    "both": ("begge", "both", "bægge", "i begge", "in both"),
    "also_word": ("også", "òg", "og så", "also", "too", "as well"),
    "yes_no": ("er", "is", "are", "does", "do", "skal", "må", "have", "has", "har"),
    # Counties and regions other than Innlandet (Hedmark and Oppland are Innlandet's former counties, so not
    # here): the plan covers Innlandet only (issue 16, kind 5).
    "other_region": ("oslo", "viken", "vestland*", "rogaland*", "agder*", "vest-agder", "aust-agder", "vestfold*",
                     "telemark*", "trøndelag*", "trondelag*", "nordland*", "troms", "troms og finnmark", "finnmark*",
                     "akershus*", "buskerud*", "østfold*", "møre og romsdal", "hordaland*",
                     "sogn og fjordane", "bergen", "trondheim", "stavanger", "tromsø", "kristiansand", "bodø",
                     "drammen", "fredrikstad", "andre fylker", "andre fylke", "andre fylka", "other counties",
                     "other county", "another county", "et annet fylke", "eit anna fylke", "andre statsforvaltere",
                     "other county governors", "resten av landet", "rest of the country", "rest of norway"),
}

# Concepts specific enough to the plan that a token they match counts as understood.
EXPLAINING: Final[frozenset[str]] = frozenset({
    "deadline", "report", "needs", "innstilling", "payment", "meeting", "invitation", "wheel", "forum",
    "statsforvalter", "hinn", "network", "coordinator", "own_share", "prorata", "fte", "scheme_regional",
    "scheme_desentralisert", "scheme_kompetanseloft", "composition", "representative", "vote", "leader",
    "working_group", "secretariat", "local_plan", "contact", "target_group", "scheme_word",
    "friskole", "fylkeskommune", "statped", "ppt", "frikjop", "regional30", "leftover", "recipient",
    "principles", "learning_meetings", "events", "weekend", "fouryear", "template", "templates_word",
    "reporting_system", "common_measures", "hoveddel", "allocation_letter", "team_around", "agenda",
    "evaluation", "commitment", "guidelines", "other_region",
})

# Words that carry no content for the plan-coverage check (nb, nn, en). Everything in CONCEPTS and in
# the plan's own text is known as well.
COMMON_WORDS: Final[frozenset[str]] = _words("""
idag imorgen imorgon
write writes writing wrote written speak speaks speaking spoke computer computers laptop email emails
egentlig eigentleg eigentlig faktisk actually really starte start starter startar started starting
formell formelt formelle formal formally
elleve tolv tretten fjorten femten seksten sytten atten nitten tjue tjuefire eleven twelve thirteen fourteen fifteen twenty
a about after again ago all also am an and any anything are as ask asking at be because been before being
between both but by can could day days did do does doing done each either else even ever every for from
get gets getting give given go goes going good got had has have having he her here hers him his how i if in
into is it its just know last let like long look make many may me mean might more most much must my need
needed needs next no not now of off on once one only or other our out over own please put quick quickly
really right same say says see shall she should so some something still such sure take tell than thank
thanks that the their them then there these they thing things think this those though through to today
tomorrow too under until up us very want wants was way we well were what whats when where whether which
while who whom whose why will with within without would year years yes yet you your yours hey hi hello ok okay
i'm im it's dont don't doesnt isnt can't cant we're were wondering wonder question questions answer
again does do did regarding concerning re info information exactly actually currently correct true false
still also already happen happens happened
og i jeg eg du han hun ho vi me dere de dei den det dette denne disse desse er var vart blir bli ble blei
vil ville skal skulle kan kunne må måtte har hadde ha få får fikk fekk gjør gjer gjøre gjere gjorde sa si
seier sier på til fra frå for med om av ut inn opp ned over under etter før ved hos mot mellom uten utan
som at hvis viss dersom når da då så også og eller men fordi ikke ikkje ingen ingenting noe noko noen nokon
alle all alt hele heile hver kvar kvart hvert hvor kor hva kva hvem kven hvilken hvilke hvilket kva korleis
hvordan hvorfor kvifor her der dit hit nå no enn bare berre mye mykje lite litt mange fleire flere mer meir
mest flest både begge enten nei ja jo vel nok visst kanskje sikkert egentlig eigentleg lurer lure spørsmål
spørre spør svar svare gjelder gjeld angående ang vedrørende mtp hei hallo takk tusen mvh hilsen helsing
min mi mitt mine din di ditt dine vår vårt våre vår sin si sitt sine deres dykkar dykk oss meg deg seg
dem ein eit en et ei dag dagar dager år året åra årene uke uka uker ukene veke veka veker vekene måned månad
tid tida tiden
gang gong ganger gonger første andre tredje neste siste forrige igjen alltid aldri ofte sjelden snart
lenge allerede alt fortsatt framleis fremdeles stadig vanligvis vanlegvis normalt rett riktig galt feil
stemmer stemme kor sånn slik slikt sånt sånne slike bra godt fint greit viktig vite veit vet kjenne trenger
treng trengs trengst finnes fins finst går gå gikk kommer kjem kom komme kome ble vært vore være vere
sende send sendt sendes ta tar tok gi gir gav gitt sette setter satt sett legge legger lagt lage lager
laget lagd hjelpe hjelp mener meiner tror trur ønsker ønskjer ønske burde bør skulle ville kunne måtte
altså derfor difor dermed likevel uansett ellers elles eventuelt evt ca cirka omtrent rundt nesten
to tre fire fem seks sju syv åtte ni ti two three four five six seven eight nine ten first second third
mandag tirsdag onsdag torsdag fredag lørdag søndag måndag tysdag laurdag sundag monday tuesday wednesday
thursday friday saturday sunday mandager tirsdager onsdager torsdager fredager lordager sondager mandagar
tysdagar onsdagar torsdagar fredagar laurdagar sundagar mondays tuesdays wednesdays thursdays fridays saturdays
sundays januar februar mars april mai juni juli august september oktober november
desember january february march june july october december høyt høgt høy høg lav lavt stor stort liten
vær været veret weather joke vits vitser morsom
sommer sommeren sommaren høst høsten hausten vinter vinteren vår våren ferie ferien jul julen jula nyttår
nyttåret påske påsken påska helg helga helgen morgen morgon kveld uka uken veka måneden månaden
holdes haldast holde halde holder held avholdes arrangeres skje skjer skjedde skjedd foregå pleier pleie
rakk rekke rekker rakk rekkje glemte glemt gløymde gløymt husker hugsar lurte undres
summer autumn fall winter spring holiday holidays vacation weekend morning evening month week weeks
held hold holds take takes taken took place happen usually normally remember forgot forget missed
glipp passert passerte utløpt expired overskredet dokument dokumenter dokumenta documents
foran framfor fremfor motsatt motsett vei veg omvendt opposite reverse way egentlig eigentleg actually
""")

# Language markers (folded). Counting them decides nb, nn or en; ties go to nb.
NYNORSK_MARKERS: Final[frozenset[str]] = _words("""
ho seinare seint framleis kva korleis kven kvar kvifor kor ikkje eg dykk dykkar dei deira noko nokon mykje berre heile ein eit vere
vore vert vart kjem seier skule skulen skular skulane eigar eigarar eigarane eigenandel eigenandelen leiar
leiaren leiarar tilsette mottakar mottakarar tilskot tilskotet tilskota veke veka veker dagar sidan fyrst
fyrste hogskule hogskulen samansetjing samansett royste roysta roystar frist fristane fristar midlane
midlar pengane pengar ordninga ordningane innstillinga rapporteringa arsrapporteringa behovsmeldinga
behovsmeldingane nettverka nettverket utbetalinga gjeld gjer sja treng trengst finst kome hugse veit
tykkjer sjolv difor ho handsaming mynde barnehagemynde avgjerd avgjerda eigarskap oppgavene oppgavane
oppgava oppgaver oppgaven oppgave oppgåve oppgåver oppgåvene oppgåvane sit sitt kva for meir andre anna
dette desse blei korleis kjenner korfor vel velje veljast vald valt val valet vala leie leier leiing skal
kunne vore dykk me kor mange kor mykje kor lenge kor ofte statsforvaltaren statsforvaltar forumet foruma
samarbeidsforuma samarbeidsforumet representantane representantar elevar barnehagar skular lærarar laerarar
mottek deltek motast moteplanen tilrading kompetanseloftet kompetanseplanen lokale seinast innan heilt
berekna berekning rekna reknast fordelinga utbetalast betalast brukast nyttast leverast sendast gjevast
friskular friskulane friskule skuleeigar tilskotet tilskota pengar midlar
gje gjev gjeve fleire tilsegn tilsegna sjolv eigen eigne eige nokre utan medan enno framleis saerleg saman
vedtek meiner fekk gjekk sokje leggje setje folgje sporje regionane kommunane elevane barnehagane skulane
tilskotsordninga tilskotsordningar tilskotsmottakar tilskotsmottakarane hovudstaden hovud ikkje veit
""") - frozenset({"skal", "kunne", "andre", "frist", "dette", "lokale", "kompetanseloftet",
                           "sitt", "vel", "oppgave", "oppgaver", "oppgaven", "oppgavene", "leier", "meir",
                           "forumet", "moteplanen", "for", "mange", "lenge", "ofte", "sit", "me", "samarbeidsforumet",
                           "nettverket", "kompetanseplanen"})
BOKMAL_MARKERS: Final[frozenset[str]] = _words("""
hva hvordan hvem hvor hvorfor hvilken hvilke hvilket ikke jeg dere deres vi noe noen mye bare hele en et
vaere vaert kommer sier skole skolen skoler skolene eier eiere eierne egenandel egenandelen leder
lederen ledere ansatte mottaker mottakere tilskudd tilskuddet tilskuddene uke uka uken uker dager siden
forste hogskole hogskolen sammensetning stemme stemmer innstillingen rapporteringen arsrapporteringen
behovsmeldingen behovsmeldingene nettverkene nettverket utbetalingen gjelder gjor se trenger finnes komme
huske vet selv derfor hun behandling myndighet myndigheten avgjorelse eierskap oppgavene oppgaver velges
valgt valget statsforvalteren statsforvalter representantene representanter elever barnehager larere
laerere midlene midler pengene penger ordningen ordningene fristene frister beregnes beregning fordelingen
utbetales betales brukes leveres sendes gis gir mottar deltar moter moten motene neste innen helt
""") - frozenset({"neste", "moter"})
ENGLISH_MARKERS: Final[frozenset[str]] = _words("""
what when who whom whose how which where why is are was were the an of does do did will would should
must can could may deadline deadlines meeting meetings next much many report annual percent share
coordinator own contribution vote voting leader chair members working group secretariat local network
networks target scheme schemes payment paid funds money grant grants year years this that there we you
our my in on by be with about tell please due submit meet held forums say says said
county governor state administrator kindergarten kindergartens school schools university college
recommendation needs need reporting reports allowed used use spend goes go get gets receive recipients
whats it its they their them has have had if any every each after before between up into from than
then also only just still yet
""")
