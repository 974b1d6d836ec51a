package deadline

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func TestHoursAreElapsedTimeWhateverTheCalendar(t *testing.T) {
	for _, tc := range []struct {
		name, trigger string
		n             int
		want          string
	}{
		{"72 hours across the EU spring DST change stay 72 hours of UTC", "2026-03-27T10:00:00Z", 72, "2026-03-30T10:00:00Z"},
		{"72 hours across the US autumn DST change", "2026-10-30T16:00:00Z", 72, "2026-11-02T16:00:00Z"},
		{"72 hours from Friday evening end on Monday evening, not rolled to a working day", "2026-12-25T18:00:00Z", 72, "2026-12-28T18:00:00Z"},
		{"an offset trigger is the same instant", "2026-03-10T15:20:00+01:00", 72, "2026-03-13T14:20:00Z"},
		{"a period across 29 February", "2028-02-28T12:00:00Z", 24, "2028-02-29T12:00:00Z"},
		{"a period across year end", "2026-12-31T23:30:00Z", 1, "2027-01-01T00:30:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Hours(at(t, tc.trigger), tc.n)
			require.Equal(t, at(t, tc.want), got)
			require.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestCalendarDaysExcludeTheTriggerDayAndEndAtLocalMidnight(t *testing.T) {
	for _, tc := range []struct {
		name, trigger, zone string
		n                   int
		want                string
	}{
		{"a Friday 23:30 SGT assessment is due Monday 23:59:59 SGT", "2026-03-13T15:30:00Z", "Asia/Singapore", 3, "2026-03-16T15:59:59Z"},
		{"a Friday 23:59 SGT assessment is still Friday's", "2026-03-13T15:59:00Z", "Asia/Singapore", 3, "2026-03-16T15:59:59Z"},
		{"Saturday 00:30 SGT is Friday in UTC but Saturday in Singapore", "2026-03-13T16:30:00Z", "Asia/Singapore", 3, "2026-03-17T15:59:59Z"},
		{"a period across year end", "2026-12-30T10:00:00Z", "Asia/Singapore", 3, "2027-01-02T15:59:59Z"},
		{"a period across 29 February in a leap year", "2028-02-27T10:00:00Z", "Asia/Singapore", 3, "2028-03-01T15:59:59Z"},
		{"the same dates in a common year", "2027-02-27T10:00:00Z", "Asia/Singapore", 3, "2027-03-02T15:59:59Z"},
		{"the end is in daylight time when the start was not", "2026-03-06T12:00:00Z", "America/New_York", 3, "2026-03-10T03:59:59Z"},
		{"60 days of HIPAA from New Year's Day", "2027-01-01T15:00:00Z", "America/New_York", 60, "2027-03-03T04:59:59Z"},
		{"a Sunday end is not rolled forward", "2026-03-12T02:00:00Z", "Asia/Singapore", 3, "2026-03-15T15:59:59Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, at(t, tc.want), CalendarDays(at(t, tc.trigger), tc.n, zone(t, tc.zone)))
		})
	}
}

func TestBusinessDaysSkipWeekendsAndTheJurisdictionsHolidays(t *testing.T) {
	cals := Default()
	for _, tc := range []struct {
		name, code, trigger string
		n                   int
		want                string
	}{
		{"20 November is a Brazilian holiday since 2024", "BR", "2026-11-18T13:00:00Z", 3, "2026-11-25T02:59:59Z"},
		{"it was an ordinary Monday in 2023", "BR", "2023-11-17T13:00:00Z", 3, "2023-11-23T02:59:59Z"},
		{"the first 20 November holiday, 2024", "BR", "2024-11-19T13:00:00Z", 3, "2024-11-26T02:59:59Z"},
		{"a trigger at 23:59 on a holiday eve counts from after the holiday", "BR", "2026-11-20T02:59:00Z", 3, "2026-11-26T02:59:59Z"},
		{"Carnival is a working day", "BR", "2026-02-13T13:00:00Z", 3, "2026-02-19T02:59:59Z"},
		{"31 December is a working day, 1 January is not", "BR", "2026-12-30T13:00:00Z", 3, "2027-01-06T02:59:59Z"},
		{"a Saturday Christmas gives the UK two substitute days", "UK", "2027-12-23T12:00:00Z", 2, "2027-12-29T23:59:59Z"},
		{"a UK period ends at 23:59:59 BST in summer", "UK", "2026-07-01T12:00:00Z", 1, "2026-07-02T22:59:59Z"},
		{"US: 4 July 2026 is a Saturday, observed on Friday 3 July", "US", "2026-07-01T18:00:00Z", 2, "2026-07-07T03:59:59Z"},
		{"US: New Year's Day 2022 on a Saturday is observed on 31 December 2021", "US", "2021-12-29T18:00:00Z", 2, "2022-01-04T04:59:59Z"},
		{"Singapore: National Day 2026 falls on a Sunday and is observed on Monday", "SG", "2026-08-07T04:00:00Z", 1, "2026-08-11T15:59:59Z"},
		{"Ireland: St Brigid's Day 2026 is the first Monday of February", "EU-IE", "2026-01-30T12:00:00Z", 1, "2026-02-03T23:59:59Z"},
		{"Germany: Day of German Unity on a Saturday gives no substitute", "EU-DE", "2026-10-02T10:00:00Z", 1, "2026-10-05T21:59:59Z"},
		{"France: 14 July", "EU-FR", "2026-07-13T10:00:00Z", 1, "2026-07-15T21:59:59Z"},
		{"Netherlands: King's Day", "EU-NL", "2026-04-24T10:00:00Z", 1, "2026-04-28T21:59:59Z"},
		{"zero days end on the trigger day", "US", "2026-07-01T18:00:00Z", 0, "2026-07-02T03:59:59Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := cals.Get(tc.code)
			require.NoError(t, err)
			got, err := BusinessDays(at(t, tc.trigger), tc.n, c)
			require.NoError(t, err)
			require.Equal(t, at(t, tc.want), got)
		})
	}
}

// The Singapore dates are the MOM lists for 2025 and 2026 (calendars.yaml
// names the copies they were checked against): a Sunday holiday gives the
// Monday, a Saturday one gives nothing, and a day no list declares is a
// business day.
func TestSingaporeFollowsTheMOMLists(t *testing.T) {
	sg, err := Default().Get("SG")
	require.NoError(t, err)
	for _, tc := range []struct {
		name, date string
		business   bool
	}{
		{"Chinese New Year 2025, second day", "2025-01-30", false},
		{"Hari Raya Puasa 2025", "2025-03-31", false},
		{"Vesak Day 2025", "2025-05-12", false},
		{"Deepavali 2025", "2025-10-20", false},
		{"the Monday after Polling Day (Saturday 3 May 2025) is a working day", "2025-05-05", true},
		{"the Monday after Hari Raya Haji (Saturday 7 June 2025) is a working day", "2025-06-09", true},
		{"18 August 2025 is no public holiday on any list", "2025-08-18", true},
		{"Chinese New Year 2026, first day", "2026-02-17", false},
		{"the Monday after Hari Raya Puasa (Saturday 21 March 2026) is a working day", "2026-03-23", true},
		{"Hari Raya Haji 2026", "2026-05-27", false},
		{"Vesak Day 2026 (Sunday 31 May) is observed on Monday 1 June", "2026-06-01", false},
		{"Deepavali 2026 (Sunday 8 November) is observed on Monday 9 November", "2026-11-09", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := sg.IsBusinessDay(at(t, tc.date+"T04:00:00Z"))
			require.NoError(t, err)
			require.Equal(t, tc.business, ok)
		})
	}
}

func TestBusinessDaysNeverGuessWithoutACalendar(t *testing.T) {
	cals := Default()
	t.Run("a jurisdiction without a calendar", func(t *testing.T) {
		_, err := cals.Get("JP")
		require.ErrorIs(t, err, ErrNoCalendar)
		require.ErrorContains(t, err, `"JP"`)
	})
	t.Run("a year the dates-only calendar does not cover", func(t *testing.T) {
		sg, err := cals.Get("SG")
		require.NoError(t, err)
		_, err = BusinessDays(at(t, "2026-12-30T04:00:00Z"), 3, sg)
		require.True(t, errors.Is(err, ErrNoCalendar), "%v", err)
		require.ErrorContains(t, err, "2027")
	})
}

func TestSECIsHalfPastFiveNewYorkTimeOnTheFourthBusinessDay(t *testing.T) {
	us, err := Default().Get("US")
	require.NoError(t, err)
	for _, tc := range []struct{ name, determined, want string }{
		{"a Friday determination skips the weekend", "2026-03-13T15:00:00Z", "2026-03-19T21:30:00Z"},
		{"a Saturday determination counts from Monday, Monday included", "2026-03-14T15:00:00Z", "2026-03-19T21:30:00Z"},
		{"23:59 ET on Monday is Monday's, though Tuesday in UTC", "2026-03-17T03:59:00Z", "2026-03-20T21:30:00Z"},
		{"the observed 4 July holiday (Friday 3 July 2026) is skipped", "2026-06-30T18:00:00Z", "2026-07-07T21:30:00Z"},
		{"after the November DST change 17:30 ET is 22:30Z", "2026-10-29T14:00:00Z", "2026-11-04T22:30:00Z"},
		{"Veterans Day is skipped", "2026-11-06T14:00:00Z", "2026-11-13T22:30:00Z"},
		{"the 9 January 2025 closure is skipped", "2025-01-06T14:00:00Z", "2025-01-13T22:30:00Z"},
		// Tue 23 counts; 24 (closed), 25 (Christmas) and 26 (closed) do not.
		{"the closures of 24 and 26 December 2025 are skipped", "2025-12-22T15:00:00Z", "2025-12-31T22:30:00Z"},
		{"the Christmas Eve 2020 closure is skipped", "2020-12-21T15:00:00Z", "2020-12-29T22:30:00Z"},
		{"year end with New Year's Day observed on 31 December", "2021-12-29T14:00:00Z", "2022-01-05T22:30:00Z"},
		{"Thanksgiving Day is skipped, the Friday after it is not", "2026-11-24T14:00:00Z", "2026-12-01T22:30:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SEC(at(t, tc.determined), us)
			require.NoError(t, err)
			require.Equal(t, at(t, tc.want), got)
		})
	}
}

func TestMonthsEndOnTheSameDateOrTheLastDayOfTheMonth(t *testing.T) {
	brussels := zone(t, "Europe/Brussels")
	for _, tc := range []struct {
		name, trigger string
		n             int
		want          string
	}{
		{"the same date a month later", "2026-03-15T10:00:00Z", 1, "2026-04-15T21:59:59Z"},
		{"31 January plus a month is 28 February", "2026-01-31T10:00:00Z", 1, "2026-02-28T22:59:59Z"},
		{"and 29 February in a leap year", "2028-01-31T10:00:00Z", 1, "2028-02-29T22:59:59Z"},
		{"across year end", "2026-12-15T10:00:00Z", 1, "2027-01-15T22:59:59Z"},
		{"the day is the local one", "2026-03-31T22:30:00Z", 1, "2026-05-01T21:59:59Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, at(t, tc.want), Months(at(t, tc.trigger), tc.n, brussels))
		})
	}
}

func TestCalendarFileIsStrict(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"an unknown key", "version: 1\ncalendars:\n  US: {zone: America/New_York, holidays: us_federal, weekend: [sat]}\n", "weekend"},
		{"an unknown holiday set", "version: 1\ncalendars:\n  XX: {zone: UTC, holidays: xx}\n", `"xx"`},
		{"a bad zone", "version: 1\ncalendars:\n  US: {zone: Mars/Olympus, holidays: us_federal}\n", "Mars/Olympus"},
		{"dates only without the years they cover", "version: 1\ncalendars:\n  SG: {zone: Asia/Singapore, closed: [{date: 2026-01-01, name: x}]}\n", "covers"},
		{"a closure without a reason", "version: 1\ncalendars:\n  US: {zone: America/New_York, holidays: us_federal, closed: [{date: 2026-01-02}]}\n", "name"},
		{"a wrong version", "version: 2\ncalendars: {}\n", "version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadCalendars([]byte(tc.doc))
			require.ErrorContains(t, err, tc.want)
		})
	}
	t.Run("the embedded file loads", func(t *testing.T) {
		_, err := LoadCalendars(defaultCalendars)
		require.NoError(t, err)
		require.Equal(t, []string{"BR", "EU-DE", "EU-FR", "EU-IE", "EU-NL", "SG", "UK", "US"}, Default().Codes())
	})
}

func TestMonthsSameTimeKeepTheClockTimeOfTheSubmission(t *testing.T) {
	for _, tc := range []struct {
		name, trigger, zone string
		n                   int
		want                string
	}{
		// Hand-computed: same date next month, same UTC clock time.
		{"the same date and time a month later", "2026-03-15T10:00:00Z", "UTC", 1, "2026-04-15T10:00:00Z"},
		{"31 January plus a month is 28 February at the same time", "2026-01-31T10:00:00Z", "UTC", 1, "2026-02-28T10:00:00Z"},
		{"and 29 February in a leap year", "2028-01-31T10:00:00Z", "UTC", 1, "2028-02-29T10:00:00Z"},
		{"across year end", "2026-12-15T10:00:00Z", "UTC", 1, "2027-01-15T10:00:00Z"},
		// 11:00 CET on 10 March; 11:00 CEST on 10 April (DST from 29 March) is 09:00Z.
		{"the clock time is the local one across a DST change", "2026-03-10T10:00:00Z", "Europe/Brussels", 1, "2026-04-10T09:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := MonthsSameTime(at(t, tc.trigger), tc.n, zone(t, tc.zone))
			require.Equal(t, at(t, tc.want), got)
			require.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestAfterYearEndCountsFromThirtyFirstDecember(t *testing.T) {
	ny := zone(t, "America/New_York")
	for _, tc := range []struct{ name, trigger, want string }{
		// 31 Dec 2027 + 60 days: 31 in January, 29 in February = 29 Feb 2028, 23:59:59 EST (UTC-5).
		{"a 2027 discovery is reported by 29 February 2028", "2027-06-15T12:00:00Z", "2028-03-01T04:59:59Z"},
		// 31 Dec 2026 + 60 days: 31 + 28 = 59 is 28 Feb, day 60 is 1 Mar 2027, 23:59:59 EST.
		{"a 2026 discovery is reported by 1 March 2027", "2026-06-15T12:00:00Z", "2027-03-02T04:59:59Z"},
		// 03:00Z on 1 Jan 2027 is 22:00 EST on 31 Dec 2026: a 2026 discovery.
		{"the year is the local one", "2027-01-01T03:00:00Z", "2027-03-02T04:59:59Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, at(t, tc.want), AfterYearEnd(at(t, tc.trigger), 60, ny))
		})
	}
}

func TestNextWorkingDayNoonRelievesOnlyWeekendsAndHolidays(t *testing.T) {
	cs := Default()
	for _, tc := range []struct{ name, cal, due, want string }{
		// Saturday 14 March 2026, Dublin (GMT): to Monday 16 March 12:00 GMT.
		{"a Saturday deadline moves to Monday noon", "EU-IE", "2026-03-14T10:00:00Z", "2026-03-16T12:00:00Z"},
		{"a working-day deadline stays", "EU-IE", "2026-03-16T10:00:00Z", "2026-03-16T10:00:00Z"},
		// Tuesday 17 March 2026 is St Patrick's Day: to Wednesday 18 March 12:00 GMT.
		{"a bank holiday deadline moves to the next working day", "EU-IE", "2026-03-17T09:00:00Z", "2026-03-18T12:00:00Z"},
		// 23:30Z on Friday 13 March is 00:30 CET on Saturday in Berlin: Monday 12:00 CET = 11:00Z.
		{"the day is the Member State's local one", "EU-DE", "2026-03-13T23:30:00Z", "2026-03-16T11:00:00Z"},
		// Saturday 4 July 2026 in Dublin (IST, UTC+1): Monday 6 July 12:00 IST = 11:00Z.
		{"noon is local summer time", "EU-IE", "2026-07-04T08:00:00Z", "2026-07-06T11:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := cs.Get(tc.cal)
			require.NoError(t, err)
			got, err := NextWorkingDayNoon(at(t, tc.due), c)
			require.NoError(t, err)
			require.Equal(t, at(t, tc.want), got)
		})
	}
}

func TestCalendarDaysInclusiveCountTheTriggerDay(t *testing.T) {
	tokyo := zone(t, "Asia/Tokyo")
	for _, tc := range []struct {
		name, trigger string
		n             int
		want          string
	}{
		// 10 March 23:20 JST is day 1; day 30 is 8 April, 23:59:59 JST = 14:59:59Z.
		{"day 30 counting the day of knowledge", "2026-03-10T14:20:00Z", 30, "2026-04-08T14:59:59Z"},
		// 15:30Z on 10 March is 00:30 JST on 11 March: day 1 is 11 March, day 3 is 13 March.
		{"the day is the local one", "2026-03-10T15:30:00Z", 3, "2026-03-13T14:59:59Z"},
		{"a period of one day ends on the trigger day", "2026-03-10T01:00:00Z", 1, "2026-03-10T14:59:59Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, at(t, tc.want), CalendarDaysInclusive(at(t, tc.trigger), tc.n, tokyo))
		})
	}
}
