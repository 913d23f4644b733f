import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { domainError, DomainErrorException } from '@acc/kernel';
import { Ctx } from '../http/command-context.decorator';
import { SecretResponse } from '../http/idempotency.interceptor';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { AnswerLoginChallengeDto, PasswordLoginDto, ProviderLoginDto, SendLoginCodeDto } from './login.dto';
import { RequireScope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { LOGIN_CODE_SENT, LOGIN_RESULT } from './responses';

function challengeId(raw: string): string {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) throw new DomainErrorException(domainError('validation', 'INVALID_CHALLENGE_ID', 'not a login challenge id'));
  return raw;
}

/**
 * Login (SEC-10) for the console's login gateway. Answers are `{status: 'authenticated', session}`
 * or `{status: 'challenge', challengeId, required}`; both carry secrets (session token, challenge id),
 * so they are never recorded for idempotent replay.
 */
@ApiTags('login')
@ApiBearerAuth()
@Controller('v1/logins')
export class LoginController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('password')
  @RequireScope('login')
  @Returns(LOGIN_RESULT)
  @HttpCode(200)
  @SecretResponse()
  @ApiOperation({ summary: 'Log in with the login email and password; an unknown email fails exactly like a wrong password (SEC-10)' })
  password(@Body() body: PasswordLoginDto, @Ctx() ctx: CommandContext) {
    return this.system.logins.loginWithPassword(body, ctx);
  }

  @Post('provider')
  @RequireScope('login')
  @Returns(LOGIN_RESULT)
  @HttpCode(200)
  @SecretResponse()
  @ApiOperation({ summary: 'Log in with a provider assertion (WeChat, QQ, WeCom, Official Account); pick accountId when the identity has several' })
  provider(@Body() body: ProviderLoginDto, @Ctx() ctx: CommandContext) {
    return this.system.logins.loginWithProvider(body, ctx);
  }

  @Post(':challengeId/answer')
  @RequireScope('login')
  @Returns(LOGIN_RESULT)
  @HttpCode(200)
  @SecretResponse()
  @ApiOperation({ summary: 'Answer a login challenge: MFA/SMS/email code or WeChat-scan assertion (SEC-4, SEC-7)' })
  answer(@Param('challengeId') id: string, @Body() body: AnswerLoginChallengeDto, @Ctx() ctx: CommandContext) {
    return this.system.logins.answer(challengeId(id), body, ctx);
  }

  @Post(':challengeId/codes')
  @RequireScope('login')
  @Returns(LOGIN_CODE_SENT)
  @HttpCode(202)
  @SecretResponse()
  @ApiOperation({ summary: 'Send the challenge code again, or by the alternative method (SMS or email)' })
  sendCode(@Param('challengeId') id: string, @Body() body: SendLoginCodeDto, @Ctx() ctx: CommandContext) {
    return this.system.logins.sendChallengeCode(challengeId(id), body, ctx);
  }
}
