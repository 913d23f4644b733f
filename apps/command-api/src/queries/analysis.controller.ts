import { Controller, Get, Headers, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../http/auth.guard';
import type { CommandContext } from '@acc/application';
import { accountChanges, accountHistory, accountStateAt, type HistoryQuery, parseMoment } from '@acc/analysis';
import { domainError, DomainErrorException } from '@acc/kernel';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { Ctx } from '../http/command-context.decorator';
import { accountId } from '../http/params';
import { RequireScope, type Scope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { ChangesQueryDto, HistoryQueryDto, StateQueryDto } from './analysis.dto';
import { CHANGES, HISTORY_PAGE, STATE_AT } from './analysis.responses';

const PERSONAL_DATA: Scope = 'personal-data:read';

/**
 * Analysts: an account's history across its streams, its views at any past moment folded
 * from that history, and what changed between two moments (docs/adr/0014-analysis.md).
 */
@ApiTags('analysis')
@ApiBearerAuth()
@Controller('v1/accounts/:accountId')
export class AnalysisController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  /** Plain personal data needs a second scope and a reason: 403 first, then 400. */
  private unmask(request: AuthenticatedRequest, reason: string | undefined, ctx: CommandContext): HistoryQuery['unmask'] {
    if (!request.scopes?.has(PERSONAL_DATA)) {
      throw new DomainErrorException(domainError('forbidden', 'INSUFFICIENT_SCOPE', `reading personal data in plain text needs the scope ${PERSONAL_DATA}`, { requiredScope: PERSONAL_DATA }));
    }
    return { reason: reason ?? '', ctx };
  }

  @Get('history')
  @RequireScope('audit:read')
  @Returns(HISTORY_PAGE)
  @ApiHeader({ name: 'X-Access-Reason', required: false, description: 'why personal data is read in plain text (instead of the `reason` query parameter)' })
  @ApiOperation({
    summary: 'History of the account across its streams (account, login, sessions, deregistration, access log), paged by an opaque cursor on the global position; personal data masked unless personalData=plain with the scope personal-data:read and a reason, which is itself recorded (X-1, X-7)',
  })
  history(@Param('accountId') id: string, @Query() q: HistoryQueryDto, @Headers('x-access-reason') reasonHeader: string | undefined, @Req() request: AuthenticatedRequest, @Ctx() ctx: CommandContext) {
    const account = accountId(id);
    const query: HistoryQuery = {
      types: q.types?.split(','),
      from: q.from === undefined ? undefined : parseMoment(q.from, 'from'),
      to: q.to === undefined ? undefined : parseMoment(q.to, 'to'),
      order: q.order,
      limit: q.limit === undefined ? undefined : Number(q.limit),
      cursor: q.cursor,
      unmask: q.personalData === 'plain' ? this.unmask(request, q.reason ?? reasonHeader, ctx) : undefined,
    };
    return accountHistory(this.system, account, query);
  }

  @Get('state')
  @RequireScope('audit:read')
  @Returns(STATE_AT)
  @ApiOperation({ summary: 'The account’s views (profile, login methods, security settings) as they were at a time or position, folded by the account decider from its history (X-7)' })
  state(@Param('accountId') id: string, @Query() q: StateQueryDto) {
    return accountStateAt(this.system, accountId(id), parseMoment(q.asOf, 'asOf'));
  }

  @Get('changes')
  @RequireScope('audit:read')
  @Returns(CHANGES)
  @ApiOperation({ summary: 'What changed in the account’s views between two moments, field by field (X-7)' })
  changes(@Param('accountId') id: string, @Query() q: ChangesQueryDto) {
    return accountChanges(this.system, accountId(id), parseMoment(q.from, 'from'), parseMoment(q.to, 'to'));
  }
}
