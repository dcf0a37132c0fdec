"""The access matrix's rules for the case page's sections and the actions along the ladder.

The world's case is open at stage 2 of the example policy, not yet answered there: the
receiving holder may respond; either holder may escalate or set a deadline; stage 2 has no
steps, so the holders are told why they cannot mark one done now (409); the raiser and the
raising side's holder may withdraw; the holders and the partnership's decision-makers may
answer the policy's questions. Nobody in the world is the next level up from a stage-2 holder
(the raising holder's line manager is in the middle of the chain) or an adviser (the example
policy names none), so everyone who sees the case is refused taking it over (side=raising) and
recording advice, with who may (403).
"""

from ..rule_kinds import CASE_OVERSIGHT, CURRENT_HOLDERS, SEES_CASE, Rule, case, case_action

DECISION_MAKERS = {"business_manager", "independent_chair", "panel_member"}

RULES: dict[str, Rule] = {
    "web:case-detail": case(SEES_CASE),
    "web:case-deadlines": case(SEES_CASE),
    "web:case-stages": case(SEES_CASE),
    "web:case-timeline": case(SEES_CASE),
    "web:case-access-log": case(CASE_OVERSIGHT),
    "web:case-respond": case_action({"receiving_holder"}),
    "web:case-complete-step": case_action(CURRENT_HOLDERS),
    "web:case-escalate": case_action(CURRENT_HOLDERS),
    "web:case-set-deadline": case_action(CURRENT_HOLDERS),
    "web:case-set-fact": case_action(CURRENT_HOLDERS | DECISION_MAKERS),
    "web:case-withdraw": case_action({"raiser", "raising_holder"}),
    "web:case-take-over": case_action(set()),
    "web:case-advice": case_action(set()),
}
