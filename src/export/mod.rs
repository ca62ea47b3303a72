//! Exports for the task tracker: JSON lines, CSV and iCalendar.
