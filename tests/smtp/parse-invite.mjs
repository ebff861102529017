// Parses an iCalendar invitation with ical.js (installed in tests/browser) and prints what
// parse_invite.py prints, so a Rust test can compare the two parsers.
// Usage: node parse-invite.mjs FILE
import ICAL from "../browser/node_modules/ical.js/dist/ical.js";
import { readFileSync } from "node:fs";

const component = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
const timezones = component.getAllSubcomponents("vtimezone").map((zone) => {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return zone.getFirstPropertyValue("tzid");
});
const pad = (n) => String(n).padStart(2, "0");
const iso = (time) => {
  // Local wall-clock time with the zone's offset, as Python's isoformat() writes it.
  const offset = time.utcOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${time.year}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}` +
    `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
};
const text = (value) => (value === null || value === undefined ? "" : String(value));
const events = component.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    start: iso(event.startDate),
    end: iso(event.endDate),
    tzid: text(vevent.getFirstProperty("dtstart").getParameter("tzid")),
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
    location: event.location || "",
    description: event.description || "",
    organizer: text(vevent.getFirstPropertyValue("organizer")),
    attendees: vevent.getAllProperties("attendee").map((attendee) => ({
      address: text(attendee.getFirstValue()),
      name: text(attendee.getParameter("cn")),
      partstat: text(attendee.getParameter("partstat")),
      rsvp: text(attendee.getParameter("rsvp")).toUpperCase(),
    })),
  };
});
console.log(JSON.stringify({ method: text(component.getFirstPropertyValue("method")), timezones, events }));
