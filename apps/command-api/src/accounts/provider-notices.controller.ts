import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { Ctx } from '../http/command-context.decorator';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import type { System } from '../system';
import { SYSTEM } from '../tokens';
import { OfficialAccountGrantDto } from './dto';
import { PROVIDER_NOTICE_ACCEPTED } from './responses';

/** Notices the provider gateway sends about grants changed on the provider's side (LM-6). */
@ApiTags('provider notices')
@ApiBearerAuth()
@Controller('v1/provider-notices')
export class ProviderNoticesController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('authorisation-revoked')
  @RequireScope('gateway')
  @Returns(PROVIDER_NOTICE_ACCEPTED)
  @HttpCode(200)
  @ApiOperation({ summary: 'For the provider gateway: a user revoked an Official Account\u2019s authorisation; its bindings become stale (LM-6)' })
  authorisationRevoked(@Body() body: OfficialAccountGrantDto, @Ctx() ctx: CommandContext) {
    return this.system.loginMethods.noticeRevocation(body, ctx);
  }
}
