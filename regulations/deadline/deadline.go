package deadline

import (
	"fmt"
	"time"
	// The engine must give the same answer on a host without a zoneinfo
	// database (a scratch container, say).
	_ "time/tzdata"
)

// Hours returns the instant n hours after trigger, in UTC.
//
// Convention 2: hour-based periods (GDPR Art. 33(1) 72 h, NIS2 24 h/72 h,
// DORA, CAC, DPDP, PIPA) are exact elapsed durations. Weekends, holidays and
// DST changes are neither skipped nor compensated, and the end is never
// rolled to a working day: Reg. (EEC, Euratom) 1182/71 Art. 3(4) moves only
// periods "expressed otherwise than in hours".
func Hours(trigger time.Time, n int) time.Time {
	return trigger.UTC().Add(time.Duration(n) * time.Hour)
}

// CalendarDays returns the end (23:59:59 in loc) of the nth calendar day
// after the day on which trigger falls in loc.
//
// Convention 3: the trigger day is excluded and the period ends at local end
// of day in the regime's reference zone. Sources: Singapore Interpretation Act
// 1965 s.50(a); Brazil Lei 9.784/1999 art. 66; Australia Acts Interpretation
// Act 1901 s.36. The day is taken in loc, so a trigger at 23:59 local belongs
// to that day, whatever its UTC date.
func CalendarDays(trigger time.Time, n int, loc *time.Location) time.Time {
	y, m, d := trigger.In(loc).Date()
	return dayEnd(civil(y, m, d+n), loc)
}

// CalendarDaysInclusive returns the end (23:59:59 in loc) of the nth
// calendar day counting the day on which trigger falls in loc as the first.
//
// Where a regime's counting rule is unsettled, counting the trigger day is
// the earlier reading: Japan's APPI reports "within 30 days" of the day the
// operator knew, for which the Civil Code Art. 140 first-day exclusion would
// give one day more (REGULATIONS.md §11). A period of 1 ends on the trigger
// day itself.
func CalendarDaysInclusive(trigger time.Time, n int, loc *time.Location) time.Time {
	return CalendarDays(trigger, n-1, loc)
}

// BusinessDays returns the end (23:59:59 in the calendar's zone) of the nth
// business day after the day on which trigger falls in that zone.
//
// Convention 4: Saturdays, Sundays, the jurisdiction's public holidays
// (observed days included) and the closures in the override file are
// skipped. The trigger day is excluded whether or not it is a business day,
// so a trigger on a holiday eve at 23:59 counts from the day after the
// holiday. It fails when the calendar has no data for a year it must
// cross: it never guesses weekends-only.
func BusinessDays(trigger time.Time, n int, c *Calendar) (time.Time, error) {
	loc := c.Location()
	d, err := nthBusinessDay(trigger.In(loc), n, c)
	if err != nil {
		return time.Time{}, err
	}
	return dayEnd(d, loc), nil
}

// secCutoff is EDGAR's same-day filing cut-off, 17 CFR 232.13(a)(2).
const secCutoff = 17*time.Hour + 30*time.Minute

// SECBusinessDays is the Form 8-K period: "within four business days after
// occurrence of the event".
const SECBusinessDays = 4

// SEC returns the Form 8-K Item 1.05 deadline for a materiality
// determination made at determined: 17:30 America/New_York on the 4th
// business day after the day of the determination, counted on calendar c
// (US federal holidays with observed days, plus closures).
//
// Convention 5. Form 8-K General Instruction B.1: "within four business days
// after occurrence of the event"; an event on a Saturday, Sunday or holiday
// starts the count on, and includes, the first business day thereafter,
// which is what counting the business days after the event's day gives. A
// filing that starts transmitting after 17:30 ET takes the next business
// day's date (17 CFR 232.13(a)(2)), so 17:30 ET is the last safe instant. The
// day of the determination is its New York date.
func SEC(determined time.Time, c *Calendar) (time.Time, error) {
	loc := newYork
	d, err := nthBusinessDay(determined.In(loc), SECBusinessDays, c)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).Add(secCutoff).UTC(), nil
}

// Months returns the end (23:59:59 in loc) of a period of n calendar months
// starting on the day of trigger in loc.
//
// Reg. (EEC, Euratom) 1182/71 Art. 3(2)(c): a period in months ends with the
// expiry of the last hour of the day in the last month that has the same
// date as the trigger day, or of the last day of that month when it has no
// such date (31 January + 1 month is 28 or 29 February). The Art. 3(4)
// roll-forward to a working day is not applied (REGULATIONS.md §17.14: the
// default is no roll-forward).
func Months(trigger time.Time, n int, loc *time.Location) time.Time {
	return dayEnd(addMonths(trigger.In(loc), n), loc)
}

// addMonths returns the civil date n calendar months after the date of
// local, or the last day of that month when it has no such date (31
// January + 1 month is 28 or 29 February).
func addMonths(local time.Time, n int) time.Time {
	y, m, d := local.Date()
	first := civil(y, m+time.Month(n), 1)
	last := first.AddDate(0, 1, -1).Day()
	return civil(first.Year(), first.Month(), min(d, last))
}

// nthBusinessDay returns the civil date of the nth business day of c after
// the date of local (already in the calendar's zone).
func nthBusinessDay(local time.Time, n int, c *Calendar) (time.Time, error) {
	if n < 0 {
		return time.Time{}, fmt.Errorf("negative period of %d business days", n)
	}
	d := civil(local.Date())
	for count := 0; count < n; {
		d = d.AddDate(0, 0, 1)
		ok, err := c.IsBusinessDay(d)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			count++
		}
	}
	return d, nil
}

// civil returns a date as noon UTC, the representation of a calendar day
// used for date arithmetic here: AddDate on it never meets a DST gap.
func civil(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
}

// dayEnd is 23:59:59 in loc on the civil date d, in UTC.
func dayEnd(d time.Time, loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, loc).UTC()
}

// newYork is the SEC's zone. LoadLocation cannot fail: time/tzdata is
// embedded.
var newYork = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// MonthsSameTime returns the instant n calendar months after trigger at the
// same clock time in loc, on the same date or, when the last month has no
// such date, on its last day (31 January + 1 month is 28 or 29 February).
//
// This is the conservative reading of "one month after submission" (NIS2
// Art. 23(4)(d), DORA RTS 2025/301 Art. 5(1)(c)), REGULATIONS.md §6: it
// ends at the clock time of the submission instead of at the end of the day,
// as a Reg. 1182/71 reading (see [Months]) would. A clock time that a DST
// change skips on the last day moves forward with it, as time.Date does.
func MonthsSameTime(trigger time.Time, n int, loc *time.Location) time.Time {
	local := trigger.In(loc)
	end := addMonths(local, n)
	h, mi, s := local.Clock()
	return time.Date(end.Year(), end.Month(), end.Day(), h, mi, s, local.Nanosecond(), loc).UTC()
}

// AfterYearEnd returns the end (23:59:59 in loc) of the nth calendar day
// after 31 December of the year in which trigger falls in loc.
//
// HIPAA 45 CFR 164.408(c): breaches of fewer than 500 individuals are logged
// and reported "not later than 60 days after the end of each calendar year".
// Counting from 31 December (the year's last day, excluded as in convention
// 3), day 60 is 29 February in a leap year and 1 March otherwise
// (REGULATIONS.md §17.6).
func AfterYearEnd(trigger time.Time, n int, loc *time.Location) time.Time {
	y := trigger.In(loc).Year()
	return dayEnd(civil(y, time.December, 31+n), loc)
}

// reliefHour is the hour of the next working day by which a relieved report
// may be submitted.
const reliefHour = 12

// NextWorkingDayNoon applies DORA's weekend relief (RTS (EU) 2025/301
// Art. 5(4)) to a deadline: one that falls on a day that is not a business
// day in c's jurisdiction moves to 12:00 local time on the next business day;
// any other deadline is returned unchanged, in UTC.
//
// It is the only roll-forward in this package, and it applies only where the
// catalog says an entity may use it (REGULATIONS.md §17.14).
func NextWorkingDayNoon(due time.Time, c *Calendar) (time.Time, error) {
	loc := c.Location()
	local := due.In(loc)
	ok, err := c.IsBusinessDay(local)
	if err != nil {
		return time.Time{}, err
	}
	if ok {
		return due.UTC(), nil
	}
	d, err := nthBusinessDay(local, 1, c)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year(), d.Month(), d.Day(), reliefHour, 0, 0, 0, loc).UTC(), nil
}
