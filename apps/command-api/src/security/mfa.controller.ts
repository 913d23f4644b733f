import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { VerifiedRequestDto } from '../accounts/dto';
import { Ctx } from '../http/command-context.decorator';
import { SecretResponse } from '../http/idempotency.interceptor';
import { BindHardwareMfaDto, ConfirmVirtualMfaDto, MfaCodeDto } from './dto';
import { SystemCommand } from './system-command';
import { accountId } from '../http/params';


@ApiTags('MFA')
@ApiBearerAuth()
@Controller('v1/accounts/:accountId/mfa')
export class MfaController {
  constructor(private readonly commands: CommandBus) {}

  @Post('virtual')
  @SecretResponse()
  @ApiOperation({ summary: 'Start binding a virtual MFA device: returns the secret and its otpauth:// URI, once (SEC-2)' })
  startVirtual(@Param('accountId') id: string, @Body() body: VerifiedRequestDto, @Ctx() ctx: CommandContext) {
    const account = accountId(id);
    return this.commands.execute(new SystemCommand((s, c) => s.mfa.startVirtual(account, body, c), ctx));
  }

  @Post('virtual/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish binding with the first code, choosing login and/or operation protection' })
  confirmVirtual(@Param('accountId') id: string, @Body() body: ConfirmVirtualMfaDto, @Ctx() ctx: CommandContext) {
    const account = accountId(id);
    return this.commands.execute(new SystemCommand((s, c) => s.mfa.confirmVirtual(account, body, c), ctx));
  }

  @Post('virtual/unbind')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unbind the virtual MFA device with a current code; MFA leaves both protections' })
  unbindVirtual(@Param('accountId') id: string, @Body() body: MfaCodeDto, @Ctx() ctx: CommandContext) {
    const account = accountId(id);
    return this.commands.execute(new SystemCommand((s, c) => s.mfa.unbind(account, { kind: 'virtual', code: body.code }, c), ctx));
  }

  @Post('hardware')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind a hardware MFA device by serial number and code (SEC-3, behind ACC_FEATURE_HARDWARE_MFA)' })
  bindHardware(@Param('accountId') id: string, @Body() body: BindHardwareMfaDto, @Ctx() ctx: CommandContext) {
    const account = accountId(id);
    return this.commands.execute(new SystemCommand((s, c) => s.mfa.bindHardware(account, body, c), ctx));
  }

  @Post('hardware/unbind')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unbind the hardware MFA device with a current code' })
  unbindHardware(@Param('accountId') id: string, @Body() body: MfaCodeDto, @Ctx() ctx: CommandContext) {
    const account = accountId(id);
    return this.commands.execute(new SystemCommand((s, c) => s.mfa.unbind(account, { kind: 'hardware', code: body.code }, c), ctx));
  }
}
