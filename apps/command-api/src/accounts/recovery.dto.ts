import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { SchemaObject } from '@nestjs/swagger';
import { RECOVERY_PROOF_KINDS, RECOVERY_REASON_MAX_LENGTH } from '@acc/accounts-domain';
import { dateTime, nullable, object, str, uin } from '../http/openapi-responses';

const text = (description: string, maxLength = 128) => ({ description, maxLength });
const opt = () => [IsOptional(), IsString(), IsNotEmpty()];
const apply = (target: object, key: string, decorators: PropertyDecorator[]) => decorators.forEach((d) => d(target, key));

/** One proof of REC-1; which fields a kind needs is checked by the use case (400 `RECOVERY_PROOF_INCOMPLETE`). */
export class StartRecoveryDto {
  @ApiProperty({ enum: RECOVERY_PROOF_KINDS })
  @IsIn(RECOVERY_PROOF_KINDS)
  kind!: (typeof RECOVERY_PROOF_KINDS)[number];

  @ApiPropertyOptional(text('security_phone, case_progress: the phone', 32)) @MaxLength(32) phone?: string;
  @ApiPropertyOptional(text('domain: the domain; icp_filing: the filing number or its domain; public_ip: the IP', 253)) @MaxLength(253) value?: string;
  @ApiPropertyOptional({ enum: ['cvm', 'lighthouse'], description: 'public_ip: a cloud server or a lightweight server' }) @IsOptional() @IsIn(['cvm', 'lighthouse']) server?: 'cvm' | 'lighthouse';
  @ApiPropertyOptional({ description: 'account_id: the account', pattern: '^[1-9]\\d{11}$' }) @IsOptional() @Matches(/^[1-9]\d{11}$/, { message: 'accountId must be a 12-digit UIN' }) accountId?: string;
  @ApiPropertyOptional({ enum: ['phone_code', 'face'], description: 'account_id: confirmed by a code to its security phone (default) or a face verification' }) @IsOptional() @IsIn(['phone_code', 'face']) method?: 'phone_code' | 'face';
  @ApiPropertyOptional(text('personal: the subject’s name')) @MaxLength(128) name?: string;
  @ApiPropertyOptional(text('personal: the ID number', 32)) @MaxLength(32) idNumber?: string;
  @ApiPropertyOptional(text('enterprise: the company name')) @MaxLength(128) companyName?: string;
  @ApiPropertyOptional(text('enterprise: the unified social credit code', 32)) @MaxLength(32) creditCode?: string;
  @ApiPropertyOptional(text('enterprise: the legal person’s name')) @MaxLength(128) legalPersonName?: string;
  @ApiPropertyOptional(text('enterprise: the legal person’s ID number', 32)) @MaxLength(32) legalPersonIdNumber?: string;
  @ApiPropertyOptional(text('enterprise: why (personal data)', RECOVERY_REASON_MAX_LENGTH)) @MaxLength(RECOVERY_REASON_MAX_LENGTH) reason?: string;
  @ApiPropertyOptional(text('case_progress: the case code', 16)) @MaxLength(16) caseCode?: string;
}
for (const key of ['phone', 'value', 'name', 'idNumber', 'companyName', 'creditCode', 'legalPersonName', 'legalPersonIdNumber', 'reason', 'caseCode']) apply(StartRecoveryDto.prototype, key, opt());

export class RecoveryCodeDto {
  @ApiProperty({ description: 'the 6-digit code sent by SMS', pattern: '^\\d{6}$' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class RecoveryFaceDto {
  @ApiProperty({ description: 'HS256 JWT of the face gateway (ACC_FACE_GATEWAY_SECRET) with `sub` the request id', maxLength: 8192 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  assertion!: string;
}

export class RecoveryContactPhoneDto {
  @ApiProperty({ description: 'the enterprise’s contact phone', maxLength: 32 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  phone!: string;
}

export class PutOwnedResourceDto {
  @ApiProperty({ pattern: '^[1-9]\\d{11}$' })
  @Matches(/^[1-9]\d{11}$/, { message: 'accountId must be a 12-digit UIN' })
  accountId!: string;

  @ApiPropertyOptional({ description: 'icp_filing: the filed domain (the filing is found by either)', maxLength: 253 })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  domain?: string;

  @ApiPropertyOptional({ enum: ['cvm', 'lighthouse'], description: 'public_ip: the server type' })
  @IsOptional()
  @IsIn(['cvm', 'lighthouse'])
  server?: 'cvm' | 'lighthouse';
}

// Success bodies. Until a request is confirmed they hold only the request id and the next step.

const requestId = str({ pattern: '^[a-z2-9]{26}$', description: 'the recovery request’s id' });
const next = str({ enum: ['confirm_code', 'face_verification', 'legal_person_face_verification', 'contact_phone', 'review', 'done'] });
const account: SchemaObject = object({
  accountId: uin,
  loginMethods: { type: 'array', items: object({ type: str(), masked: str() }) },
  realName: nullable(object({ kind: str({ enum: ['personal', 'enterprise'] }), name: str({ description: 'masked' }), number: str({ description: 'masked' }) })),
});
const accounts = { type: 'array', items: account } as SchemaObject;

export const RECOVERY_STARTED = object({ requestId, next }, {}, 'RecoveryStarted');
export const RECOVERY_STEP = object(
  { requestId, next },
  {
    accounts: { ...accounts, description: 'after a passed face verification: the accounts found (maybe none)' },
    reviewCase: object({ caseCode: str(), dueAt: dateTime }),
    progress: nullable(object({ caseCode: str(), status: str({ enum: ['under_review', 'approved', 'rejected'] }), dueAt: dateTime, accounts })),
  },
  'RecoveryStep',
);
export const OWNED_RESOURCE_PUT = object({ kind: str(), values: { type: 'array', items: str() }, accountId: uin }, {}, 'OwnedResourcePut');
export const OWNED_RESOURCE_REMOVED = object({ kind: str(), value: str(), removed: { type: 'boolean' } }, {}, 'OwnedResourceRemoved');
