import { Body, Controller, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { Ctx } from '../http/command-context.decorator';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { ChangeSecurityEmailDto, ChangeSecurityPhoneDto, ConfirmContactChangeDto, RequestContactChangeDto, SendContactCodeDto } from './dto';
import { accountId } from '../http/params';
import { RequireScope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { CONTACT_CHANGE_REQUESTED, CONTACT_CONFIRMED, SECURITY_EMAIL_CHANGED, SECURITY_PHONE_CHANGED } from './responses';
import { CODE_SENT } from '../accounts/responses';


/** Contact phone / security phone (CRED-3), contact / security email (CRED-4). */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('v1')
export class ContactsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post('accounts/:accountId/contact-codes')
  @RequireScope('security:write')
  @Returns(CODE_SENT)
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a 6-digit code to a new security phone or email' })
  sendCode(@Param('accountId') id: string, @Body() body: SendContactCodeDto, @Ctx() ctx: CommandContext) {
    return this.system.contacts.sendCode(accountId(id), body, ctx);
  }

  @Put('accounts/:accountId/security-phone')
  @RequireScope('security:write')
  @Returns(SECURITY_PHONE_CHANGED)
  @ApiOperation({ summary: 'Change the security phone: identity verification + the code sent to the new number; the old one is alerted (CRED-3)' })
  changeSecurityPhone(@Param('accountId') id: string, @Body() body: ChangeSecurityPhoneDto, @Ctx() ctx: CommandContext) {
    return this.system.contacts.changeSecurityPhone(accountId(id), body, ctx);
  }

  @Put('accounts/:accountId/security-email')
  @RequireScope('security:write')
  @Returns(SECURITY_EMAIL_CHANGED)
  @ApiOperation({ summary: 'Change the security email: identity verification + code; optionally also the contact email (CRED-4)' })
  changeSecurityEmail(@Param('accountId') id: string, @Body() body: ChangeSecurityEmailDto, @Ctx() ctx: CommandContext) {
    return this.system.contacts.changeSecurityEmail(accountId(id), body, ctx);
  }

  @Post('accounts/:accountId/contact-phone')
  @RequireScope('security:write')
  @Returns(CONTACT_CHANGE_REQUESTED)
  @HttpCode(202)
  @ApiOperation({ summary: 'Change the contact phone: a confirmation link goes to the new number (CRED-3)' })
  contactPhone(@Param('accountId') id: string, @Body() body: RequestContactChangeDto, @Ctx() ctx: CommandContext) {
    return this.system.contacts.requestContactChange(accountId(id), { kind: 'phone', address: body.address }, ctx);
  }

  @Post('accounts/:accountId/contact-email')
  @RequireScope('security:write')
  @Returns(CONTACT_CHANGE_REQUESTED)
  @HttpCode(202)
  @ApiOperation({ summary: 'Change the contact email: a confirmation link goes to the new address; optionally also the security email (CRED-4)' })
  contactEmail(@Param('accountId') id: string, @Body() body: RequestContactChangeDto, @Ctx() ctx: CommandContext) {
    return this.system.contacts.requestContactChange(accountId(id), { kind: 'email', ...body }, ctx);
  }

  @Post('contact-confirmations')
  @RequireScope('security:write')
  @Returns(CONTACT_CONFIRMED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a contact phone or email by the token of its link' })
  confirm(@Body() body: ConfirmContactChangeDto, @Ctx() ctx: CommandContext) {
    return this.system.contacts.confirmContactChange(body, ctx);
  }
}
