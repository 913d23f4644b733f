import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { Ctx } from '../http/command-context.decorator';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { RECOVERY_STARTED, RECOVERY_STEP, RecoveryCodeDto, RecoveryContactPhoneDto, RecoveryFaceDto, StartRecoveryDto } from './recovery.dto';

const SAME = 'The answer is the same whether or not the proof matches an account.';
const LIMITED = '429 `RECOVERY_RATE_LIMITED` (`details.limit`: per_source_ip, per_proof_value, per_team; `Retry-After`)';

/** REC-1 "find accounts": the account center's pages for people who cannot log in (scope `recovery`). */
@ApiTags('account recovery')
@ApiBearerAuth()
@Controller('v1/recovery')
export class RecoveryController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('requests')
  @RequireScope('recovery')
  @Returns(RECOVERY_STARTED)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start finding accounts by a proof: enterprise information, personal information, security phone, domain, ICP filing, public IP, account id, or a case’s progress (REC-1)',
    description: `${SAME} Refusals: 400 \`RECOVERY_PROOF_INCOMPLETE\`, \`INVALID_PHONE\`, \`INVALID_DOMAIN\`, \`INVALID_PUBLIC_IP\`, \`RECOVERY_REASON_REQUIRED\`; ${LIMITED}; 503 \`RESOURCE_SERVICE_UNAVAILABLE\`.`,
  })
  start(@Body() body: StartRecoveryDto, @Ctx() ctx: CommandContext) {
    return this.system.recovery.start(body, ctx);
  }

  @Post('requests/:requestId/code')
  @RequireScope('recovery')
  @Returns(RECOVERY_STEP)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm the request with the code sent by SMS: found accounts are sent to that phone; an enterprise request opens its review case; a progress request shows the case',
    description: `Refusals: 422 \`RECOVERY_CODE_MISMATCH\` (\`details.attemptsLeft\`), \`RECOVERY_CODE_EXPIRED\`, \`RECOVERY_CODE_ATTEMPTS_EXCEEDED\`, \`RECOVERY_CODE_NOT_PENDING\`, \`RECOVERY_REQUEST_EXPIRED\`; 404 \`RECOVERY_REQUEST_NOT_FOUND\`; ${LIMITED}.`,
  })
  code(@Param('requestId') id: string, @Body() body: RecoveryCodeDto, @Ctx() ctx: CommandContext) {
    return this.system.recovery.confirmCode(id, body.code, ctx);
  }

  @Post('requests/:requestId/face')
  @RequireScope('recovery')
  @Returns(RECOVERY_STEP)
  @HttpCode(200)
  @ApiOperation({
    summary: 'The face gateway’s verdict for this request: personal and account-id proofs show the accounts found; an enterprise request goes on to its contact phone',
    description: `Refusals: 401 \`INVALID_FACE_ASSERTION\`; 400 \`RECOVERY_FACE_WRONG_SUBJECT\`; 422 \`RECOVERY_FACE_NOT_PASSED\`, \`RECOVERY_FACE_NOT_EXPECTED\`, \`RECOVERY_REQUEST_EXPIRED\`; 404 \`RECOVERY_REQUEST_NOT_FOUND\`; ${LIMITED}.`,
  })
  face(@Param('requestId') id: string, @Body() body: RecoveryFaceDto, @Ctx() ctx: CommandContext) {
    return this.system.recovery.verifyFace(id, body.assertion, ctx);
  }

  @Post('requests/:requestId/contact-phone')
  @RequireScope('recovery')
  @Returns(RECOVERY_STEP)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Enterprise recovery: the contact phone, sent a code to confirm (after the legal person’s face)',
    description: `Refusals: 400 \`INVALID_PHONE\`; 422 \`RECOVERY_CONTACT_PHONE_NOT_EXPECTED\`, \`RECOVERY_REQUEST_EXPIRED\`; 404 \`RECOVERY_REQUEST_NOT_FOUND\`; ${LIMITED}.`,
  })
  contactPhone(@Param('requestId') id: string, @Body() body: RecoveryContactPhoneDto, @Ctx() ctx: CommandContext) {
    return this.system.recovery.setContactPhone(id, body.phone, ctx);
  }
}
