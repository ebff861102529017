// Parses an iCalendar file with ical.js and prints its events as JSON, so a Rust test can
// compare them with the meetings they came from. Usage: node ical-parse.mjs FILE
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const component = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
for (const zone of component.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const iso = (time) => {
  // Local wall-clock time with the zone's offset, as Python's isoformat() writes it.
  const offset = time.utcOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const pad = (n) => String(n).padStart(2, "0");
  return `${time.year}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}` +
    `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
};
const events = component.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    start: iso(event.startDate),
    end: iso(event.endDate),
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
    location: event.location || "",
    description: event.description || "",
  };
});
console.log(JSON.stringify({ name: component.getFirstPropertyValue("x-wr-calname") || "", events }));
