"""Parses an iCalendar invitation with the `icalendar` package and prints its method and
events, organizer and attendees included, as JSON; parse-invite.mjs prints the same with
ical.js, so a Rust test can check that both read Foorumi's invitations alike.
Usage: python3 parse_invite.py FILE"""
import json
import sys

import icalendar

with open(sys.argv[1], "rb") as f:
    calendar = icalendar.Calendar.from_ical(f.read())


def attendees(event):
    found = event.get("ATTENDEE", [])
    if not isinstance(found, list):
        found = [found]
    return [{
        "address": str(a),
        "name": str(a.params.get("CN", "")),
        "partstat": str(a.params.get("PARTSTAT", "")),
        "rsvp": str(a.params.get("RSVP", "")).upper(),
    } for a in found]


events = []
for event in calendar.walk("VEVENT"):
    events.append({
        "uid": str(event["UID"]),
        "summary": str(event["SUMMARY"]),
        "start": event.decoded("DTSTART").isoformat(),
        "end": event.decoded("DTEND").isoformat(),
        "tzid": str(event["DTSTART"].params.get("TZID", "")),
        "status": str(event["STATUS"]),
        "sequence": int(event["SEQUENCE"]),
        "location": str(event.get("LOCATION", "")),
        "description": str(event.get("DESCRIPTION", "")),
        "organizer": str(event.get("ORGANIZER", "")),
        "attendees": attendees(event),
    })
timezones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
print(json.dumps({"method": str(calendar.get("METHOD", "")), "timezones": timezones, "events": events}, ensure_ascii=False))
