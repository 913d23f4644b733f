import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { Ctx } from '../http/command-context.decorator';
import { accountId } from '../http/params';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { REAL_NAME, REAL_NAME_CHANGED, VerifyRealNameDto } from './real-name.dto';

const REFUSALS = [
  '401 `INVALID_REAL_NAME_ASSERTION` (bad signature, expired, malformed, or issued for another account)',
  '409 `REAL_NAME_QUOTA_REACHED` (the personal, enterprise or legal-person identity verifies the most accounts allowed), `REAL_NAME_SAME_SUBJECT`',
  '422 `ENTERPRISE_NAME_TOO_SHORT`, `REAL_NAME_CHANGE_TOO_SOON` (`details.allowedFrom`), `ACCOUNT_NOT_ACTIVE`',
  '400 `LEGAL_PERSON_REQUIRED`, `LEGAL_PERSON_NOT_ALLOWED`',
].join('; ');

@ApiTags('real-name verification')
@ApiBearerAuth()
@Controller('v1/accounts/:accountId')
export class RealNameController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('real-name-verifications')
  @RequireScope('accounts:write')
  @Returns(REAL_NAME_CHANGED)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify the account’s subject, personal or enterprise, from the real-name gateway’s assertion; a new subject replaces the old one (RN-1)',
    description: `Refusals: ${REFUSALS}.`,
  })
  verify(@Param('accountId') id: string, @Body() body: VerifyRealNameDto, @Ctx() ctx: CommandContext) {
    return this.system.realName.verify(accountId(id), body, ctx);
  }

  @Get('real-name')
  @RequireScope('accounts:read')
  @Returns(REAL_NAME)
  @ApiOperation({ summary: 'The account’s real-name verification, masked: status, subject, legal person, when the subject may change again (RN-1)' })
  view(@Param('accountId') id: string) {
    return this.system.realName.view(accountId(id));
  }
}
