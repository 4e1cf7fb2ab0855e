/**
 * The configured IANA zone if this browser knows it, or undefined (the browser's own).
 * The server checks zones against Node's ICU; an older TV browser may lack a newer
 * zone (such as `Europe/Kyiv`), and then `Intl` throws a RangeError for it.
 */
export function usableTimeZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    console.warn(`Livewall: this browser does not know the time zone "${zone}"; showing its own.`);
    return undefined;
  }
}
