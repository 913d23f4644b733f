import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { LOGIN_METHOD_TYPES, type LoginMethodType, type ProtectionKind } from '@acc/accounts-domain';
import { domainError, DomainErrorException } from '@acc/kernel';
import { Ctx } from '../http/command-context.decorator';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import {
  BindEmailDto,
  BindProviderDto,
  ConfirmIdentityVerificationDto,
  ConfirmWeChatScanDto,
  OfficialAccountGrantDto,
  SetProtectionDto,
  StartIdentityVerificationDto,
  VerifiedRequestDto,
} from './dto';
import { accountId } from '../http/params';
import { RequireScope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { LOGIN_METHODS, LOGIN_METHODS_CHANGED, PROTECTION_CHANGED, SCAN_CONFIRMED, VERIFICATION_GRANTED, VERIFICATION_STARTED } from './responses';

const invalid = (code: string, message: string) => new DomainErrorException(domainError('validation', code, message));


function methodType(raw: string): LoginMethodType {
  if (!(LOGIN_METHOD_TYPES as readonly string[]).includes(raw)) throw invalid('INVALID_LOGIN_METHOD', `login method types: ${LOGIN_METHOD_TYPES.join(', ')}`);
  return raw as LoginMethodType;
}

const PROTECTIONS: Record<string, ProtectionKind> = { login: 'login', operation: 'operation', 'remote-login': 'remote_login' };

@ApiTags('login methods')
@ApiBearerAuth()
@Controller('v1/accounts/:accountId')
export class LoginMethodsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('identity-verifications')
  @RequireScope('security:write')
  @Returns(VERIFICATION_STARTED)
  @HttpCode(202)
  @ApiOperation({ summary: 'Start identity verification: a code to the security phone, or the registration email (SEC-1)' })
  startVerification(@Param('accountId') id: string, @Body() body: StartIdentityVerificationDto, @Ctx() ctx: CommandContext) {
    return this.system.identityVerification.start(accountId(id), body, ctx);
  }

  @Post('identity-verifications/confirm')
  @RequireScope('security:write')
  @Returns(VERIFICATION_GRANTED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm identity verification with the code: returns a verification token for sensitive changes' })
  confirmVerification(@Param('accountId') id: string, @Body() body: ConfirmIdentityVerificationDto, @Ctx() ctx: CommandContext) {
    return this.system.identityVerification.confirm(accountId(id), body, ctx);
  }

  @Post('wechat-scans/confirm')
  @RequireScope('gateway')
  @Returns(SCAN_CONFIRMED)
  @HttpCode(200)
  @ApiOperation({ summary: 'For the WeChat gateway: the challenge QR code was scanned and confirmed by this WeChat (SEC-1)' })
  confirmScan(@Param('accountId') id: string, @Body() body: ConfirmWeChatScanDto, @Ctx() ctx: CommandContext) {
    accountId(id);
    if (!body.challengeId.startsWith(`${id}.`)) throw invalid('CHALLENGE_MISMATCH', 'the challenge does not belong to this account');
    return this.system.identityVerification.confirmScan(body, ctx);
  }

  @Get('login-methods')
  @RequireScope('accounts:read')
  @Returns(LOGIN_METHODS)
  @ApiOperation({ summary: 'The login-methods table: each type with state, masked identity and registration flag (LM-5)' })
  view(@Param('accountId') id: string) {
    return this.system.loginMethods.view(accountId(id));
  }

  @Post('login-methods')
  @RequireScope('security:write')
  @Returns(LOGIN_METHODS_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind WeChat, QQ, WeCom or an Official Account (LM-1)' })
  bindProvider(@Param('accountId') id: string, @Body() body: BindProviderDto, @Ctx() ctx: CommandContext) {
    return this.system.loginMethods.bindProvider(accountId(id), body, ctx, false);
  }

  @Post('login-methods/email')
  @RequireScope('security:write')
  @Returns(LOGIN_METHODS_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind a login email with a password and the email code (LM-1)' })
  bindEmail(@Param('accountId') id: string, @Body() body: BindEmailDto, @Ctx() ctx: CommandContext) {
    return this.system.loginMethods.bindEmail(accountId(id), body, ctx, false);
  }

  @Put('login-methods/email')
  @RequireScope('security:write')
  @Returns(LOGIN_METHODS_CHANGED)
  @ApiOperation({ summary: 'Replace the login email (LM-3)' })
  replaceEmail(@Param('accountId') id: string, @Body() body: BindEmailDto, @Ctx() ctx: CommandContext) {
    return this.system.loginMethods.bindEmail(accountId(id), body, ctx, true);
  }

  @Put('login-methods/:type')
  @RequireScope('security:write')
  @Returns(LOGIN_METHODS_CHANGED)
  @ApiOperation({ summary: 'Replace a third-party login method with another identity (LM-3)' })
  replaceProvider(@Param('accountId') id: string, @Param('type') type: string, @Body() body: BindProviderDto, @Ctx() ctx: CommandContext) {
    if (methodType(type) !== body.provider) throw invalid('LOGIN_METHOD_MISMATCH', 'the assertion\u2019s provider must match the login method replaced');
    return this.system.loginMethods.bindProvider(accountId(id), body, ctx, true);
  }

  @Post('login-methods/official_account/re-authorisation')
  @RequireScope('security:write')
  @Returns(LOGIN_METHODS_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-authorise a stale Official Account binding with a fresh assertion for the same Official Account (LM-6)' })
  reauthorise(@Param('accountId') id: string, @Body() body: OfficialAccountGrantDto, @Ctx() ctx: CommandContext) {
    return this.system.loginMethods.reauthorise(accountId(id), body, ctx);
  }

  @Post('login-methods/:type/unbind')
  @RequireScope('security:write')
  @Returns(LOGIN_METHODS_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Unbind a login method that is not the registration method (LM-3)' })
  unbind(@Param('accountId') id: string, @Param('type') type: string, @Body() body: VerifiedRequestDto, @Ctx() ctx: CommandContext) {
    return this.system.loginMethods.unbind(accountId(id), methodType(type), body.verificationToken, ctx);
  }

  @Post('registration-method/unbind')
  @RequireScope('security:write')
  @Returns(LOGIN_METHODS_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'UnbindRegistrationMethod: every precondition checked, each failure with its own code (LM-4)' })
  unbindRegistration(@Param('accountId') id: string, @Body() body: VerifiedRequestDto, @Ctx() ctx: CommandContext) {
    return this.system.loginMethods.unbindRegistrationMethod(accountId(id), body.verificationToken, ctx);
  }

  @Put('protection/:kind')
  @RequireScope('security:write')
  @Returns(PROTECTION_CHANGED)
  @ApiOperation({ summary: 'Set login, operation or remote-login protection (none / mfa / sms / wechat_scan)' })
  setProtection(@Param('accountId') id: string, @Param('kind') kind: string, @Body() body: SetProtectionDto, @Ctx() ctx: CommandContext) {
    const protection = PROTECTIONS[kind];
    if (!protection) throw invalid('INVALID_PROTECTION', 'protection kinds: login, operation, remote-login');
    return this.system.loginMethods.setProtection(accountId(id), { protection, ...body }, ctx);
  }
}
