import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandContext } from '@acc/application';
import { ReadModelBehindError } from '@acc/accounts-read-models';
import { OrganizationReadQueries } from '@acc/organizations-read-models';
import { CheckpointPositions } from '@acc/read-store';
import { Ctx } from '../http/command-context.decorator';
import { Returns } from '../http/openapi-responses';
import { accountId } from '../http/params';
import { RequireScope } from '../http/scopes';
import { ConsistencyQueryDto, MAX_WAIT_MS } from '../queries/dto';
import { readOrUnavailable, ReadUnavailable } from '../queries/queries';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { ActingForDto, ApplicationsQueryDto, ApproveApplicationDto } from './dto';
import { actingFor } from './organizations.controller';
import { applicationId, corpId } from './params';
import { APPLICATION, READ_APPLICATIONS, READ_ORGANIZATION, READ_SUB_USERS } from './responses';

const DECIDE = '403 `APPROVER_NOT_ADMIN`, `ACTOR_NOT_SUB_USER`; 404 `APPLICATION_NOT_FOUND`; 409 `APPLICATION_ALREADY_DECIDED`; 422 `APPLICATION_LINK_EXPIRED` (the link is valid 4 hours)';

/** ORG-3: the bound account's admin (main account or CAM admin) decides an application. */
@ApiTags('WeCom organisations')
@ApiBearerAuth()
@Controller('v1/sub-user-applications')
export class SubUserApplicationsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post(':applicationId/approval')
  @RequireScope('accounts:write')
  @Returns(APPLICATION)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve: the member becomes a sub-user with these policies and groups; optionally the WeCom admin becomes a CAM admin (ORG-3)',
    description: `Refusals: 400 \`UNKNOWN_POLICY\`, \`INVALID_GROUP\`; ${DECIDE}; 409 \`IDENTITY_SUB_USER_OF_ANOTHER_ACCOUNT\`; 422 \`APPLICATION_NOT_OPEN\` (the member left the range).`,
  })
  approve(@Param('applicationId') id: string, @Body() body: ApproveApplicationDto, @Ctx() ctx: CommandContext) {
    const input = { actingFor: actingFor(body), policies: body.policies, groups: body.groups, weComAdminAsCamAdmin: body.weComAdminAsCamAdmin ?? false };
    return this.system.organizations.applications.approve(applicationId(id), input, ctx);
  }

  @Post(':applicationId/rejection')
  @RequireScope('accounts:write')
  @Returns(APPLICATION)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject: the member may apply again (ORG-3)', description: `Refusals: ${DECIDE}.` })
  reject(@Param('applicationId') id: string, @Body() body: ActingForDto, @Ctx() ctx: CommandContext) {
    return this.system.organizations.applications.reject(applicationId(id), actingFor(body), ctx);
  }

  @Get(':applicationId')
  @RequireScope('accounts:read')
  @Returns(APPLICATION)
  @ApiOperation({ summary: 'One application as its stream has it: open, expired (open past 4 hours), approved or rejected', description: 'Refusals: 404 `APPLICATION_NOT_FOUND`.' })
  view(@Param('applicationId') id: string) {
    return this.system.organizations.applications.view(applicationId(id));
  }
}

function consistency(q: ConsistencyQueryDto) {
  return q.waitForPosition === undefined ? {} : { waitForPosition: Number(q.waitForPosition), timeoutMs: q.waitMs === undefined ? MAX_WAIT_MS : Number(q.waitMs) };
}

/** The organisations' read models (ORG-1..4): `{ position, data }` like every read model. */
@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1/read')
export class OrganizationReadModelsController {
  private readonly queries: OrganizationReadQueries;

  constructor(@Inject(SYSTEM) private readonly system: System) {
    const { store, projector } = system.readSide;
    this.queries = new OrganizationReadQueries(store, projector ?? new CheckpointPositions(store), (reached, awaited) => new ReadModelBehindError('organizations', reached, awaited));
  }

  private async ask<T>(reply: FastifyReply, task: () => Promise<T>): Promise<T> {
    try {
      return await readOrUnavailable(task);
    } catch (error) {
      if (error instanceof ReadUnavailable) void reply.header('retry-after', '1');
      throw error;
    }
  }

  @Get('organizations/:corpId')
  @RequireScope('accounts:read')
  @Returns(READ_ORGANIZATION)
  @ApiOperation({ summary: 'An organisation: its binding history, its visibility range and the members inside it (ids and names, never phones or emails)', description: 'Refusals: 404 `ORG_NOT_FOUND`.' })
  organization(@Param('corpId') id: string, @Query() q: ConsistencyQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.ask(reply, () => this.queries.organization(corpId(id), consistency(q)));
  }

  @Get('organizations/:corpId/sub-user-applications')
  @RequireScope('accounts:read')
  @Returns(READ_APPLICATIONS)
  @ApiOperation({ summary: 'An organisation’s sub-user applications, newest first: open, expired (open past 4 hours), approved, rejected, closed' })
  applications(@Param('corpId') id: string, @Query() q: ApplicationsQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const now = this.system.clock.now().toISOString();
    return this.ask(reply, () => this.queries.applications(corpId(id), now, { status: q.status }, consistency(q)));
  }

  @Get('accounts/:accountId/sub-users')
  @RequireScope('accounts:read')
  @Returns(READ_SUB_USERS)
  @ApiOperation({ summary: 'An account’s sub-users from WeCom organisations, with their role, policies and groups' })
  subUsers(@Param('accountId') id: string, @Query() q: ConsistencyQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.ask(reply, () => this.queries.subUsers(accountId(id), consistency(q)));
  }
}
