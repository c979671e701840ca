"""Reads an iCalendar file with the icalendar package (a real peer) and prints what each event
says as JSON: summary, start, end, RRULE, alarm triggers, location. Exits non-zero when the file
does not parse or an event lacks what RFC 5545 requires (UID, DTSTAMP, DTSTART)."""
import json
import sys

import icalendar

calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = []
for event in calendar.walk("VEVENT"):
    for required in ("UID", "DTSTAMP", "DTSTART"):
        if required not in event:
            raise SystemExit(f"an event lacks {required}: {event}")
    rrule = event.get("RRULE")
    events.append({
        "uid": str(event["UID"]),
        "summary": str(event["SUMMARY"]),
        "start": event["DTSTART"].dt.isoformat(),
        "end": event["DTEND"].dt.isoformat() if "DTEND" in event else None,
        "rrule": rrule.to_ical().decode() if rrule else None,
        "alarms": [int(alarm["TRIGGER"].dt.total_seconds()) for alarm in event.walk("VALARM")],
        "location": str(event["LOCATION"]) if "LOCATION" in event else None,
    })
print(json.dumps({"name": str(calendar.get("X-WR-CALNAME")), "events": events}))
