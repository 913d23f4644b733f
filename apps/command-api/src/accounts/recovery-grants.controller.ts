import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import type { CommandContext } from '@acc/application';
import { RECOVERY_GRANT_USES } from '@acc/accounts-domain';
import { Ctx } from '../http/command-context.decorator';
import { accountId } from '../http/params';
import { bool, dateTime, nullable, object, str, uin, Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';

export class RecoveryLoginEmailDto {
  @ApiProperty({ maxLength: 254, example: 'alice@example.com' })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ description: '8-20 characters with upper, lower, digit and punctuation (CRED-1)', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  password!: string;

  @ApiProperty({ description: '6-digit code sent to the email (purpose `bind`)', example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'emailCode must be 6 digits' })
  emailCode!: string;
}

export class RecoveryPhoneProtectionDto {
  @ApiProperty({ description: 'the new security phone (E.164)', example: '+8613800138000', maxLength: 20 })
  @IsString()
  @MaxLength(20)
  phone!: string;

  @ApiProperty({ description: '6-digit code sent to the new phone (POST /v1/accounts/{id}/contact-codes)', example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

const grant: Record<string, SchemaObject> = {
  accountId: uin,
  caseCode: str(),
  issuedAt: dateTime,
  expiresAt: dateTime,
  used: { type: 'array', items: str({ enum: [...RECOVERY_GRANT_USES] }) },
  expired: bool,
};
const protection = object({ method: str(), enabled: bool });
const GRANT = object(grant, {}, 'RecoveryGrant');
const EMAIL_ADDED = object({ ...grant, loginEmail: nullable(str({ description: 'masked' })) }, {}, 'RecoveryGrantLoginEmail');
const PHONE_SWITCHED = object({ ...grant, securityPhone: nullable(str({ description: 'masked' })), loginProtection: protection, operationProtection: protection }, {}, 'RecoveryGrantPhoneProtection');
const REFUSALS = '403 `RECOVERY_GRANT_NOT_FOUND`, `RECOVERY_GRANT_EXPIRED` (24 h after the approval); 409 `RECOVERY_GRANT_ALREADY_USED`';

/** REC-2: the changes an approved enterprise recovery allows, once each, for 24 hours. */
@ApiTags('recovery')
@ApiBearerAuth()
@Controller('v1/accounts/:accountId/recovery-grants')
export class RecoveryGrantsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Get()
  @RequireScope('accounts:read')
  @Returns(GRANT)
  @ApiOperation({ summary: 'The account’s recovery grant: its case, expiry and the uses taken. 404 `RECOVERY_GRANT_NOT_FOUND`' })
  view(@Param('accountId') id: string) {
    return this.system.recoveryGrants.view(accountId(id));
  }

  @Post('login-email')
  @RequireScope('security:write')
  @Returns(EMAIL_ADDED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a login email no account uses, with a password and its email code (once)', description: `Refusals: ${REFUSALS}; the identity limits of the email (a used email); the code’s.` })
  addLoginEmail(@Param('accountId') id: string, @Body() body: RecoveryLoginEmailDto, @Ctx() ctx: CommandContext) {
    return this.system.recoveryGrants.addLoginEmail(accountId(id), body, ctx);
  }

  @Post('phone-protection')
  @RequireScope('security:write')
  @Returns(PHONE_SWITCHED)
  @HttpCode(200)
  @ApiOperation({ summary: 'A new security phone, and login and operation protection by its SMS code (once)', description: `Refusals: ${REFUSALS}; the phone’s identity limits; the code’s.` })
  switchToPhone(@Param('accountId') id: string, @Body() body: RecoveryPhoneProtectionDto, @Ctx() ctx: CommandContext) {
    return this.system.recoveryGrants.switchToPhoneProtection(accountId(id), body, ctx);
  }
}
