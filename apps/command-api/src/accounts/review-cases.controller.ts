import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { isCaseCode } from '@acc/accounts-domain';
import { listReviewCases } from '@acc/accounts-read-models';
import { domainError, DomainErrorException } from '@acc/kernel';
import { CheckpointPositions } from '@acc/read-store';
import { Ctx } from '../http/command-context.decorator';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { ApproveReviewCaseDto, AssignReviewCaseDto, RejectReviewCaseDto, ReviewCaseListQueryDto } from './review-cases.dto';
import { REVIEW_CASE, REVIEW_CASE_LIST } from './review-cases.responses';

function code(caseCode: string): string {
  if (!isCaseCode(caseCode)) throw new DomainErrorException(domainError('validation', 'REVIEW_CASE_CODE_INVALID', 'a case code is RC- and 8 letters or digits'));
  return caseCode;
}

/** Manual review cases of every kind (REC-1, REC-3, DEREG-5), for the reviewing team (scope `review`); the reviewer is the calling team and its end user. */
@ApiTags('review-cases')
@ApiBearerAuth()
@Controller('v1/review-cases')
export class ReviewCasesController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Get()
  @RequireScope('review')
  @Returns(REVIEW_CASE_LIST)
  @ApiOperation({ summary: 'Review cases, earliest due first; `kind`, `status`; `overdue=true`: open cases past their due date (business days)' })
  list(@Query() q: ReviewCaseListQueryDto) {
    const side = this.system.readSide;
    const positions = side.projector ?? new CheckpointPositions(side.store);
    return listReviewCases(side.store, positions, { kind: q.kind, overdue: q.overdue === 'true', status: q.status }, this.system.repository.now());
  }

  @Get(':caseCode')
  @RequireScope('review')
  @Returns(REVIEW_CASE)
  @ApiOperation({ summary: 'One case with its evidence references. 404 `REVIEW_CASE_NOT_FOUND`' })
  get(@Param('caseCode') caseCode: string) {
    return this.system.reviewCases.get(code(caseCode));
  }

  @Post(':caseCode/assign')
  @RequireScope('review')
  @Returns(REVIEW_CASE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign to a reviewer. 404 `REVIEW_CASE_NOT_FOUND`, 409 `REVIEW_CASE_CLOSED`' })
  assign(@Param('caseCode') caseCode: string, @Body() body: AssignReviewCaseDto, @Ctx() ctx: CommandContext) {
    return this.system.reviewCases.assign(code(caseCode), body.assignee, ctx);
  }

  @Post(':caseCode/approve')
  @RequireScope('review')
  @Returns(REVIEW_CASE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve: the owning process goes on (recovery grant, login application, deregistration). 404 `REVIEW_CASE_NOT_FOUND`, 409 `REVIEW_CASE_CLOSED`' })
  approve(@Param('caseCode') caseCode: string, @Body() body: ApproveReviewCaseDto, @Ctx() ctx: CommandContext) {
    return this.system.reviewCases.approve(code(caseCode), { reason: body.reason }, ctx);
  }

  @Post(':caseCode/reject')
  @RequireScope('review')
  @Returns(REVIEW_CASE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason. 404 `REVIEW_CASE_NOT_FOUND`, 409 `REVIEW_CASE_CLOSED`, 422 `REVIEW_REJECTION_REASON_REQUIRED`' })
  reject(@Param('caseCode') caseCode: string, @Body() body: RejectReviewCaseDto, @Ctx() ctx: CommandContext) {
    return this.system.reviewCases.reject(code(caseCode), { reason: body.reason }, ctx);
  }
}
