import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@acc/application';
import { domainError, DomainErrorException } from '@acc/kernel';
import { Ctx } from '../http/command-context.decorator';
import { SYSTEM } from '../tokens';
import type { System } from '../system';
import { AuthorizeOperationDto, ChangePasswordDto, CompletePasswordResetDto, MfaCodeDto, RequestPasswordResetDto } from './dto';
import { accountId } from '../http/params';
import { RequireScope } from '../http/scopes';
import { Returns } from '../http/openapi-responses';
import { CATALOGUE, OPERATION_DECISION, OPERATION_VERIFICATION_STARTED, OPERATION_VERIFIED, PASSWORD_CHANGED, RESET_REQUESTED, SECURITY_VIEW } from './responses';


/** Passwords (CRED-1, CRED-2), operation protection (SEC-5, SEC-6) and the security view. */
@ApiTags('security settings')
@ApiBearerAuth()
@Controller('v1')
export class SecuritySettingsController {
  constructor(@Inject(SYSTEM) private readonly system: System) {}

  @Put('accounts/:accountId/password')
  @RequireScope('security:write')
  @Returns(PASSWORD_CHANGED)
  @ApiOperation({ summary: 'Change the password: the old one is required; not one of the last 3 (CRED-1)' })
  changePassword(@Param('accountId') id: string, @Body() body: ChangePasswordDto, @Ctx() ctx: CommandContext) {
    return this.system.securitySettings.changePassword(accountId(id), body, ctx);
  }

  @Post('password-resets')
  @RequireScope('login')
  @Returns(RESET_REQUESTED)
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a single-use reset link to the login email; the answer never tells whether the email has an account (CRED-2)' })
  requestReset(@Body() body: RequestPasswordResetDto, @Ctx() ctx: CommandContext) {
    return this.system.securitySettings.requestPasswordReset(body, ctx);
  }

  @Post('password-resets/confirm')
  @RequireScope('login')
  @Returns(PASSWORD_CHANGED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reset the password with the emailed token and an identity verification of the account (CRED-2)' })
  completeReset(@Body() body: CompletePasswordResetDto, @Ctx() ctx: CommandContext) {
    return this.system.securitySettings.completePasswordReset(body, ctx);
  }

  @Get('accounts/:accountId/security')
  @RequireScope('accounts:read')
  @Returns(SECURITY_VIEW)
  @ApiOperation({ summary: 'Security settings page: MFA, masked security phone/email, password age, protections, session policy' })
  view(@Param('accountId') id: string) {
    return this.system.securitySettings.view(accountId(id));
  }

  @Post('accounts/:accountId/sensitive-operations/authorize')
  @RequireScope('operations:authorize')
  @Returns(OPERATION_DECISION)
  @HttpCode(200)
  @ApiOperation({ summary: 'AuthorizeSensitiveOperation: allowed / verification-required / denied (SEC-5, SEC-6)' })
  authorize(@Param('accountId') id: string, @Body() body: AuthorizeOperationDto) {
    return this.system.securitySettings.authorizeOperation(accountId(id), body.product, body.operation);
  }

  @Post('accounts/:accountId/operation-verifications')
  @RequireScope('operations:authorize')
  @Returns(OPERATION_VERIFICATION_STARTED)
  @HttpCode(202)
  @ApiOperation({ summary: 'Start an operation verification by SMS (MFA needs no start)' })
  startOperationVerification(@Param('accountId') id: string, @Ctx() ctx: CommandContext) {
    return this.system.securitySettings.startOperationVerification(accountId(id), ctx);
  }

  @Post('accounts/:accountId/operation-verifications/confirm')
  @RequireScope('operations:authorize')
  @Returns(OPERATION_VERIFIED)
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify for sensitive operations: covers them for 30 minutes (SEC-5)' })
  confirmOperationVerification(@Param('accountId') id: string, @Body() body: MfaCodeDto, @Ctx() ctx: CommandContext) {
    return this.system.securitySettings.verifyOperation(accountId(id), body, ctx);
  }

  @Get('sensitive-operations')
  @RequireScope('accounts:read')
  @Returns(CATALOGUE)
  @ApiOperation({ summary: 'The catalogue of protected operations, grouped by product (SEC-6)' })
  @ApiQuery({ name: 'product', required: false, description: 'a product id; otherwise 400 INVALID_QUERY', schema: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } })
  @ApiQuery({ name: 'category', required: false, description: 'a category id; otherwise 400 INVALID_QUERY', schema: { type: 'string', pattern: '^[a-z-]{1,32}$' } })
  catalogue(@Query('product') product?: string, @Query('category') category?: string) {
    if ((product !== undefined && !/^[a-z0-9-]{1,64}$/.test(product)) || (category !== undefined && !/^[a-z-]{1,32}$/.test(category))) {
      throw new DomainErrorException(domainError('validation', 'INVALID_QUERY', 'product and category are catalogue ids'));
    }
    return this.system.catalogue.describe({ productId: product, category });
  }
}
