// Package deadline is the deadline arithmetic of the regulation catalog: pure
// functions of a trigger instant, a period, a time zone and a holiday
// calendar. It reads no clock and does no I/O.
//
// Each function implements one of the conventions numbered at the top of
// REGULATIONS.md ("Conventions the engine follows") and says which:
//
//   - [Hours]: elapsed hours (convention 2), never rolled to a working day.
//   - [CalendarDays]: calendar days, trigger day excluded, ending 23:59:59
//     in the regulator's zone (convention 3).
//   - [BusinessDays]: business or working days that skip weekends and the
//     jurisdiction's public holidays (convention 4).
//   - [SEC]: 17:30 America/New_York on the 4th business day (convention 5).
//   - [Months]: calendar months (Reg. (EEC, Euratom) 1182/71 Art. 3(2)(c)).
//   - [CalendarDaysInclusive]: calendar days counting the trigger day, where
//     the counting rule is unsettled (APPI).
//   - [MonthsSameTime]: calendar months to the trigger's clock time (NIS2
//     and DORA final reports, REGULATIONS.md §6).
//   - [AfterYearEnd]: days after the end of the trigger's calendar year
//     (HIPAA annual log, §17.6).
//   - [NextWorkingDayNoon]: DORA's weekend relief, the one roll-forward.
//
// Results are instants; callers render them in UTC (convention 1). A period
// that ends on a weekend or holiday is never moved forward, except by
// [NextWorkingDayNoon] where the catalog grants DORA's relief: the
// roll-forward rules are regime-specific and disputed (REGULATIONS.md
// §17.14), so the earliest defensible end is returned and the catalog notes
// the choice.
package deadline
