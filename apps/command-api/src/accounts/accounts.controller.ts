import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { INDUSTRIES } from '@acc/accounts-domain';
import { Ctx } from '../http/command-context.decorator';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { ChangeIndustryCommand, ChangeNicknameCommand, CompleteRegistrationCommand, GetAccountQuery, RegisterByEmailCommand, RegisterByProviderCommand, RequestVerificationCodeCommand } from './commands';
import { ChangeIndustryDto, ChangeNicknameDto, CompleteRegistrationDto, RegisterByEmailDto, RegisterByProviderDto, RequestCodeDto } from './dto';
import { accountId } from '../http/params';


@ApiTags('accounts')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'repeat a command safely: same key + same body returns the first result' })
@Controller('v1')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(SYSTEM) private readonly system: System,
  ) {}

  @Post('verification-codes')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a 6-digit verification code to an email or phone (CRED-5)' })
  requestCode(@Body() body: RequestCodeDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RequestVerificationCodeCommand(body, ctx));
  }

  @Post('accounts/email-registrations')
  @ApiOperation({ summary: 'Register an account by email, password and email code (REG-1)' })
  registerByEmail(@Body() body: RegisterByEmailDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RegisterByEmailCommand(body, ctx));
  }

  @Post('accounts/provider-registrations')
  @ApiOperation({ summary: 'Register an account through WeChat, QQ, WeCom or an Official Account (REG-1)' })
  registerByProvider(@Body() body: RegisterByProviderDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RegisterByProviderCommand(body, ctx));
  }

  @Post('accounts/:accountId/registration-completion')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a third-party registration at first login: verified phone and industry (REG-2)' })
  completeRegistration(@Param('accountId') id: string, @Body() body: CompleteRegistrationDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CompleteRegistrationCommand(accountId(id), body, ctx));
  }

  @Get('accounts/:accountId')
  @ApiOperation({ summary: 'Basic information: UIN, APPID, nickname, industry, verification status, registration time (REG-3, REG-4)' })
  getAccount(@Param('accountId') id: string) {
    return this.queries.execute(new GetAccountQuery(accountId(id)));
  }

  @Put('accounts/:accountId/nickname')
  @ApiOperation({ summary: 'Change the nickname (REG-4)' })
  changeNickname(@Param('accountId') id: string, @Body() body: ChangeNicknameDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangeNicknameCommand(accountId(id), body, ctx));
  }

  @Put('accounts/:accountId/industry')
  @ApiOperation({ summary: 'Change the industry (REG-4)' })
  changeIndustry(@Param('accountId') id: string, @Body() body: ChangeIndustryDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangeIndustryCommand(accountId(id), body, ctx));
  }

  @Get('limits')
  @ApiOperation({ summary: 'The usage limits in force (REG-5)' })
  limits() {
    return this.system.config.limits;
  }

  @Get('industries')
  @ApiOperation({ summary: 'Industries an account may declare' })
  industries() {
    return { industries: INDUSTRIES };
  }
}
