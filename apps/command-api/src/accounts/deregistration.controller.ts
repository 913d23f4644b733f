import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { Ctx } from '../http/command-context.decorator';
import { accountId } from '../http/params';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { AbandonResourcesDto, ConfirmDeregistrationDto, FaceVerificationDto, RequestDeregistrationDto } from './deregistration.dto';
import { DEREGISTRATION, DEREGISTRATION_CHANGED } from './deregistration.responses';

const REQUEST_REFUSALS = [
  '403 `IDENTITY_VERIFICATION_REQUIRED`',
  '409 `DEREGISTRATION_ALREADY_OPEN` (`details.requestId`), `ACCOUNT_DEREGISTERED`',
  '422 `DEREGISTRATION_BLOCKED_BY_RESOURCES` (`details.resources`: each sub-user, API key or unfinished order to clear; the request stays open, blocked)',
  '400 `DEREGISTRATION_CONDITIONS_NOT_ACKNOWLEDGED`, `DEREGISTRATION_OTHER_REASON_REQUIRED`, `DEREGISTRATION_OTHER_REASON_UNEXPECTED`',
  '503 `RESOURCE_SERVICE_UNAVAILABLE`',
].join('; ');

/** Account deregistration (DEREG-1..5): the account holder's steps, through the console's team. */
@ApiTags('deregistration')
@ApiBearerAuth()
@Controller('v1/accounts/:accountId/deregistration')
export class DeregistrationController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post()
  @RequireScope('security:write')
  @Returns(DEREGISTRATION_CHANGED)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Request deregistration after identity verification, with reasons and the conditions acknowledged; the resources are checked at once (DEREG-1, DEREG-2)',
    description: `Unsettled postpaid resources start a cooling-off (DEREG-3); otherwise the request waits for its identity check. Refusals: ${REQUEST_REFUSALS}.`,
  })
  request(@Param('accountId') id: string, @Body() body: RequestDeregistrationDto, @Ctx() ctx: CommandContext) {
    return this.system.deregistration.request(accountId(id), body, ctx);
  }

  @Get()
  @RequireScope('accounts:read')
  @Returns(DEREGISTRATION)
  @ApiOperation({ summary: 'The account’s current (or last) deregistration request: its state, blocking resources and timers; 404 `DEREGISTRATION_NOT_FOUND` if none' })
  current(@Param('accountId') id: string) {
    return this.system.deregistration.current(accountId(id));
  }

  @Post('resource-check')
  @RequireScope('security:write')
  @Returns(DEREGISTRATION_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the resources of a blocked request again, after clearing them (DEREG-2); 422 `DEREGISTRATION_BLOCKED_BY_RESOURCES` while some remain' })
  recheck(@Param('accountId') id: string, @Ctx() ctx: CommandContext) {
    return this.system.deregistration.recheck(accountId(id), ctx);
  }

  @Post('abandon')
  @RequireScope('security:write')
  @Returns(DEREGISTRATION_CHANGED)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Abandon vouchers and credits explicitly (DEREG-2); a blocked request is checked again',
    description: 'Refusals: 422 `RESOURCE_NOT_ABANDONABLE` (`details.resourceIds`), 404 `RESOURCE_NOT_FOUND`, `DEREGISTRATION_NOT_FOUND`, 409 `DEREGISTRATION_STEP_MISMATCH`, 503 `RESOURCE_SERVICE_UNAVAILABLE`.',
  })
  abandon(@Param('accountId') id: string, @Body() body: AbandonResourcesDto, @Ctx() ctx: CommandContext) {
    return this.system.deregistration.abandon(accountId(id), body.resourceIds, ctx);
  }

  @Post('face-verification')
  @RequireScope('security:write')
  @Returns(DEREGISTRATION_CHANGED)
  @HttpCode(200)
  @ApiOperation({
    summary: 'The face-verification gateway’s result: personal → deregistered at once; enterprise (legal person) → a manual review due within 3 business days (DEREG-5)',
    description: 'Refusals: 401 `INVALID_FACE_ASSERTION`; 422 `FACE_VERIFICATION_FAILED`, `FACE_VERIFICATION_WRONG_SUBJECT`, `FACE_VERIFICATION_NOT_APPLICABLE` (unverified accounts confirm instead); 409 `DEREGISTRATION_STEP_MISMATCH`.',
  })
  face(@Param('accountId') id: string, @Body() body: FaceVerificationDto, @Ctx() ctx: CommandContext) {
    return this.system.deregistration.verifyFace(accountId(id), body.assertion, ctx);
  }

  @Post('confirm')
  @RequireScope('security:write')
  @Returns(DEREGISTRATION_CHANGED)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unverified accounts: confirm with a fresh identity verification of the security factors, then deregistered at once (DEREG-5)',
    description: 'Refusals: 403 `IDENTITY_VERIFICATION_REQUIRED`; 422 `DEREGISTRATION_CONFIRMATION_NOT_APPLICABLE` (real-name verified accounts use face verification); 409 `DEREGISTRATION_STEP_MISMATCH`.',
  })
  confirm(@Param('accountId') id: string, @Body() body: ConfirmDeregistrationDto, @Ctx() ctx: CommandContext) {
    return this.system.deregistration.confirm(accountId(id), body.verificationToken, ctx);
  }

  @Post('revoke')
  @RequireScope('security:write')
  @Returns(DEREGISTRATION_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the request at any step before completion; a cooling-off account is active again (DEREG-4). 409 `DEREGISTRATION_COMPLETING` once completion started' })
  revoke(@Param('accountId') id: string, @Ctx() ctx: CommandContext) {
    return this.system.deregistration.revoke(accountId(id), ctx);
  }
}
