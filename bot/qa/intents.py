"""Intent rules: which question a set of concepts asks.

A rule applies when every ``need`` group has at least one of its concepts present and no ``block``
concept is present. Its score is ``base`` plus the ``bonus`` of each present concept; the highest
score wins and earlier rules win ties. A ``generic`` rule rests on weak evidence ("frist", "møte"),
so unexplained words that may be what the question is about push it outside the plan; for a
``strict`` rule any unexplained word does.

Besides the lexicon's concepts, the engine adds pseudo-concepts for details it read:
``value_<fact>`` (a percentage named in the question equals that fact's percentage in the data, e.g.
``value_koordinator``; ``value_only_<fact>`` when no other fact has that value), ``has_year``, ``has_month``,
``has_week``,
``network_name``, ``two_schemes``, ``explicit_date``, ``scheme_without_forum`` and ``meeting_not_deadline``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

OUTSIDE = "outside_plan"

_SCHEMES = frozenset({"scheme_regional", "scheme_desentralisert", "scheme_kompetanseloft"})
_DATEISH = frozenset({"deadline", "q_when", "weekday_q", "weekend", "extension", "explicit_date", "has_month"})
_MONEY_TOPICS = frozenset({"coordinator", "own_share", "common", "frikjop", "regional30", "prorata", "fte",
                           "percent", "leftover", "hoveddel", "value_felles", "value_koordinator", "value_nettverk",
                           "value_uh", "value_uh_all", "value_egenandel", "value_regional30", "value_prorata_regional",
                           "value_prorata_desentralisert", "value_prorata_kompetanseloftet"})
_ONLY_PRORATA = frozenset({"value_only_prorata_regional", "value_only_prorata_desentralisert",
                           "value_only_prorata_kompetanseloftet"})


@dataclass(frozen=True)
class Rule:
    intent: str
    base: float
    need: tuple[frozenset[str], ...]
    bonus: Mapping[str, float] = field(default_factory=dict)
    block: frozenset[str] = frozenset()
    generic: bool = False
    strict: bool = False

    def score(self, concepts: frozenset[str]) -> float | None:
        if self.block and not self.block.isdisjoint(concepts):
            return None
        for group in self.need:
            if group.isdisjoint(concepts):
                return None
        return self.base + sum(weight for concept, weight in self.bonus.items() if concept in concepts)


def rule(intent: str, base: float, *need: Iterable[str], bonus: Mapping[str, float] | None = None,
         block: Iterable[str] = (), generic: bool = False, strict: bool = False) -> Rule:
    return Rule(intent, base, tuple(frozenset(group) for group in need), dict(bonus or {}), frozenset(block),
                generic or strict, strict)


@dataclass(frozen=True)
class Match:
    intent: str
    score: float
    generic: bool
    strict: bool = False


RULES: tuple[Rule, ...] = (
    # --- people and amounts the plan does not name -------------------------------------------------
    rule(OUTSIDE, 13, {"q_who", "q_what"}, {"leader", "contact", "representative", "secretariat"},
         {"person_name"}, block={"q_how", "q_howlong", "q_howoften", "responsible", "election", "target_group",
                                 "report", "deadline", "forum_rule_words"}),
    rule(OUTSIDE, 12, {"q_who"}, {"leader", "contact", "representative"}, {"network_name"},
         block={"q_how", "responsible", "report"}),
    rule(OUTSIDE, 9.5, {"q_howmuch", "amount"}, {"get", "amount"}, {"network_name", "has_year", "region_word", "we",
                                                                 "national"},
         block=_MONEY_TOPICS | {"uh", "hinn", "network", "distribution", "use", "informed", "allocation_letter",
                                "q_when", "deadline", "payment", "remainder", "each", "stated_amount"}),
    rule(OUTSIDE, 10, {"salary"}, {"q_howmuch", "q_what", "q_how"}, block=_MONEY_TOPICS | {"use"}),
    # "Hva er totalbudsjettet for desentralisert ordning i 2027?": the plan gives no sums, only the model.
    rule(OUTSIDE, 11, {"total_budget"}, block=_MONEY_TOPICS | {"uh", "hinn", "use", "q_when", "deadline", "payment",
                                                              "stated_amount", "informed", "allocation_letter"}),
    rule(OUTSIDE, 9, {"statistics"}, block=_MONEY_TOPICS | {"composition", "representative"}),
    rule(OUTSIDE, 9, {"q_howmany"}, {"population"}, block=_MONEY_TOPICS | {"composition", "representative", "network",
                                                                       "working_group", "forum", "target_group"}),
    rule(OUTSIDE, 12, {"q_who", "q_what"}, {"office"}),
    # Details the plan does not give although its topic is in the plan (issue 16): where a meeting is
    # held, what happens after a missed deadline, who a named network's contact person is.
    rule(OUTSIDE, 12, {"q_where", "venue"}, {"meeting", "forum", "events"}, {"held", "venue"},
         block={"q_when", "q_howmany", "q_howmuch", "q_howoften", "q_howlong", "report", "deadline", "weekday_q"}),
    rule(OUTSIDE, 12, {"late"}, {"consequence"}, bonus={"deadline": 1}),
    # An amount in kroner, a state budget: the plan has none (it has percentages and the model only).
    rule(OUTSIDE, 10.5, {"currency"}, {"q_howmuch", "q_howmany", "q_what", "get", "money"},
         block={"percent", "value_felles", "value_koordinator", "value_nettverk", "value_uh", "value_uh_all",
                "value_egenandel", "value_regional30", "own_share", "coordinator", "frikjop", "use", "informed",
                "allocation_letter", "q_when", "deadline", "payment", "leftover", "hoveddel", "stated_amount"}),
    # Who held a role in a given year: the plan names nobody.
    rule(OUTSIDE, 12.5, {"q_who"}, {"leader", "contact", "representative"}, {"has_year", "previous"},
         block={"q_how", "election", "q_howoften", "responsible", "report", "deadline", "planning", "next"}),
    rule(OUTSIDE, 12.5, {"contact"}, {"network_name"}, {"q_who", "person_name"},
         block={"q_how", "responsible", "report", "q_what"}),
    rule(OUTSIDE, 10, {"cost"}, {"q_howmuch", "q_what", "amount"}, block=_MONEY_TOPICS | {"use", "money"}),
    # --- deadlines ---------------------------------------------------------------------------------
    rule("templates_sent", 11, {"template", "templates_word"}, {"send", "q_when"},
         bonus={"needs": 1, "report": 1}),
    rule("templates_sent", 9, {"ambiguous_mal"}, {"needs", "report", "send"}, {"q_when", "send", "q_who"}),
    rule("deadline_arsrapport", 10, {"report"}, _DATEISH, bonus={"annual": 1, "deadline": 1, "statsforvalter": 0.5},
         block={"needs", "meeting_not_deadline", "leftover"}),
    # "Hvilket budsjettår gjelder rapporten vi leverer nå?": the report due next, and the year it covers.
    rule("deadline_arsrapport", 11.5, {"report"}, {"budget_year_q"}, block={"needs", "leftover"}),
    # "Er fristen passert?", "Did we miss the deadline ...?": whether it has passed, not an extension.
    rule("deadline_arsrapport", 11, {"report"}, {"passed_q"}, {"yesno"}, {"deadline"}, block={"needs", "leftover"}),
    rule("deadline_arsrapport", 11, {"measure"}, {"passed_q"}, {"yesno"}, {"deadline"},
         block={"needs", "innstilling", "payment", "meeting", "leftover", "local_plan", "apply"}),
    rule("deadline_behovsmelding", 11, {"needs", "local_plan"}, {"passed_q"}, {"yesno"}, {"deadline"}),
    rule("deadline_innstilling", 11, {"innstilling"}, {"passed_q"}, {"yesno"}, {"deadline"}),
    rule("deadline_utbetaling", 11, {"payment"}, {"passed_q"}, {"yesno"}, {"deadline"}),
    # "Har vi gått glipp av fristen for tiltakene fra 2026?": the report on that budget year's measures.
    rule("deadline_arsrapport", 9.5, {"measure"}, {"deadline"}, {"has_year", "passed_q"},
         block={"needs", "innstilling", "payment", "meeting", "leftover", "local_plan", "apply"}),
    rule("deadline_behovsmelding", 10, {"needs", "local_plan"}, _DATEISH,
         bonus={"deadline": 1}, block={"meeting_not_deadline"}),
    rule("deadline_behovsmelding", 8, {"apply"}, _DATEISH, bonus={"deadline": 1}, generic=True, strict=True),
    # "Innen når skal planen fra kompetansenettverket sendes?": the 4-year plan goes with the needs report (6.1).
    rule("deadline_behovsmelding", 10.5, {"plan_word", "local_plan"}, {"network"}, {"q_when", "deadline"}, {"send"},
         block={"report", "innstilling", "payment", "meeting"}),
    # "Hvordan søker vi om midler?": funds are applied for through the needs report (6.1, 5.8).
    rule("needs_info", 8.5, {"apply"}, {"q_how", "q_where"}, {"money", "get", "amount"},
         block={"deadline", "q_when", "hinn", "uh", "use"}),
    rule("deadline_innstilling", 10, {"innstilling"}, _DATEISH, bonus={"deadline": 1}, block={"meeting_not_deadline"}),
    rule("deadline_utbetaling", 10, {"payment"}, _DATEISH, bonus={"deadline": 1}, block={"meeting_not_deadline"}),
    rule("deadline_utbetaling", 9, {"money"}, {"get", "send"}, {"q_when"}, block={"informed", "q_howmuch"}),
    rule("deadline_extension", 8, {"extension", "weekend"}, {"deadline", "report", "needs", "innstilling", "payment"},
         bonus={"deadline": 2, "q_can": 0.5}),
    rule("annual_wheel", 7, {"wheel"}, bonus={"has_month": 2, "deadline": 0.5, "meeting": 0.5}),
    rule("annual_wheel", 7, {"happens"}, {"has_month", "has_year"}, block={"meeting", "deadline"}),
    rule("deadline_next", 6, {"deadline"}, bonus={"next": 2, "all": 1, "has_year": 0.5}, generic=True),
    # --- meetings ----------------------------------------------------------------------------------
    rule("meeting_invitation", 10, {"invitation"}, bonus={"meeting": 1}),
    rule("learning_meetings", 9.5, {"learning_meetings"}, block={"q_when"}),
    rule("meeting", 7, {"meeting"}, bonus={"forum": 1.5, "q_when": 1, "next": 1, "plural_meetings": 0.5,
                                           "has_week": 1, "has_month": 1, "has_year": 0.5, "weekday_q": 1,
                                           "parallel": 1, "happens": 1, "agenda": 1},
         block={"invitation"}, generic=True),  # "Møtet er i uke 10. Når kommer innkallingen?" asks the invitation
    rule("meeting", 6.5, {"has_week"}, {"q_what", "q_when", "wheel"}, block={"deadline"}),
    # "Årshjulet sier 17. november. Er det møte da i år?": whether a date is a meeting day (issue 16).
    rule("meeting", 10, {"meeting"}, {"explicit_date"}, {"yesno"}, block={"deadline", "invitation", "report", "needs",
                                                                         "innstilling", "payment"}),
    # --- money -------------------------------------------------------------------------------------
    rule("pct_egenandel", 11, {"own_share"}),
    rule("pct_egenandel", 10, {"value_egenandel"}, {"scheme_desentralisert", "school"}, block={"scheme_regional"}),
    rule("pct_egenandel", 11, {"value_only_egenandel"}),
    rule("pct_koordinator", 10, {"coordinator"}, bonus={"percent": 1, "q_howmuch": 1, "money": 0.5,
                                                        "value_koordinator": 2},
         block={"working_group"}),
    rule("pct_koordinator", 11, {"value_only_koordinator"}),
    # "Kven får pengane til felles kompetansetiltak?": they are transferred to HINN (5.8).
    rule("pct_felles", 11, {"common", "common_measures"}, {"get", "recipient", "payment", "transfer"}, {"q_who"}),
    rule("pct_felles", 9, {"common"}, {"percent", "money", "q_howmuch", "hinn", "use", "value_felles"},
         bonus={"hinn": 1, "value_felles": 2}),
    rule("pct_felles", 8.5, {"hinn"}, {"percent", "q_howmuch", "value_felles", "money"}, bonus={"value_felles": 2},
         block={"network", "remainder", "q_howmany"}),
    rule("pct_felles", 11, {"value_only_felles"}),
    rule("pct_felles", 9, {"common_measures"}, bonus={"percent": 1, "money": 0.5, "hinn": 1}),
    rule("pct_network_uh", 8, {"uh", "hinn"}, {"percent", "q_howmuch", "distribution", "remainder", "money", "whole",
                                              "transfer"},
         bonus={"network": 1.5, "remainder": 1, "value_nettverk": 2, "value_uh": 2, "value_uh_all": 1},
         block={"common", "q_howmany", "informed", "common_measures"}),
    rule("pct_network_uh", 8, {"network", "region_word"}, {"percent", "q_howmuch"},
         bonus={"money": 0.5, "value_nettverk": 2}, block={"coordinator", "common", "informed", "common_measures"}),
    rule("pct_network_uh", 11, {"value_only_nettverk", "value_only_uh", "value_only_uh_all"}),
    rule("pct_network_uh", 10.5, {"value_uh"}, {"uh", "hinn", "network", "remainder"}),
    rule("pct_network_uh", 10.5, {"value_uh_all"}, {"uh", "hinn"}),
    rule("pct_prorata", 9, {"prorata", "fte"}, bonus={"percent": 0.5, "scheme_regional": 1,
                                                      "scheme_desentralisert": 1, "scheme_kompetanseloft": 1}),
    rule("pct_prorata", 8, {"distribution"}, {"network", "region_word"}, block={"uh", "hinn", "remainder"}),
    rule("pct_prorata", 9, {"each"}, {"network", "region_word", "network_name"}, {"q_howmuch", "get", "money"},
         block={"uh", "hinn", "remainder", "coordinator"}),
    rule("pct_prorata", 11, _ONLY_PRORATA),
    rule("pct_prorata", 10.5, {"value_prorata_regional"}, {"scheme_regional", "kindergarten"}),
    rule("pct_prorata", 10.5, {"value_prorata_kompetanseloftet"}, {"scheme_kompetanseloft"}),
    rule("pct_prorata", 10.5, {"value_prorata_desentralisert"}, {"scheme_desentralisert", "school"}),
    rule("pct_prorata", 7.5, {"percent", "q_howmuch"}, {"scheme_regional", "scheme_desentralisert",
                                                        "scheme_kompetanseloft"},
         block={"own_share", "other", "regional30", "coordinator", "common", "uh", "hinn"}),
    rule("allocation_basis", 7.5, {"basis"}, {"money", "distribution"}, block={"prorata", "fte"}),
    rule("allocation_basis", 7, {"distribution"}, {"money"}, {"q_how", "q_what"},
         block={"prorata", "fte", "network", "region_word", "uh", "hinn", "decide", "q_who", "informed",
                "allocation_letter", "q_when", "percent", "network_name", "amount", "has_year", "q_howmuch"}),
    rule("pct_prorata", 8.5, {"basis"}, {"scheme_regional", "scheme_desentralisert", "scheme_kompetanseloft"},
         {"distribution", "money", "percent", "q_what"}),
    rule("pct_regional30", 10, {"regional30"}),
    rule("pct_regional30", 11.5, {"regional30"}, {"scheme_regional", "kindergarten"}, {"percent", "use", "q_can"}),
    rule("pct_regional30", 10, {"scheme_regional", "kindergarten"}, {"value_regional30"}),
    rule("pct_regional30", 11, {"value_only_regional30"}),
    # "Beregnes 30 %-andelen i regional ordning ut fra de tildelte midlene?": the 30 % of the allocated funds, not
    # the pro rata model's bases.
    rule("pct_regional30", 12, {"value_regional30"}, {"allocated_funds"}, {"scheme_regional", "kindergarten"},
         block={"fte"}),
    rule("pct_regional30", 9, {"scheme_regional"}, {"other"}, {"use", "money", "percent"}),
    rule("pct_regional30", 10.5, {"value_regional30"}, {"percent", "use"},
         block={"own_share", "scheme_desentralisert", "school", "innstilling", "local_plan"}),
    rule("pct_prorata", 10, {"vocational"}, {"subtract", "prorata", "fte", "q_can", "yesno", "school", "q_how",
                                           "scheme_kompetanseloft", "scheme_desentralisert"},
         block={"report", "deadline"}),
    rule("frikjop", 10, {"frikjop"}),
    rule("frikjop", 9, {"remainder"}, {"network", "region_word"}, {"use"}),
    rule("four_year", 9, {"fouryear"}, block={"local_plan", "plan_word", "q_when", "deadline"}),
    rule("four_year", 9, {"needs"}, {"again"}),
    rule("four_year", 10, {"commitment"}, {"q_howlong", "fouryear", "q_howmany", "years", "money"}),
    rule("four_year", 8.5, {"q_howlong"}, {"money"}, {"get", "payment", "measure"}),
    rule("cross_financing", 10, {"cross"}, {"scheme_kompetanseloft", "scheme_regional", "scheme_desentralisert",
                                            "money"}, block={"forum", "principles"}),
    rule("cross_financing", 9.5, {"cross"}, {"scheme_word"}, {"money", "use", "q_can", "yesno"},
         block={"forum", "principles", "report"}),
    rule("cross_financing", 9.5, {"two_schemes"}, {"use", "money"}),
    rule("cross_financing", 8.5, {"scheme_kompetanseloft"}, {"use"}, {"money"}, block={"target_group"}),
    rule("cross_financing", 11, {"kl_source"}, {"use", "money", "q_can"}, {"other_topic", "reading", "kl_topic"},
         block={"target_group", "q_howmuch", "percent", "prorata", "fte", "deadline", "report", "common"}),
    rule("cross_financing", 10.5, {"rd_source"}, {"use", "money", "q_can"}, {"kl_topic"},
         block={"target_group", "q_howmuch", "percent", "prorata", "fte", "deadline", "report", "common",
                "own_share", "regional30"}),
    rule("leftover", 9, {"leftover"}),
    rule("payment_recipients", 8, {"recipient"}, bonus={"money": 0.5, "payment": 0.5},
         block={"needs", "innstilling", "report", "templates_word", "local_plan"}),
    rule("needs_info", 8.5, {"needs"}, {"recipient"}, {"q_who"}, block={"money", "payment"}),
    rule("innstilling_general", 8.5, {"innstilling"}, {"recipient"}, {"q_who"}, block={"money", "payment"}),
    rule("payment_recipients", 8.5, {"q_who"}, {"payment"}),
    rule("payment_recipients", 7, {"q_who"}, {"money"}, {"get", "send"}),
    rule("payment_recipients", 8.5, {"payment"}, {"q_how", "direct"}, block=_DATEISH),
    rule("payment_recipients", 10, {"uh", "hinn"}, {"direct"}, {"money", "payment", "get"},
         block=_DATEISH | {"report"}),
    rule("allocation_info", 8.5, {"allocation_letter"}),
    rule("allocation_info", 9.5, {"q_who"}, {"prorata"}, {"money", "get", "distribution"}, block={"fte", "basis"}),
    rule("allocation_info", 8.5, {"informed"}, {"money", "distribution", "get", "q_howmuch"},
         bonus={"q_when": 1, "network": 0.5}),
    rule("funds_use", 8, {"hoveddel"}),
    rule("funds_use", 6, {"money"}, {"use"}, bonus={"q_what": 0.5, "q_can": 0.5}, generic=True),
    # --- forums and roles --------------------------------------------------------------------------
    rule("forum_composition", 8, {"composition"}, bonus={"forum": 1.5, "q_who": 1, "kindergarten": 0.5,
                                                         "school": 0.5, "q_howmany": 0.5},
         block={"target_group", "network", "working_group", "q_howlong", "scheme_without_forum", "team_around",
                "innstilling", "local_plan", "report"}),
    rule("forum_composition", 8, {"representative"}, {"q_howmany", "q_who"}, bonus={"forum": 1},
         block={"election", "q_howlong", "responsible", "network"}),
    rule("forum_composition", 9, {"org", "forum"}, {"invite"}),
    rule("forum_composition", 7.5, {"org", "ppt", "statped", "hinn", "fylkeskommune", "private"}, {"forum"},
         block={"target_group"}),
    rule("forum_composition", 8, {"q_howmany"}, {"org", "ppt", "statped", "hinn", "fylkeskommune", "private",
                                                 "statsforvalter", "municipal"}, block={"network", "region_word"}),
    rule("voting", 9, {"vote"}),
    rule("voting", 8.5, {"consensus"}),
    rule("voting", 8, {"decide"}, {"forum"}, {"q_how"}),
    rule("leader", 9, {"q_who"}, {"planning"}, {"meeting", "innstilling"}),
    rule("leader", 8, {"leader"}, bonus={"forum": 1, "election": 1.5, "q_howoften": 1},
         block={"target_group", "principles"}),
    # "Kven vel medlemmane i forumet?", "er det Statsforvaltaren eller forumet som vel dei?": the forums elect the
    # representatives (5.4), Statsforvalteren decides the composition (5.1); the reply says both.
    rule("representatives", 12.5, {"election"}, {"composition", "representative"}, {"forum"},
         block={"leader", "working_group", "network", "deadline", "q_when", "q_howlong"}),
    rule("representatives", 8, {"representative"}, {"q_howlong", "election", "responsible"},
         bonus={"q_howlong": 1, "election": 1}),
    rule("representatives", 7.5, {"q_howlong"}, {"forum", "composition"}),
    rule("working_group", 10, {"working_group"}),
    rule("innstilling_content", 9, {"innstilling"}, {"content"}),
    rule("innstilling_content", 11.5, {"innstilling"}, {"content"}, {"own_share", "coordinator", "regional30"}),
    rule("innstilling_content", 8.5, {"innstilling"}, {"scheme_kompetanseloft", "statped", "ppt", "team_around"}),
    rule("innstilling_general", 6.5, {"innstilling"}, bonus={"decide": 1, "send": 1, "q_who": 0.5}),
    rule("secretariat", 9, {"secretariat"}),
    rule("secretariat", 7, {"statsforvalter"}, {"responsible"}),
    rule("forum_tasks", 7, {"forum"}, {"responsible"}),
    rule("local_plan", 9, {"local_plan"}, bonus={"content": 1}),
    rule("local_plan", 8, {"local"}, {"plan_word"}, bonus={"content": 1}),
    rule("local_plan", 8, {"fouryear"}, {"plan_word"}, bonus={"content": 1}),
    rule("networks_structure", 7, {"network", "region_word"}, {"q_howmany", "structure"}),
    rule("networks_structure", 8, {"fylkeskommune"}, {"network", "region_word"}),
    rule("networks_structure", 7.5, {"friskole"}, {"network", "region_word"}),
    rule("network_tasks", 7.5, {"network"}, {"responsible", "decide"}),
    rule("network_tasks", 7, {"org"}, {"network"}),
    rule("network_tasks", 8.5, {"needs"}, {"process"}, {"q_who", "network"}),
    rule("reporting", 10, {"per_measure"}, {"report"}, block=_DATEISH),
    rule("reporting", 7, {"report"}, bonus={"q_who": 1, "q_how": 1, "q_what": 0.5, "q_where": 1,
                                            "reporting_system": 1.5, "approve": 1, "deliver": 0.5}),
    rule("contact_person", 9, {"contact"}, bonus={"report": 1, "hinn": 1}),
    rule("target_group", 8, {"target_group"}, bonus={"scheme_kompetanseloft": 0.5}),
    rule("target_group", 7, {"ppt"}),
    rule("target_group", 8.5, {"team_around"}, bonus={"scheme_kompetanseloft": 1, "participants": 0.5}),
    rule("target_group", 8, {"friskole", "private"}, {"scheme_word", "target_group", "participants"}),
    rule("schemes", 6, {"scheme_word"}, {"q_what", "q_howmany", "all"}, bonus={"three": 1}, generic=True),
    rule("schemes", 5.5, {"scheme_regional", "scheme_desentralisert", "scheme_kompetanseloft"}, {"q_what"},
         generic=True),
    rule("goals", 7, {"goal"}, bonus={"scheme_word": 1, "money": 0.5}),
    rule("goals", 6, {"ambiguous_mal"}, {"scheme_word", "money", "q_what"}, block={"needs", "report", "send"}),
    rule("principles", 8, {"principles"}),
    rule("events", 8, {"events"}, generic=True),
    rule("hinn_role", 8, {"hinn"}, {"responsible", "q_what", "q_how"}, block={"percent", "q_howmuch", "money", "contact",
                                                                        "common", "common_measures", "value_felles"}),
    rule("plan_period", 8, {"plan_period"}),
    rule("plan_period", 7.5, {"q_howlong"}, {"plan_word"}, block={"representative", "composition", "local",
                                                                  "local_plan", "fouryear"}),
    rule("statped", 6, {"statped"}),
    rule("friskoler", 6, {"friskole"}),
    rule("friskoler", 9, {"friskole"}, {"composition", "participants", "q_can"},
         block={"forum", "q_howmany", "network", "payment", "recipient", "scheme_word", "region_word",
                "target_group"}),
    rule("owner_responsibility", 8, {"owner_resp"}),
    rule("owner_responsibility", 6.5, {"owner"}, {"responsible"}),
    rule("who_decides", 11, {"decide"}, {"composition"}, {"q_who", "q_how"}),
    rule("who_decides", 7, {"decide"}, bonus={"money": 1, "distribution": 1, "q_who": 1, "composition": 1}),
    rule("needs_info", 7, {"needs"}, {"q_what", "q_how", "q_who"}, block=_DATEISH | {"again", "process", "template",
                                                                           "templates_word", "ambiguous_mal"}),
    # "Hva er et kompetansenettverk?": what the thing is ([[qa.definitions]]).
    rule("definition", 12, {"define"}, {"network", "forum", "grant_letter", "allocation_letter", "host_municipality",
                                        "prorata_word", "prorata", "scheme_regional", "scheme_desentralisert",
                                        "scheme_kompetanseloft", "uh"},
         block={"q_when", "q_howmuch", "q_howmany", "q_who", "q_where", "has_year", "deadline", "percent",
                "target_group", "goal", "ambiguous_mal", "composition", "responsible", "leader", "meeting",
                "own_share", "coordinator", "common", "frikjop", "regional30", "report", "needs", "innstilling",
                "two_schemes", "use", "cross", "fte", "statped", "ppt", "team_around", "org", "vocational",
                "structure", "working_group", "secretariat", "local_plan", "contact", "informed", "decide"}),
    rule("definition", 9, {"forum"}, {"structure"}, block={"network", "region_word", "composition", "q_howmany",
                                                           "q_when", "meeting"}),
    rule("help", 3, {"help"}, strict=True),
    rule("help", 2, {"greeting"}, strict=True, block={"q_what", "q_when", "q_who", "q_how", "q_howmuch", "q_howmany",
                                                      "q_where", "q_can", "q_why", "network_name", "has_year"}),
)


class IntentClassifier:
    """Scores the rules; a rule is only tried when a concept of its first need group is present.

    Classification is a pure function of the concept set, so results are memoised (bounded).
    """

    def __init__(self, rules: Iterable[Rule] = RULES, *, cache_size: int = 100_000) -> None:
        self._rules = tuple(rules)
        self._by_concept: dict[str, list[int]] = {}
        for position, candidate in enumerate(self._rules):
            for concept in candidate.need[0] if candidate.need else ():
                self._by_concept.setdefault(concept, []).append(position)
        self._cache: dict[frozenset[str], Match | None] = {}
        self._cache_size = cache_size

    @property
    def intents(self) -> frozenset[str]:
        return frozenset(rule.intent for rule in self._rules)

    def _candidates(self, concepts: frozenset[str]) -> list[Rule]:
        positions: set[int] = set()
        for concept in concepts:
            found = self._by_concept.get(concept)
            if found:
                positions.update(found)
        return [self._rules[position] for position in sorted(positions)]

    def classify(self, concepts: frozenset[str]) -> Match | None:
        try:
            return self._cache[concepts]
        except KeyError:
            pass
        best: Match | None = None
        for candidate in self._candidates(concepts):
            score = candidate.score(concepts)
            if score is not None and (best is None or score > best.score):
                best = Match(candidate.intent, score, candidate.generic, candidate.strict)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[concepts] = best
        return best

    def ranked(self, concepts: frozenset[str]) -> list[Match]:
        """Every applicable rule's best score per intent, best first (for diagnostics)."""
        scores: dict[str, Match] = {}
        for candidate in self._rules:
            score = candidate.score(concepts)
            if score is not None and (candidate.intent not in scores or score > scores[candidate.intent].score):
                scores[candidate.intent] = Match(candidate.intent, score, candidate.generic)
        return sorted(scores.values(), key=lambda match: -match.score)
