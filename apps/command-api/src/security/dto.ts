import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
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
