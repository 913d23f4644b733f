import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { domainError, DomainErrorException } from '@acc/kernel';
import type { ActingFor } from '@acc/organizations-application';
import { Ctx } from '../http/command-context.decorator';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { ActingForDto, BindOrganizationDto, WeComAssertionDto } from './dto';
import { corpId, weComUserId } from './params';
import { ADMIN_NOTIFIED, APPLICATION_OPENED, ORGANIZATION, RANGE_CHANGED, SUB_USER_LOGIN, SUB_USER_REMOVED } from './responses';

const ACTING = '403 `ACTOR_NOT_SUB_USER` (the acting sub-user is not one of the account), 404 `ACCOUNT_NOT_FOUND`';

/** The acting-for fields of a body, as the service takes them. */
export function actingFor(body: ActingForDto): ActingFor {
  const { accountId, subUserCorpId, subUserId } = body;
  if (subUserCorpId === undefined && subUserId === undefined) return { accountId };
  if (subUserCorpId === undefined || subUserId === undefined) return invalidActor();
  return { accountId, subUser: { corpId: subUserCorpId, userId: subUserId } };
}

function invalidActor(): never {
  throw new DomainErrorException(domainError('validation', 'INVALID_ACTING_SUB_USER', 'give both subUserCorpId and subUserId, or neither'));
}

/** ORG-1, ORG-2, ORG-4: WeCom organisations, from the WeCom gateway's reports and the members' WeCom scans. */
@ApiTags('WeCom organisations')
@ApiBearerAuth()
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  private get service() {
    return this.system.organizations.organizations;
  }

  @Post('installations')
  @RequireScope('gateway')
  @Returns(ORGANIZATION)
  @HttpCode(200)
  @ApiOperation({ summary: 'For the WeCom gateway: the organisation installed the account-center assistant app (`app_installed` report; a redelivery changes nothing) (ORG-1)', description: 'Refusals: 401 `INVALID_WECOM_ASSERTION`.' })
  install(@Body() body: WeComAssertionDto, @Ctx() ctx: CommandContext) {
    return this.service.install(body.assertion, ctx);
  }

  @Post(':corpId/visibility-range')
  @RequireScope('gateway')
  @Returns(RANGE_CHANGED)
  @HttpCode(200)
  @ApiOperation({
    summary: 'For the WeCom gateway: departments, tags and members added to and removed from the app’s visibility range, with the members read inside it (`range_changed` report) (ORG-4)',
    description: 'Only ids, names, departments and tags of members are kept; members who fall outside the range are dropped and their sub-user ends. Refusals: 401 `INVALID_WECOM_ASSERTION`; 400 `WECOM_CORP_MISMATCH`; 422 `ORG_APP_NOT_INSTALLED`.',
  })
  changeRange(@Param('corpId') id: string, @Body() body: WeComAssertionDto, @Ctx() ctx: CommandContext) {
    return this.service.changeRange(corpId(id), body.assertion, ctx);
  }

  @Post(':corpId/binding')
  @RequireScope('accounts:write')
  @Returns(ORGANIZATION)
  @HttpCode(200)
  @ApiOperation({
    summary: 'The WeCom admin, logged in by WeCom scan, binds the cloud account it acts for: its main account or a CAM admin of it (ORG-1)',
    description: `One account at a time. Refusals: 403 \`ORG_BINDER_NOT_ADMIN\`, \`ORG_BINDER_NOT_WECOM_ADMIN\`, ${ACTING}; 409 \`ORG_ALREADY_BOUND\`; 422 \`ORG_APP_NOT_INSTALLED\`; 401 \`INVALID_WECOM_ASSERTION\`.`,
  })
  bind(@Param('corpId') id: string, @Body() body: BindOrganizationDto, @Ctx() ctx: CommandContext) {
    return this.service.bind(corpId(id), { adminAssertion: body.adminAssertion, actingFor: actingFor(body) }, ctx);
  }

  @Post(':corpId/unbinding')
  @RequireScope('accounts:write')
  @Returns(ORGANIZATION)
  @HttpCode(200)
  @ApiOperation({ summary: 'An admin of the bound account unbinds it; open applications close (ORG-1)', description: `Refusals: 403 \`ORG_UNBINDER_NOT_ADMIN\`, ${ACTING}; 422 \`ORG_NOT_BOUND\`.` })
  unbind(@Param('corpId') id: string, @Body() body: ActingForDto, @Ctx() ctx: CommandContext) {
    return this.service.unbind(corpId(id), actingFor(body), ctx);
  }

  @Post(':corpId/admin-notices')
  @RequireScope('accounts:write')
  @Returns(ADMIN_NOTIFIED)
  @HttpCode(202)
  @ApiOperation({ summary: 'A member (WeCom scan) tells the WeCom admin to install the app or bind an account; the link is valid 4 hours (ORG-2)', description: 'Refusals: 422 `MEMBER_OUTSIDE_RANGE`, `ORG_ALREADY_BOUND`.' })
  notify(@Param('corpId') id: string, @Body() body: WeComAssertionDto, @Ctx() ctx: CommandContext) {
    return this.service.notifyWeComAdmin(corpId(id), body.assertion, ctx);
  }

  @Post(':corpId/sub-user-applications')
  @RequireScope('accounts:write')
  @Returns(APPLICATION_OPENED)
  @HttpCode(201)
  @ApiOperation({
    summary: 'A member in range (WeCom scan) applies to the bound account’s admin to become a sub-user; the link is valid 4 hours (ORG-2)',
    description: 'Refusals: 422 `MEMBER_OUTSIDE_RANGE`, `ORG_NOT_BOUND`, `ORG_APP_NOT_INSTALLED`; 409 `APPLICATION_ALREADY_OPEN`, `ALREADY_SUB_USER`.',
  })
  apply(@Param('corpId') id: string, @Body() body: WeComAssertionDto, @Ctx() ctx: CommandContext) {
    return this.service.apply(corpId(id), body.assertion, ctx);
  }

  @Post(':corpId/sub-users/:userId/removal')
  @RequireScope('accounts:write')
  @Returns(SUB_USER_REMOVED)
  @HttpCode(200)
  @ApiOperation({ summary: 'An admin of the account removes a sub-user; its WeCom identity may be bound again (ORG-3, LM-2)', description: `Refusals: 403 \`REMOVER_NOT_ADMIN\`, ${ACTING}; 404 \`SUB_USER_NOT_FOUND\`.` })
  removeSubUser(@Param('corpId') id: string, @Param('userId') user: string, @Body() body: ActingForDto, @Ctx() ctx: CommandContext) {
    return this.service.removeSubUser(corpId(id), weComUserId(user), actingFor(body), ctx);
  }

  @Post(':corpId/sub-user-logins')
  @RequireScope('login')
  @Returns(SUB_USER_LOGIN)
  @HttpCode(200)
  @ApiOperation({ summary: 'A sub-user logs in by WeCom scan straight into its cloud account: which account, which sub-user, its policies (ORG-3)', description: 'Refusals: 404 `SUB_USER_NOT_FOUND`, `ORG_NOT_FOUND`; 401 `INVALID_WECOM_ASSERTION`.' })
  login(@Param('corpId') id: string, @Body() body: WeComAssertionDto) {
    return this.service.loginAsSubUser(corpId(id), body.assertion);
  }

  @Get(':corpId')
  @RequireScope('accounts:read')
  @Returns(ORGANIZATION)
  @ApiOperation({ summary: 'The organisation as its stream has it: binding and visibility range (read your own writes; the read model is `GET /v1/read/organizations/{corpId}`)', description: 'Refusals: 404 `ORG_NOT_FOUND`.' })
  async view(@Param('corpId') id: string) {
    return { ...(await this.service.view(corpId(id))), position: null };
  }
}
