import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { VerifiedRequestDto } from '../accounts/dto';
import { Ctx } from '../http/command-context.decorator';
import { SecretResponse } from '../http/idempotency.interceptor';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { SessionPolicyDto, SessionTokenDto } from './login.dto';
import { accountId } from '../http/params';
import { RequireScope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { ALL_LOGGED_OUT, LOGGED_OUT, SESSIONS, SESSION_POLICY_SET, SESSION_VALIDITY } from './responses';


/** Sessions (SEC-8, SEC-9): validation for the console gateway, the account's list, log out all, the session policy. */
@ApiTags('sessions')
@ApiBearerAuth()
@Controller('v1')
export class SessionsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('sessions/validate')
  @RequireScope('login')
  @Returns(SESSION_VALIDITY)
  @HttpCode(200)
  // Never replayed from an idempotency record: a validation answers for now.
  @SecretResponse()
  @ApiOperation({ summary: 'Is this session valid now? `{valid, ...}`; a valid one counts as activity (refreshed at most once a minute)' })
  validate(@Body() body: SessionTokenDto, @Ctx() ctx: CommandContext) {
    return this.system.sessions.validate(body.sessionToken, ctx);
  }

  @Post('sessions/logout')
  @RequireScope('login')
  @Returns(LOGGED_OUT)
  @HttpCode(200)
  @SecretResponse()
  @ApiOperation({ summary: 'End this session' })
  logout(@Body() body: SessionTokenDto, @Ctx() ctx: CommandContext) {
    return this.system.sessions.logout(body.sessionToken, ctx);
  }

  @Get('accounts/:accountId/sessions')
  @RequireScope('accounts:read')
  @Returns(SESSIONS)
  @ApiOperation({ summary: 'The account\u2019s active sessions (no tokens)' })
  list(@Param('accountId') id: string) {
    return this.system.sessions.list(accountId(id));
  }

  @Post('accounts/:accountId/sessions/logout-all')
  @RequireScope('security:write')
  @Returns(ALL_LOGGED_OUT)
  @HttpCode(200)
  @ApiOperation({ summary: 'Log out all sessions, the current one included, after identity verification (SEC-9)' })
  logOutAll(@Param('accountId') id: string, @Body() body: VerifiedRequestDto, @Ctx() ctx: CommandContext) {
    return this.system.sessions.logOutAll(accountId(id), body.verificationToken, ctx);
  }

  @Put('accounts/:accountId/session-policy')
  @RequireScope('security:write')
  @Returns(SESSION_POLICY_SET)
  @ApiOperation({ summary: 'Session policy: idle timeout 15-720 min, lifetime 1-48 h, after IDV; applies from the next login (SEC-8)' })
  setPolicy(@Param('accountId') id: string, @Body() body: SessionPolicyDto, @Ctx() ctx: CommandContext) {
    return this.system.sessions.setPolicy(accountId(id), body, ctx);
  }
}
