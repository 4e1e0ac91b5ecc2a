"""Council exports: meeting and action tables (CSV/XLSX rows) and iCalendar (RFC 5545)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from axpartners.db.tables import ActionItem, Meeting
from axpartners.services.council_read import is_overdue, local_held_at

MEETING_COLUMNS = ("id", "title", "held_at", "place", "attendees", "decisions", "actions")
ACTION_COLUMNS = ("id", "meeting", "title", "owner", "due_date", "status", "overdue")
DEFAULT_DURATION = timedelta(hours=2)


def meeting_rows(meetings: Sequence[Meeting]) -> list[list[object]]:
    return [
        [
            m.id,
            m.title,
            local_held_at(m).strftime("%Y-%m-%d %H:%M"),
            m.place,
            ";".join(a.organisation_id for a in m.attendees),
            " | ".join(d.text for d in m.decisions),
            len(m.actions),
        ]
        for m in meetings
    ]


def action_rows(actions: Sequence[ActionItem], *, today: date) -> list[list[object]]:
    return [
        [
            a.id,
            a.meeting.title if a.meeting else "",
            a.title,
            a.owner,
            a.due_date.isoformat() if a.due_date else "",
            a.status,
            "yes" if is_overdue(a, today=today) else "",
        ]
        for a in actions
    ]


def _ics_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines longer than 75 octets are folded (continuation starts with a space)."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meetings_ics(meetings: Sequence[Meeting], *, host: str = "axpartners") -> bytes:
    """An iCalendar file (RFC 5545) with one VEVENT per meeting (2 hours by default)."""
    stamp = _utc(datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//AX Partners//Council//KO",
        "CALSCALE:GREGORIAN",
    ]
    for m in meetings:
        agenda = "\n".join(f"{a.position}. {a.title}" for a in m.agenda)
        event = [
            "BEGIN:VEVENT",
            f"UID:meeting-{m.id}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(m.held_at)}",
            f"DTEND:{_utc(m.held_at + DEFAULT_DURATION)}",
            f"SUMMARY:{_ics_escape(m.title)}",
        ]
        if m.place:
            event.append(f"LOCATION:{_ics_escape(m.place)}")
        if agenda:
            event.append(f"DESCRIPTION:{_ics_escape(agenda)}")
        event.append("END:VEVENT")
        lines.extend(event)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
