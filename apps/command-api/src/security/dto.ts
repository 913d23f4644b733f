import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { VerifiedRequestDto } from '../accounts/dto';

const CODE = /^\d{6}$/;

export class MfaCodeDto {
  @ApiProperty({ description: 'current 6-digit code of the device', example: '123456' })
  @IsString()
  @Matches(CODE, { message: 'code must be 6 digits' })
  code!: string;
}

export class ConfirmVirtualMfaDto extends MfaCodeDto {
  @ApiPropertyOptional({ description: 'use MFA for login protection (SEC-4)' })
  @IsOptional()
  @IsBoolean()
  loginProtection?: boolean;

  @ApiPropertyOptional({ description: 'use MFA for operation protection (SEC-5)' })
  @IsOptional()
  @IsBoolean()
  operationProtection?: boolean;
}

export class BindHardwareMfaDto extends VerifiedRequestDto {
  @ApiProperty({ description: 'serial number on the back of the device', maxLength: 64 })
  @IsString()
  @Length(4, 64)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'serial must be letters, digits and dashes' })
  serial!: string;

  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(CODE, { message: 'code must be 6 digits' })
  code!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  loginProtection?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  operationProtection?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 64 })
  @IsString()
  @Length(1, 64)
  oldPassword!: string;

  @ApiProperty({ description: '8-20 characters with upper, lower, digit and punctuation; not one of the last 3 (CRED-1)', maxLength: 64 })
  @IsString()
  @Length(1, 64)
  newPassword!: string;

  @ApiPropertyOptional({ description: 'the session token of the session making the change: it stays, every other session of the account ends', maxLength: 256 })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  sessionToken?: string;
}

export class RequestPasswordResetDto {
  @ApiProperty({ maxLength: 254 })
  @IsString()
  @Length(3, 254)
  email!: string;
}

export class CompletePasswordResetDto extends VerifiedRequestDto {
  @ApiProperty({ description: 'token from the reset email', maxLength: 128 })
  @IsString()
  @Length(1, 128)
  resetToken!: string;

  @ApiProperty({ maxLength: 64 })
  @IsString()
  @Length(1, 64)
  newPassword!: string;
}

export class AuthorizeOperationDto {
  @ApiProperty({ description: 'product id from the catalogue (GET /v1/sensitive-operations)', example: 'cvm', maxLength: 64 })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'product must be a catalogue product id' })
  product!: string;

  @ApiProperty({ description: 'operation id (`<product>.<operation>` or the short form)', maxLength: 128 })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.-]{0,127}$/, { message: 'operation must be a catalogue operation id' })
  operation!: string;
}

const PHONE = /^(\+[1-9]\d{6,14}|1[3-9]\d{9})$/;

export class SendContactCodeDto {
  @ApiProperty({ enum: ['sms', 'email'] })
  @IsIn(['sms', 'email'])
  channel!: 'sms' | 'email';

  @ApiProperty({ description: 'the new security phone or email', maxLength: 254 })
  @IsString()
  @Length(3, 254)
  address!: string;
}

export class ChangeSecurityPhoneDto extends VerifiedRequestDto {
  @ApiProperty({ example: '+8613800138000' })
  @IsString()
  @Matches(PHONE, { message: 'phone must be E.164 or a mainland mobile number' })
  phone!: string;

  @ApiProperty({ description: 'code sent to the new number' })
  @IsString()
  @Matches(CODE, { message: 'code must be 6 digits' })
  code!: string;
}

export class ChangeSecurityEmailDto extends VerifiedRequestDto {
  @ApiProperty({ maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ description: 'code sent to the new email' })
  @IsString()
  @Matches(CODE, { message: 'code must be 6 digits' })
  code!: string;

  @ApiPropertyOptional({ description: 'also make it the contact email (CRED-4)' })
  @IsOptional()
  @IsBoolean()
  syncContactEmail?: boolean;
}

export class RequestContactChangeDto {
  @ApiProperty({ description: 'new contact phone or email', maxLength: 254 })
  @IsString()
  @Length(3, 254)
  address!: string;

  @ApiPropertyOptional({ description: 'contact email only: also make it the security email once confirmed (CRED-4)' })
  @IsOptional()
  @IsBoolean()
  syncSecurityEmail?: boolean;
}

export class ConfirmContactChangeDto {
  @ApiProperty({ description: 'token from the confirmation link', maxLength: 128 })
  @IsString()
  @Length(1, 128)
  token!: string;
}
