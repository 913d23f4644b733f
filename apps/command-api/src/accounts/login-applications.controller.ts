import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { Ctx } from '../http/command-context.decorator';
import { Returns } from '../http/openapi-responses';
import { RequireScope } from '../http/scopes';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { LOGIN_APPLICATION_PROGRESS, LOGIN_APPLICATION_STEP, LoginApplicationCodeDto, LoginApplicationCredentialsDto, LoginApplicationFaceDto, StartLoginApplicationDto } from './login-applications.dto';

const SAME = 'The answer is the same whether or not the account exists and its subject matches.';
const STEP = '404 `LOGIN_APPLICATION_NOT_FOUND`; 422 `LOGIN_APPLICATION_EXPIRED`, `LOGIN_APPLICATION_STEP_OUT_OF_ORDER`';

/** REC-3 login application (申请登录): the account center's pages for people who cannot log in (scope `recovery`). */
@ApiTags('account recovery')
@ApiBearerAuth()
@Controller('v1/login-applications')
export class LoginApplicationsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Post()
  @RequireScope('recovery')
  @Returns(LOGIN_APPLICATION_STEP)
  @HttpCode(202)
  @ApiOperation({ summary: 'Apply to log in: the account (id or login email), the personal subject, a reason, a contact phone', description: `${SAME} Refusals: 400 \`INVALID_PHONE\`, \`LOGIN_APPLICATION_REASON_REQUIRED\`.` })
  start(@Body() body: StartLoginApplicationDto, @Ctx() ctx: CommandContext) {
    return this.system.loginApplications.start(body, ctx);
  }

  @Post(':applicationId/contact-phone-code')
  @RequireScope('recovery')
  @Returns(LOGIN_APPLICATION_STEP)
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a code to the contact phone', description: `Refusals: ${STEP}.` })
  sendCode(@Param('applicationId') id: string, @Ctx() ctx: CommandContext) {
    return this.system.loginApplications.sendContactCode(id, ctx);
  }

  @Post(':applicationId/contact-phone-code/confirm')
  @RequireScope('recovery')
  @Returns(LOGIN_APPLICATION_STEP)
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the contact phone by its code', description: `Refusals: 422 \`LOGIN_APPLICATION_CODE_MISMATCH\`, \`LOGIN_APPLICATION_CODE_EXPIRED\`, \`LOGIN_APPLICATION_CODE_ATTEMPTS_EXCEEDED\`, \`LOGIN_APPLICATION_CODE_NOT_SENT\`; ${STEP}.` })
  confirmCode(@Param('applicationId') id: string, @Body() body: LoginApplicationCodeDto, @Ctx() ctx: CommandContext) {
    return this.system.loginApplications.confirmContactCode(id, body.code, ctx);
  }

  @Post(':applicationId/credentials')
  @RequireScope('recovery')
  @Returns(LOGIN_APPLICATION_STEP)
  @HttpCode(200)
  @ApiOperation({ summary: 'The new login email and password; optionally the contact phone as new security phone (all in effect after approval only)', description: `Refusals: 400 \`INVALID_EMAIL\`, the password policy’s; 409 \`LOGIN_EMAIL_TAKEN\`; ${STEP}.` })
  credentials(@Param('applicationId') id: string, @Body() body: LoginApplicationCredentialsDto, @Ctx() ctx: CommandContext) {
    return this.system.loginApplications.setCredentials(id, body, ctx);
  }

  @Post(':applicationId/face-verification')
  @RequireScope('recovery')
  @Returns(LOGIN_APPLICATION_STEP)
  @HttpCode(200)
  @ApiOperation({ summary: 'The face gateway’s verdict of the personal subject: a review case opens, or the application fails', description: `Refusals: 401 \`INVALID_FACE_ASSERTION\`; 400 \`LOGIN_APPLICATION_FACE_SUBJECT\`; ${STEP}.` })
  face(@Param('applicationId') id: string, @Body() body: LoginApplicationFaceDto, @Ctx() ctx: CommandContext) {
    return this.system.loginApplications.verifyFace(id, body.assertion, ctx);
  }

  @Get(':applicationId')
  @RequireScope('recovery')
  @Returns(LOGIN_APPLICATION_PROGRESS)
  @ApiHeader({ name: 'x-application-token', required: true, description: 'the token handed out at the start' })
  @ApiOperation({ summary: 'The application’s progress. 404 `LOGIN_APPLICATION_NOT_FOUND` (also for a wrong token)' })
  progress(@Param('applicationId') id: string, @Headers('x-application-token') token: string | undefined) {
    return this.system.loginApplications.progress(id, token ?? '');
  }
}
