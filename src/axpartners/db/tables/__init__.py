"""All tables; importing this package registers them on ``Base.metadata``."""

from axpartners.db.tables.calls import Call, CallCorrection
from axpartners.db.tables.council import ActionItem, AgendaItem, Decision, Meeting, MeetingAttendee
from axpartners.db.tables.jobs import Job
from axpartners.db.tables.needs import ClassifierModel, Need, NeedContact
from axpartners.db.tables.orgs import Organisation, OrganisationCapability, OrganisationIndustry
from axpartners.db.tables.policy import PolicyDocument, PolicyItem
from axpartners.db.tables.projects import (
    CandidateTeam,
    Project,
    ProjectCandidate,
    ProjectKpi,
    ProjectPartner,
    ProjectStageChange,
)
from axpartners.db.tables.stats import RegionalStat
from axpartners.db.tables.system import AuditEntry, RateBucket, User

__all__ = [
    "ActionItem",
    "AgendaItem",
    "AuditEntry",
    "Call",
    "CallCorrection",
    "CandidateTeam",
    "ClassifierModel",
    "Decision",
    "Job",
    "Meeting",
    "MeetingAttendee",
    "Need",
    "NeedContact",
    "Organisation",
    "OrganisationCapability",
    "OrganisationIndustry",
    "PolicyDocument",
    "PolicyItem",
    "Project",
    "ProjectCandidate",
    "ProjectKpi",
    "ProjectPartner",
    "ProjectStageChange",
    "RateBucket",
    "RegionalStat",
    "User",
]
