import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { INDUSTRIES, VERIFICATION_METHODS } from '@acc/accounts-domain';

const PHONE = /^(\+[1-9]\d{6,14}|1[3-9]\d{9})$/;
const CODE = /^\d{6}$/;

export class RequestCodeDto {
  @ApiProperty({ enum: ['email', 'sms'] })
  @IsIn(['email', 'sms'])
  channel!: 'email' | 'sms';

  @ApiProperty({ description: 'email address or phone number (E.164 or mainland mobile)', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  address!: string;

  @ApiProperty({ enum: ['register', 'complete_registration', 'bind'], description: '`bind`: the code that proves a new login email (LM-1)' })
  @IsIn(['register', 'complete_registration', 'bind'])
  purpose!: 'register' | 'complete_registration' | 'bind';

  @ApiPropertyOptional({ description: 'required for `complete_registration` and `bind`: the account the code is for' })
  @IsOptional()
  @IsString()
  @Matches(/^[1-9]\d{11}$/, { message: 'accountId must be a 12-digit UIN' })
  accountId?: string;
}

export class RegisterByEmailDto {
  @ApiProperty({ maxLength: 254, example: 'alice@example.com' })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ description: '8-20 characters with upper, lower, digit and punctuation (CRED-1)', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  password!: string;

  @ApiProperty({ description: '6-digit code sent to the email', example: '123456' })
  @IsString()
  @Matches(CODE, { message: 'emailCode must be 6 digits' })
  emailCode!: string;

  @ApiPropertyOptional({ maxLength: 32 })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  nickname?: string;

  @ApiPropertyOptional({ enum: INDUSTRIES })
  @IsOptional()
  @IsIn(INDUSTRIES)
  industry?: string;
}

/** A third-party identity as the provider gateway asserts it (REG-1, LM-1, SEC-10). */
export class ProviderAssertionDto {
  @ApiProperty({ enum: ['wechat', 'qq', 'wecom', 'official_account'] })
  @IsIn(['wechat', 'qq', 'wecom', 'official_account'])
  provider!: 'wechat' | 'qq' | 'wecom' | 'official_account';

  @ApiProperty({ description: 'identity assertion signed by the provider gateway (HS256 JWT)', maxLength: 4096 })
  @IsString()
  @MaxLength(4096)
  assertion!: string;
}

export class RegisterByProviderDto extends ProviderAssertionDto {
  @ApiPropertyOptional({ maxLength: 32 })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  nickname?: string;

  @ApiPropertyOptional({ enum: INDUSTRIES })
  @IsOptional()
  @IsIn(INDUSTRIES)
  industry?: string;
}

export class CompleteRegistrationDto {
  @ApiProperty({ example: '+8613800138000' })
  @IsString()
  @Matches(PHONE, { message: 'phone must be E.164 (+8613800138000) or a mainland mobile number' })
  phone!: string;

  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(CODE, { message: 'phoneCode must be 6 digits' })
  phoneCode!: string;

  @ApiPropertyOptional({ maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  contactEmail?: string;

  @ApiProperty({ enum: INDUSTRIES })
  @IsIn(INDUSTRIES)
  industry!: string;
}

export class ChangeNicknameDto {
  @ApiProperty({ maxLength: 32 })
  @IsString()
  @Length(1, 32)
  nickname!: string;
}

export class ChangeIndustryDto {
  @ApiProperty({ enum: INDUSTRIES })
  @IsIn(INDUSTRIES)
  industry!: string;
}

const TOKEN = { description: 'token from POST /v1/accounts/{id}/identity-verifications/confirm (SEC-1)', maxLength: 128 };

export class StartIdentityVerificationDto {
  @ApiPropertyOptional({ enum: ['sms', 'mfa', 'wechat_scan', 'email'], description: 'switch to an alternative method; default: security phone, else MFA, else WeChat scan, else the security email' })
  @IsOptional()
  @IsIn(['sms', 'mfa', 'wechat_scan', 'email'])
  method?: 'sms' | 'mfa' | 'wechat_scan' | 'email';
}

export class ConfirmIdentityVerificationDto extends StartIdentityVerificationDto {
  @ApiPropertyOptional({ example: '123456', description: 'the code (sms, email, mfa)' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ description: 'wechat_scan: the challengeId returned at start, once the gateway confirmed the scan', maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  challengeId?: string;
}

export class ConfirmWeChatScanDto {
  @ApiProperty({ maxLength: 128 })
  @IsString()
  @Length(1, 128)
  challengeId!: string;

  @ApiProperty({ description: 'WeChat identity assertion of who scanned, signed by the provider gateway', maxLength: 4096 })
  @IsString()
  @MaxLength(4096)
  assertion!: string;
}

/** LM-6: an Official Account grant as the provider gateway asserts it (a revocation notice, or a fresh grant). */
export class OfficialAccountGrantDto {
  @ApiProperty({ description: 'Official Account assertion signed by the provider gateway (HS256 JWT, provider `official_account`)', maxLength: 4096 })
  @IsString()
  @MaxLength(4096)
  assertion!: string;
}

export class VerifiedRequestDto {
  @ApiProperty(TOKEN)
  @IsString()
  @Length(1, 128)
  verificationToken!: string;
}

export class BindProviderDto extends IntersectionType(VerifiedRequestDto, ProviderAssertionDto) {}

export class BindEmailDto extends VerifiedRequestDto {
  @ApiProperty({ maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ description: '8-20 characters with upper, lower, digit and punctuation (CRED-1)', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  password!: string;

  @ApiProperty({ description: 'code sent with purpose `bind` to the new email' })
  @IsString()
  @Matches(CODE, { message: 'emailCode must be 6 digits' })
  emailCode!: string;

  @ApiPropertyOptional({ description: 'also make the login email the security email (CRED-4)' })
  @IsOptional()
  @IsBoolean()
  syncSecurityEmail?: boolean;

  @ApiPropertyOptional({ description: 'also make the login email the contact email (CRED-4)' })
  @IsOptional()
  @IsBoolean()
  syncContactEmail?: boolean;
}

export class SetProtectionDto extends VerifiedRequestDto {
  @ApiProperty({ enum: VERIFICATION_METHODS })
  @IsIn(VERIFICATION_METHODS)
  method!: (typeof VERIFICATION_METHODS)[number];

  @ApiPropertyOptional({ description: 'remote-login protection only: the switch' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
