import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { VerifiedRequestDto } from '../accounts/dto';
import { Ctx } from '../http/command-context.decorator';
import { SecretResponse } from '../http/idempotency.interceptor';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { BindHardwareMfaDto, ConfirmVirtualMfaDto, MfaCodeDto } from './dto';
import { accountId } from '../http/params';
import { RequireScope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { MFA_CHANGED, VIRTUAL_MFA_STARTED } from './responses';


@ApiTags('MFA')
@ApiBearerAuth()
@Controller('v1/accounts/:accountId/mfa')
export class MfaController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('virtual')
  @RequireScope('security:write')
  @Returns(VIRTUAL_MFA_STARTED)
  @SecretResponse()
  @ApiOperation({ summary: 'Start binding a virtual MFA device: returns the secret and its otpauth:// URI, once (SEC-2)' })
  startVirtual(@Param('accountId') id: string, @Body() body: VerifiedRequestDto, @Ctx() ctx: CommandContext) {
    return this.system.mfa.startVirtual(accountId(id), body, ctx);
  }

  @Post('virtual/confirm')
  @RequireScope('security:write')
  @Returns(MFA_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish binding with the first code, choosing login and/or operation protection' })
  confirmVirtual(@Param('accountId') id: string, @Body() body: ConfirmVirtualMfaDto, @Ctx() ctx: CommandContext) {
    return this.system.mfa.confirmVirtual(accountId(id), body, ctx);
  }

  @Post('virtual/unbind')
  @RequireScope('security:write')
  @Returns(MFA_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Unbind the virtual MFA device with a current code; MFA leaves both protections' })
  unbindVirtual(@Param('accountId') id: string, @Body() body: MfaCodeDto, @Ctx() ctx: CommandContext) {
    return this.system.mfa.unbind(accountId(id), { kind: 'virtual', code: body.code }, ctx);
  }

  @Post('hardware')
  @RequireScope('security:write')
  @Returns(MFA_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind a hardware MFA device by serial number and code (SEC-3, behind ACC_FEATURE_HARDWARE_MFA)' })
  bindHardware(@Param('accountId') id: string, @Body() body: BindHardwareMfaDto, @Ctx() ctx: CommandContext) {
    return this.system.mfa.bindHardware(accountId(id), body, ctx);
  }

  @Post('hardware/unbind')
  @RequireScope('security:write')
  @Returns(MFA_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Unbind the hardware MFA device with a current code' })
  unbindHardware(@Param('accountId') id: string, @Body() body: MfaCodeDto, @Ctx() ctx: CommandContext) {
    return this.system.mfa.unbind(accountId(id), { kind: 'hardware', code: body.code }, ctx);
  }
}
