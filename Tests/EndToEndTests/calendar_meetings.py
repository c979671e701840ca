"""Writes a vdir calendar collection with the icalendar package, as a calendar program would:
a weekly meeting with Ada (an EXDATE, one occurrence moved a day later, two still to come), a
lunch with Grace you declined, a meeting Grace declined and Ada did not, a cancelled one, a
town hall of 30, one with nobody else, one next week, one too long ago, and a file that is not
a calendar. Usage: calendar_meetings.py DIRECTORY"""
import datetime, os, sys, zoneinfo
from icalendar import Calendar, Event, vCalAddress, vText

berlin = zoneinfo.ZoneInfo("Europe/Berlin")
directory = sys.argv[1]
os.makedirs(directory, exist_ok=True)
today = datetime.datetime.now(berlin).date()


def at(days, hour=10):
    day = today + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=berlin)


def attendee(address, partstat="ACCEPTED"):
    person = vCalAddress("mailto:" + address)
    person.params["PARTSTAT"] = vText(partstat)
    return person


def event(uid, start, summary, guests, **extra):
    e = Event()
    e.add("uid", uid)
    e.add("dtstamp", datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    e.add("dtstart", start)
    e.add("dtend", start + datetime.timedelta(hours=1))
    e.add("summary", summary)
    e["organizer"] = vCalAddress("mailto:me@example.org")
    for address, partstat in guests:
        e.add("attendee", attendee(address, partstat))
    for key, value in extra.items():
        e.add(key.replace("_", "-"), value)
    return e


def write(name, *events):
    calendar = Calendar()
    calendar.add("prodid", "-//connectd tests//icalendar//EN")
    calendar.add("version", "2.0")
    for e in events:
        calendar.add_component(e)
    with open(os.path.join(directory, name + ".ics"), "wb") as f:
        f.write(calendar.to_ical())


me = ("me@example.org", "ACCEPTED")
weekly = event("weekly-ada", at(-36), "Weekly with Ada", [me, ("ada@example.org", "ACCEPTED")], rrule={"freq": "weekly", "count": 8})
weekly.add("exdate", at(-22))
moved = event("weekly-ada", at(-14), "Weekly with Ada (moved)", [me, ("ada@example.org", "ACCEPTED")], recurrence_id=at(-15))
write("weekly-ada", weekly, moved)
write("declined-lunch", event("declined-lunch", at(-10, 12), "Lunch with Grace", [("me@example.org", "DECLINED"), ("grace@example.org", "ACCEPTED")]))
write("grace-declined", event("grace-declined", at(-5, 15), "Review", [me, ("grace@example.org", "DECLINED"), ("ada@example.org", "ACCEPTED")]))
write("cancelled", event("cancelled", at(-3), "Coffee with Hedy", [me, ("hedy@example.org", "ACCEPTED")], status="CANCELLED"))
write("town-hall", event("town-hall", at(-2), "Town hall", [me, ("hedy@example.org", "ACCEPTED")] + [(f"p{n}@corp.example", "ACCEPTED") for n in range(29)]))
write("alone", event("alone", at(-4), "Focus time", [me]))
write("next-week", event("next-week", at(7), "Dinner with Hedy", [me, ("hedy@example.org", "ACCEPTED")]))
write("long-ago", event("long-ago", at(-200), "Old coffee", [me, ("ada@example.org", "ACCEPTED")]))
with open(os.path.join(directory, "broken.ics"), "w") as f:
    f.write("BEGIN:VCALENDAR\nBEGIN:VEVENT\nthis is not\x00 a calendar\n")
print(today.isoformat())
