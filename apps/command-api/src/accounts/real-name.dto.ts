import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { SchemaObject } from '@nestjs/swagger';
import { REAL_NAME_SUBJECT_KINDS } from '@acc/accounts-domain';
import { dateTime, int, nullable, object, position, str, uin } from '../http/openapi-responses';

export class VerifyRealNameDto {
  @ApiProperty({ description: 'HS256 JWT signed by the real-name verification gateway (ACC_REALNAME_GATEWAY_SECRET) for this account', maxLength: 8192 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  assertion!: string;
}

// Success bodies of the real-name routes: masked names and numbers only.

const masked = (description: string) => str({ description: `masked ${description}` });

const realNameFields: Record<string, SchemaObject> = {
  accountId: uin,
  status: str({ enum: ['unverified', 'personal', 'enterprise'] }),
  subject: nullable(object({ kind: str({ enum: [...REAL_NAME_SUBJECT_KINDS] }), name: masked('name'), number: masked('ID number or unified social credit code') })),
  legalPerson: nullable(object({ name: masked('name'), idNumber: masked('ID number') })),
  verifiedAt: nullable(dateTime),
  nextChangeAllowedAt: nullable({ ...dateTime, description: 'earliest time of another subject change (personal → enterprise is allowed at any time)' }),
  revision: int(),
};

export const REAL_NAME = object(realNameFields, {}, 'RealName');
export const REAL_NAME_CHANGED = object({ ...realNameFields, position }, {}, 'RealNameChanged');
