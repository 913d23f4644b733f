import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { accountOfRequest } from '@acc/accounts-domain';
import { listDeregistrationReviews } from '@acc/accounts-read-models';
import { domainError, DomainErrorException } from '@acc/kernel';
import { CheckpointPositions } from '@acc/read-store';
import { Ctx } from '../http/command-context.decorator';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { RejectReviewDto, ReviewListQueryDto } from './deregistration.dto';
import { DEREGISTRATION_CHANGED, REVIEW_CASES } from './deregistration.responses';

function accountOf(requestId: string): string {
  const account = accountOfRequest(requestId);
  if (!account) throw new DomainErrorException(domainError('validation', 'INVALID_REQUEST_ID', 'a deregistration request id is `<accountId>-<n>`'));
  return account;
}

/**
 * DEREG-5, enterprise: the older routes of the deregistration reviews, kept as aliases of the
 * review cases (`/v1/review-cases`, kind `enterprise_deregistration`) by request id. The
 * reviewer is the calling team and its end user (scope `review`).
 */
@ApiTags('deregistration')
@ApiBearerAuth()
@Controller('v1/deregistration-reviews')
export class DeregistrationReviewsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Get()
  @RequireScope('review')
  @Returns(REVIEW_CASES)
  @ApiOperation({ summary: 'Review cases, earliest due first; `overdue=true`: open cases past their due time (3 business days)' })
  list(@Query() q: ReviewListQueryDto) {
    const side = this.system.readSide;
    const positions = side.projector ?? new CheckpointPositions(side.store);
    return listDeregistrationReviews(side.store, positions, { overdue: q.overdue === 'true', status: q.status }, this.system.repository.now());
  }

  @Post(':requestId/approve')
  @RequireScope('review')
  @Returns(DEREGISTRATION_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve: the account is deregistered (DEREG-5). 404 `DEREGISTRATION_REVIEW_NOT_FOUND`' })
  async approve(@Param('requestId') requestId: string, @Ctx() ctx: CommandContext) {
    return this.decide(requestId, (caseCode) => this.system.reviewCases.approve(caseCode, {}, ctx));
  }

  @Post(':requestId/reject')
  @RequireScope('review')
  @Returns(DEREGISTRATION_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason: the request ends and a cooling-off account is active again. 404 `DEREGISTRATION_REVIEW_NOT_FOUND`, 422 `REVIEW_REJECTION_REASON_REQUIRED`' })
  async reject(@Param('requestId') requestId: string, @Body() body: RejectReviewDto, @Ctx() ctx: CommandContext) {
    return this.decide(requestId, (caseCode) => this.system.reviewCases.reject(caseCode, { reason: body.reason }, ctx));
  }

  /** Decides the request's case, whose handler moves the request on; answers with the request. */
  private async decide(requestId: string, decide: (caseCode: string) => Promise<unknown>) {
    const accountId = accountOf(requestId);
    await decide(await this.system.deregistration.reviewCaseOf(accountId, requestId));
    return { ...(await this.system.deregistration.current(accountId)), position: null };
  }
}
