import { InvalidArgumentError } from 'commander';
import { type Moment, parseMoment } from '@acc/analysis';
import { DomainErrorException } from '@acc/kernel';

/** Commander parsers: a bad value is a usage error (exit 2) with commander's message. */
export function momentOption(what: string): (raw: string) => Moment {
  return (raw) => {
    try {
      return parseMoment(raw, what);
    } catch (error) {
      if (error instanceof DomainErrorException) throw new InvalidArgumentError(error.error.message);
      throw error;
    }
  };
}

export function positionOption(raw: string): number {
  if (!/^\d{1,15}$/.test(raw.trim())) throw new InvalidArgumentError('a position is a non-negative integer');
  return Number(raw);
}

export function listOption(raw: string, previous: string[] = []): string[] {
  return [...previous, ...raw.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** Global options every command sees (set on the program). */
export interface GlobalOptions {
  readonly quiet?: boolean;
}
