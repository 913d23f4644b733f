/** Time arithmetic on ISO-8601 instants (the form commands and events carry time in). */

/** Milliseconds since the epoch of an ISO-8601 instant. */
export const ms = (iso: string): number => new Date(iso).getTime();

export const plusSeconds = (iso: string, seconds: number): string => new Date(ms(iso) + seconds * 1000).toISOString();

export const plusMinutes = (iso: string, minutes: number): string => new Date(ms(iso) + minutes * 60_000).toISOString();
