import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { INDUSTRIES } from '@acc/accounts-domain';
import { Ctx } from '../http/command-context.decorator';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { ChangeIndustryDto, ChangeNicknameDto, CompleteRegistrationDto, RegisterByEmailDto, RegisterByProviderDto, RequestCodeDto } from './dto';
import { accountId } from '../http/params';
import { RequireScope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { ACCOUNT, ACCOUNT_CHANGED, CODE_SENT, INDUSTRY_LIST, LIMITS, REGISTRATION } from './responses';


@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1')
export class AccountsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('verification-codes')
  @RequireScope('accounts:write')
  @Returns(CODE_SENT)
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a 6-digit verification code to an email or phone (CRED-5)' })
  requestCode(@Body() body: RequestCodeDto, @Ctx() ctx: CommandContext) {
    return this.system.accounts.requestCode(body, ctx);
  }

  @Post('accounts/email-registrations')
  @RequireScope('accounts:write')
  @Returns(REGISTRATION)
  @ApiOperation({ summary: 'Register an account by email, password and email code (REG-1)' })
  registerByEmail(@Body() body: RegisterByEmailDto, @Ctx() ctx: CommandContext) {
    return this.system.accounts.registerByEmail(body, ctx);
  }

  @Post('accounts/provider-registrations')
  @RequireScope('accounts:write')
  @Returns(REGISTRATION)
  @ApiOperation({ summary: 'Register an account through WeChat, QQ, WeCom or an Official Account (REG-1)' })
  registerByProvider(@Body() body: RegisterByProviderDto, @Ctx() ctx: CommandContext) {
    return this.system.accounts.registerByProvider(body, ctx);
  }

  @Post('accounts/:accountId/registration-completion')
  @RequireScope('accounts:write')
  @Returns(ACCOUNT_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a third-party registration at first login: verified phone and industry (REG-2)' })
  completeRegistration(@Param('accountId') id: string, @Body() body: CompleteRegistrationDto, @Ctx() ctx: CommandContext) {
    return this.system.accounts.completeRegistration(accountId(id), body, ctx);
  }

  @Get('accounts/:accountId')
  @RequireScope('accounts:read')
  @Returns(ACCOUNT)
  @ApiOperation({ summary: 'Basic information: UIN, APPID, nickname, industry, verification status, registration time (REG-3, REG-4)' })
  getAccount(@Param('accountId') id: string) {
    return this.system.accounts.getAccount(accountId(id));
  }

  @Put('accounts/:accountId/nickname')
  @RequireScope('accounts:write')
  @Returns(ACCOUNT_CHANGED)
  @ApiOperation({ summary: 'Change the nickname (REG-4)' })
  changeNickname(@Param('accountId') id: string, @Body() body: ChangeNicknameDto, @Ctx() ctx: CommandContext) {
    return this.system.accounts.changeNickname(accountId(id), body.nickname, ctx);
  }

  @Put('accounts/:accountId/industry')
  @RequireScope('accounts:write')
  @Returns(ACCOUNT_CHANGED)
  @ApiOperation({ summary: 'Change the industry (REG-4)' })
  changeIndustry(@Param('accountId') id: string, @Body() body: ChangeIndustryDto, @Ctx() ctx: CommandContext) {
    return this.system.accounts.changeIndustry(accountId(id), body.industry, ctx);
  }

  @Get('limits')
  @RequireScope('accounts:read')
  @Returns(LIMITS)
  @ApiOperation({ summary: 'The usage limits in force (REG-5)' })
  limits() {
    return this.system.config.limits;
  }

  @Get('industries')
  @RequireScope('accounts:read')
  @Returns(INDUSTRY_LIST)
  @ApiOperation({ summary: 'Industries an account may declare' })
  industries() {
    return { industries: INDUSTRIES };
  }
}
