"""The demo partnerships, their agencies and fictional people (fixed lists: deterministic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from accord.accounts.models import Agency, AgencyKind, Level, PartnershipRole, Person
from accord.accounts.models import PartnershipRoleKind as Role
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import load_policy_version, policy_of

POLICY_DIR = Path(__file__).resolve().parents[1] / "policies"
DEMO_SLUG_SUFFIX = "-demo"
EMAIL_DOMAIN_SUFFIX = ".demo.example"
ADMIN_EMAIL = "admin@accord.demo.example"

# (policy file, slug, partnership name, e-mail subdomain)
PARTNERSHIPS = [
    ("bath-north-east-somerset.toml", "bnes-demo",
     "Bath and North East Somerset Safeguarding Children Partnership (demo)", "bnes"),
    ("blackburn-with-darwen.toml", "blackburn-with-darwen-demo",
     "Blackburn with Darwen Safeguarding Children Partnership (demo)", "bwd"),
    ("generic-lscb.toml", "wessex-vale-demo",
     "Wessex Vale Safeguarding Children Partnership (demo)", "wessexvale"),
    ("northumberland.toml", "northumberland-demo",
     "Northumberland Safeguarding Children Partnership (demo)", "northumberland"),
    ("stockport.toml", "stockport-demo",
     "Stockport Safeguarding Children Partnership (demo)", "stockport"),
    # A Regional Safeguarding Board in Wales running the national procedure, in Welsh and
    # English, on the bank holidays of Wales (the policy's jurisdiction).
    ("wales.toml", "cwm-taf-morgannwg-demo",
     "Cwm Taf Morgannwg Safeguarding Board (demo)", "ctm"),
]  # fmt: skip

AGENCIES = [
    (AgencyKind.SOCIAL_CARE, "Children's Social Care", "socialcare"),
    (AgencyKind.POLICE, "Constabulary Public Protection Unit", "police"),
    (AgencyKind.HEALTH, "Community Health NHS Trust", "health"),
    (AgencyKind.EDUCATION, "Schools and Early Years", "education"),
]

# The chain in every agency, top first: each reports to the one above.
CHAIN = [
    (Level.DIRECTOR, "director", "Director"),
    (Level.SENIOR_MANAGER, "senior-manager", "Head of Service"),
    (Level.SERVICE_LEADER, "service-leader", "Service Leader"),
    (Level.FIRST_LINE_MANAGER, "first-line-manager", "Team Manager"),
    (Level.PRACTITIONER, "practitioner", "Practitioner"),
]

STAFF = [
    (Role.BUSINESS_MANAGER, "business-manager", "Partnership Business Manager"),
    (Role.INDEPENDENT_CHAIR, "independent-chair", "Independent Chair"),
    (Role.PANEL_MEMBER, "panel-member", "Resolution Panel Member"),
    (Role.ADMINISTRATOR, "administrator", "Partnership Administrator"),
]

FIRST_NAMES = [
    "Amara", "Ben", "Carys", "Dev", "Elin", "Farid", "Grace", "Hamish", "Isla", "Jonah",
    "Kavya", "Liam", "Maryam", "Niall", "Orla", "Priya", "Quentin", "Rhiannon", "Sami", "Tegan",
    "Umar", "Verity", "Wen", "Xander", "Yasmin", "Zac",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Pennington", "Llewellyn", "Rahman", "Castellano", "Whitlock", "Adeyemi",
    "Fairbairn", "Kowalczyk", "Nakamura", "Ashdown", "Belmonte", "Dunmore", "Evershed",
    "Galloway", "Halloran", "Iqbal", "Jessop", "Kettering", "Lindqvist", "Marchetti",
]  # fmt: skip


class _Names:
    """Fictional full names in a fixed order, none repeated within a run."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        n = self.count
        self.count += 1
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        last = LAST_NAMES[(n * 7 + n // len(FIRST_NAMES)) % len(LAST_NAMES)]
        return f"{first} {last}"


@dataclass
class AgencyPeople:
    agency: Agency
    by_level: dict[str, Person]
    lead: Person
    colleague: Person  # a second practitioner, involved in no case


@dataclass
class DemoPartnership:
    partnership: Partnership
    version: PolicyVersion
    domain: str
    agencies: dict[str, AgencyPeople] = field(default_factory=dict)
    staff: dict[str, Person] = field(default_factory=dict)


def build_partnership(
    policy_file: str, slug: str, name: str, subdomain: str, *, password_hash: str, now: datetime,
    names: _Names,
) -> DemoPartnership:  # fmt: skip
    text = (POLICY_DIR / policy_file).read_text(encoding="utf-8")
    partnership = Partnership.objects.create(
        slug=slug, name=name, short_name=subdomain.upper(), jurisdiction="ENG", live=True
    )
    version = load_policy_version(
        partnership=partnership, text=text, file_name=f"accord/policies/{policy_file}", now=now
    )
    partnership.jurisdiction = str(policy_of(version).jurisdiction)
    partnership.save(update_fields=["jurisdiction"])
    domain = f"{subdomain}{EMAIL_DOMAIN_SUFFIX}"
    demo = DemoPartnership(partnership, version, domain)

    def person(email: str, title: str, **extra: object) -> Person:
        return Person.objects.create(
            email=f"{email}@{domain}",
            full_name=names.next(),
            job_title=title,
            password=password_hash,
            **extra,
        )

    for kind, agency_name, short in AGENCIES:
        agency = Agency.objects.create(
            name=f"{agency_name} ({subdomain})", kind=kind, home_partnership=partnership
        )
        agency.serves.add(partnership)
        by_level: dict[str, Person] = {}
        manager: Person | None = None
        for level, key, title in CHAIN:
            manager = person(
                f"{key}.{short}", title, agency=agency, level=level, line_manager=manager
            )
            by_level[level] = manager
        lead = person(
            f"safeguarding-lead.{short}",
            "Named Safeguarding Lead",
            agency=agency,
            level=Level.SERVICE_LEADER,
            is_safeguarding_lead=True,
            line_manager=by_level[Level.SENIOR_MANAGER],
        )
        colleague = person(
            f"colleague.{short}",
            "Practitioner",
            agency=agency,
            level=Level.PRACTITIONER,
            line_manager=by_level[Level.FIRST_LINE_MANAGER],
        )
        demo.agencies[kind] = AgencyPeople(agency, by_level, lead, colleague)
    for role, key, title in STAFF:
        staff = person(key, title)
        PartnershipRole.objects.create(person=staff, partnership=partnership, role=role)
        demo.staff[role] = staff
    return demo
