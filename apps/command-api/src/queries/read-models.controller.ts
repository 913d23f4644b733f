import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Consistency } from '@acc/accounts-read-models';
import { AuditLogQueryDto, ConsistencyQueryDto, MAX_WAIT_MS } from './dto';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { readAuditLog, readOrUnavailable, ReadUnavailable } from './queries';
import { accountId } from '../http/params';
import { RequireScope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { READ_AUDIT_LOG, READ_LOGIN_METHODS, READ_PROFILE, READ_SECURITY, READ_STATUS } from './responses';


function consistency(q: ConsistencyQueryDto): Consistency {
  return q.waitForPosition === undefined ? {} : { waitForPosition: Number(q.waitForPosition), timeoutMs: q.waitMs === undefined ? MAX_WAIT_MS : Number(q.waitMs) };
}

/**
 * Read models (CQRS query side). Every answer is `{ position, data }`: `position` is the
 * event-store position the read model has reached (null: nothing projected yet). Pass a
 * command's `position` as `waitForPosition` to read your own write; if the read model does
 * not get there within `waitMs` the answer is 503 READ_MODEL_BEHIND (with Retry-After).
 */
@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1/read/accounts/:accountId')
export class ReadModelsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  private async ask<T>(reply: FastifyReply, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (error instanceof ReadUnavailable) void reply.header('retry-after', '1');
      throw error;
    }
  }

  @Get()
  @RequireScope('accounts:read')
  @Returns(READ_PROFILE)
  @ApiOperation({ summary: 'Account profile from the read model: UIN, APPID, nickname, industry, verification status, status, registration method and time, masked security phone (REG-4)' })
  profile(@Param('accountId') id: string, @Query() q: ConsistencyQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.ask(reply, () => readOrUnavailable(() => this.system.readSide.queries.profile(accountId(id), consistency(q))));
  }

  @Get('login-methods')
  @RequireScope('accounts:read')
  @Returns(READ_LOGIN_METHODS)
  @ApiOperation({ summary: 'Login-method table: the five types with state, masked identity and registration flag (LM-5)' })
  loginMethods(@Param('accountId') id: string, @Query() q: ConsistencyQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.ask(reply, () => readOrUnavailable(() => this.system.readSide.queries.loginMethods(accountId(id), consistency(q))));
  }

  @Get('security')
  @RequireScope('accounts:read')
  @Returns(READ_SECURITY)
  @ApiOperation({ summary: 'Security-settings page from the read model: MFA, masked security phone/email, password set and age, protections, session policy' })
  security(@Param('accountId') id: string, @Query() q: ConsistencyQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.ask(reply, () => readOrUnavailable(() => this.system.readSide.queries.securityView(accountId(id), this.system.clock.now(), consistency(q))));
  }

  @Get('audit-log')
  @RequireScope('audit:read')
  @Returns(READ_AUDIT_LOG)
  @ApiOperation({ summary: 'Audit log of the account (account, login and session events): actor, source IP, time, type, summary; paged by cursor (X-1, X-7)' })
  auditLog(@Param('accountId') id: string, @Query() q: AuditLogQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const query = {
      from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
      to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
      types: q.types?.split(','),
      limit: q.limit === undefined ? 50 : Number(q.limit),
      cursor: q.cursor === undefined ? undefined : Number(q.cursor),
      order: q.order ?? 'desc',
    } as const;
    return this.ask(reply, () => readAuditLog(this.system, accountId(id), query, consistency(q)));
  }
}

@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1/read')
export class ReadStatusController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Get('status')
  @RequireScope('admin')
  @Returns(READ_STATUS)
  @ApiOperation({ summary: 'Where each read model stands: version and event-store position reached; in-process: caught up or not, last retried failure' })
  async status() {
    try {
      return await this.system.readSide.status();
    } catch {
      throw new ReadUnavailable('READ_STORE_UNAVAILABLE', 'the read models cannot be read right now; retry shortly');
    }
  }
}
