import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  formatWeekdays,
  holidaysBetween,
  isAlsaceMoselle,
  parseWeekdays,
  publicHolidays,
  schoolYear,
  workingDays,
} from '../../src/domain/calendar.js';
import {
  dayDone,
  gratificationDue,
  hostKey,
  minorScheduleIssues,
  summariseAttendance,
  tutorConfirmationRefusal,
  type Absence,
} from '../../src/domain/attendance.js';

// Easter Monday, Ascension and Whit Monday as published by service-public.fr for 2024 to 2030.
const MOVABLE: Record<number, [string, string, string]> = {
  2024: ['2024-04-01', '2024-05-09', '2024-05-20'],
  2025: ['2025-04-21', '2025-05-29', '2025-06-09'],
  2026: ['2026-04-06', '2026-05-14', '2026-05-25'],
  2027: ['2027-03-29', '2027-05-06', '2027-05-17'],
  2028: ['2028-04-17', '2028-05-25', '2028-06-05'],
  2029: ['2029-04-02', '2029-05-10', '2029-05-21'],
  2030: ['2030-04-22', '2030-05-30', '2030-06-10'],
};

const absence = (date: string, extra: Partial<Absence> = {}): Absence => ({ date, hours: null, halfDay: false, reason: null, ...extra });

describe('public holidays', () => {
  for (const [year, [monday, ascension, whit]] of Object.entries(MOVABLE)) {
    it(`${year}: eleven holidays, Easter-based ones computed`, () => {
      const list = publicHolidays(Number(year));
      expect(list).toHaveLength(11);
      const byName = Object.fromEntries(list.map((h) => [h.name, h.date]));
      expect(byName['Lundi de Pâques']).toBe(monday);
      expect(byName['Ascension']).toBe(ascension);
      expect(byName['Lundi de Pentecôte']).toBe(whit);
      for (const fixed of ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25']) {
        expect(list.map((h) => h.date)).toContain(`${year}-${fixed}`);
      }
    });
  }

  it('Easter Sunday follows the Gregorian computus (known dates, including the extreme ones)', () => {
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2285)).toBe('2285-03-22');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('Alsace-Moselle adds Good Friday and 26 December, from the UAI', () => {
    expect(isAlsaceMoselle('0671234A')).toBe(true);
    expect(isAlsaceMoselle('0571234A')).toBe(true);
    expect(isAlsaceMoselle('0681234A')).toBe(true);
    expect(isAlsaceMoselle('0751234A')).toBe(false);
    expect(isAlsaceMoselle(null)).toBe(false);
    const list = publicHolidays(2026, true).map((h) => h.date);
    expect(list).toHaveLength(13);
    expect(list).toContain('2026-04-03');
    expect(list).toContain('2026-12-26');
  });
});

describe('working days', () => {
  it('a period spanning 1 and 8 May (and Ascension) loses those days', () => {
    // 2026: 1 May Friday, 8 May Friday, Ascension Thursday 14 May.
    const days = workingDays('2026-04-27', '2026-05-15');
    expect(days).not.toContain('2026-05-01');
    expect(days).not.toContain('2026-05-08');
    expect(days).not.toContain('2026-05-14');
    expect(days).toHaveLength(15 - 3);
    expect(holidaysBetween('2026-04-27', '2026-05-15').map((h) => h.name)).toEqual(['Fête du travail', 'Victoire 1945', 'Ascension']);
  });

  it('a period over a weekend counts Monday to Friday only, unless the period says otherwise', () => {
    expect(workingDays('2025-01-10', '2025-01-13')).toEqual(['2025-01-10', '2025-01-13']);
    expect(workingDays('2025-01-10', '2025-01-13', { weekdays: [1, 2, 3, 4, 5, 6] })).toEqual(['2025-01-10', '2025-01-11', '2025-01-13']);
  });

  it('weekday lists are read and written the French way', () => {
    expect(parseWeekdays('lun-ven')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekdays('mar,mer,jeu,ven,sam')).toEqual([2, 3, 4, 5, 6]);
    expect(parseWeekdays('lundi,foo')).toBeNull();
    expect(formatWeekdays([2, 3, 4, 5, 6])).toBe('mar-sam');
    expect(formatWeekdays([1, 3])).toBe('lun,mer');
  });

  it('school years run from September to August', () => {
    expect(schoolYear('2025-09-01')).toBe('2025-2026');
    expect(schoolYear('2026-08-31')).toBe('2025-2026');
  });
});

describe('attendance', () => {
  const days = workingDays('2025-01-13', '2025-01-24'); // two full weeks, no holiday

  it('no absence: every day done, 7 h a day by default', () => {
    expect(summariseAttendance({ plannedDays: days, absences: [], dailyHours: null })).toMatchObject({ daysPlanned: 10, daysDone: 10, hours: 70 });
  });

  it('a half-day absence counts half a day and half the daily hours', () => {
    const s = summariseAttendance({ plannedDays: days, absences: [absence('2025-01-15', { halfDay: true })], dailyHours: 8 });
    expect(s).toMatchObject({ daysPlanned: 10, daysDone: 9.5, hours: 76 });
  });

  it('a full day and some hours: hours counted exactly, days by the half-day rule', () => {
    const s = summariseAttendance({
      plannedDays: days,
      absences: [absence('2025-01-13'), absence('2025-01-14', { hours: 2 }), absence('2025-01-15', { hours: 5 })],
      dailyHours: 7,
    });
    expect(s.daysDone).toBe(10 - 1 - 0.5 - 1);
    expect(s.hours).toBe(70 - 7 - 2 - 5);
  });

  it('an absence on a weekend is outside the period and not counted', () => {
    const s = summariseAttendance({ plannedDays: days, absences: [absence('2025-01-18')], dailyHours: null });
    expect(s.daysDone).toBe(10);
    expect(s.outside.map((a) => a.date)).toEqual(['2025-01-18']);
  });

  it('dayDone: an absence of no hour leaves the whole day', () => {
    expect(dayDone({ hours: 0, halfDay: false }, 7)).toBe(1);
    expect(dayDone(undefined, 7)).toBe(1);
  });

  it("a minor's schedule over the limits of their age is flagged", () => {
    expect(minorScheduleIssues(days, 7)).toEqual([]);
    expect(minorScheduleIssues(days, 8)).toEqual(['40 h par semaine (au plus 35 h pour un mineur de 16 ans)']);
    expect(minorScheduleIssues(days, 8.5, 17)[0]).toBe('8,5 h par jour (au plus 8 h pour un mineur de 17 ans)');
    expect(minorScheduleIssues(workingDays('2026-05-04', '2026-05-08'), 8)).toEqual([]); // 8 May: 4 days × 8 h = 32 h
    // Under 16: 7 h a day; under 15: 30 h a week.
    expect(minorScheduleIssues(days, 7.5, 15)).toEqual(['7,5 h par jour (au plus 7 h pour un mineur de 15 ans)', '37,5 h par semaine (au plus 35 h pour un mineur de 15 ans)']);
    expect(minorScheduleIssues(days, 7, 14)).toEqual(['35 h par semaine (au plus 30 h pour un mineur de 14 ans)']);
  });
});

describe('gratification', () => {
  it('is due from the 309th hour (more than 44 days of 7 h)', () => {
    expect(gratificationDue(308)).toBe(false);
    expect(gratificationDue(308.5)).toBe(true);
  });

  it('counts the same host by SIRET, else by name and postcode', () => {
    expect(hostKey({ siret: '123 456 789 00012', name: 'A', postalCode: '1' })).toBe('siret:12345678900012');
    expect(hostKey({ name: 'Usinage  Martin SARL', postalCode: '69 100' })).toBe(hostKey({ name: 'USINAGE MARTIN SARL', postalCode: '69100' }));
    expect(hostKey({ name: 'Usinage Martin', postalCode: '69100' })).not.toBe(hostKey({ name: 'Usinage Martin', postalCode: '69200' }));
    expect(hostKey({ name: null, postalCode: null })).toBeNull();
  });
});

describe("the tutor's confirmation", () => {
  it('is refused before the period\'s last day, offered from it on', () => {
    expect(tutorConfirmationRefusal('2025-03-28', '2025-03-27')).toBe('la présence se confirme à partir du dernier jour de la période (28/03/2025)');
    expect(tutorConfirmationRefusal('2025-03-28', '2025-03-28')).toBeNull();
    expect(tutorConfirmationRefusal('2025-03-28', '2026-01-05')).toBeNull();
  });
});
