import { domainError, DomainErrorException } from '@acc/kernel';
import { CORP_ID, WECOM_USER_ID } from './dto';

const invalid = (code: string, message: string) => new DomainErrorException(domainError('validation', code, message));

/** The `:corpId` path parameter: a WeCom corp id, else 400 INVALID_CORP_ID. */
export function corpId(raw: string): string {
  if (!CORP_ID.test(raw)) throw invalid('INVALID_CORP_ID', 'a corp id is 1-64 letters, digits, _ or -');
  return raw;
}

export function weComUserId(raw: string): string {
  if (!WECOM_USER_ID.test(raw)) throw invalid('INVALID_WECOM_USER_ID', 'a WeCom user id is 1-64 letters, digits, _ . @ or -');
  return raw;
}

/** Application ids are `sua_` and 32 hex digits. */
export function applicationId(raw: string): string {
  if (!/^sua_[0-9a-f]{32}$/.test(raw)) throw invalid('INVALID_APPLICATION_ID', 'an application id is sua_ and 32 hex digits');
  return raw;
}
