//! Documents Foorumi renders from records for other programs: iCalendar (RFC 5545) for
//! calendar feeds and, later, invitations. No I/O; callers pass plain values.

pub mod charts;
pub mod ical;
pub mod map;
pub mod markdown;
