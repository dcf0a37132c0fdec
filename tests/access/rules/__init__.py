"""The access matrix's rules for each group of pages, one module per group."""

from ..rule_kinds import Rule
from .api import RULES as API
from .case_ending import RULES as CASE_ENDING
from .case_pages import RULES as CASE_PAGES
from .documents import RULES as DOCUMENTS
from .policies import RULES as POLICIES
from .queues import RULES as QUEUES
from .raising import RULES as RAISING
from .reports import RULES as REPORTS
from .retention import RULES as RETENTION
from .setup import RULES as SETUP
from .subject_access import RULES as SUBJECT_ACCESS
from .webhooks import RULES as WEBHOOKS

MORE_RULES: dict[str, Rule] = {
    **CASE_PAGES,
    **CASE_ENDING,
    **RAISING,
    **QUEUES,
    **DOCUMENTS,
    **REPORTS,
    **SETUP,
    **POLICIES,
    **SUBJECT_ACCESS,
    **RETENTION,
    **WEBHOOKS,
    **API,
}
