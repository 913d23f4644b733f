import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from '@acc/accounts-domain';
import { ProviderAssertionDto, VerifiedRequestDto } from '../accounts/dto';

const DEVICE_ID = /^[A-Za-z0-9._:-]+$/;

/** What every login may add: the browser/device id (for "trust this device", SEC-4). */
class LoginOptionsDto {
  @ApiPropertyOptional({ description: 'stable id of the browser or device (e.g. a cookie value); only a keyed hash is kept', maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(8, 128)
  @Matches(DEVICE_ID, { message: 'deviceId must be letters, digits, ".", "_", ":" or "-"' })
  deviceId?: string;

  @ApiPropertyOptional({ description: 'trust this device for 7 days once login protection is passed (SEC-4)' })
  @IsOptional()
  @IsBoolean()
  trustDevice?: boolean;
}

export class PasswordLoginDto extends LoginOptionsDto {
  @ApiProperty({ maxLength: 254, example: 'alice@example.com' })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ maxLength: 128 })
  @IsString()
  @Length(1, 128)
  password!: string;
}

export class ProviderLoginDto extends IntersectionType(LoginOptionsDto, ProviderAssertionDto) {
  @ApiPropertyOptional({ description: 'the account to log in to, when the identity logs in to several' })
  @IsOptional()
  @IsString()
  @Matches(/^[1-9]\d{11}$/, { message: 'accountId must be a 12-digit UIN' })
  accountId?: string;
}

export class AnswerLoginChallengeDto {
  @ApiPropertyOptional({ description: '6-digit MFA, SMS or email code', example: '123456' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ description: 'WeChat scan: the gateway assertion of the scanning WeChat', maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  assertion?: string;

  @ApiPropertyOptional({ enum: ['mfa', 'sms', 'email', 'wechat_scan'], description: 'an identity verification may switch to an alternative method (SEC-1)' })
  @IsOptional()
  @IsIn(['mfa', 'sms', 'email', 'wechat_scan'])
  method?: 'mfa' | 'sms' | 'email' | 'wechat_scan';

  @ApiPropertyOptional({ description: 'trust this device for 7 days (SEC-4)' })
  @IsOptional()
  @IsBoolean()
  trustDevice?: boolean;
}

export class SendLoginCodeDto {
  @ApiPropertyOptional({ enum: ['sms', 'email'] })
  @IsOptional()
  @IsIn(['sms', 'email'])
  method?: 'sms' | 'email';
}

export class SessionTokenDto {
  @ApiProperty({ description: 'the session token issued at login', maxLength: 256 })
  @IsString()
  @Length(1, 256)
  sessionToken!: string;
}

export class SessionPolicyDto extends VerifiedRequestDto {
  @ApiProperty({ minimum: SESSION_IDLE_MINUTES.min, maximum: SESSION_IDLE_MINUTES.max, default: SESSION_IDLE_MINUTES.default, description: 'idle timeout in minutes (SEC-8)' })
  @IsInt()
  @Min(SESSION_IDLE_MINUTES.min)
  @Max(SESSION_IDLE_MINUTES.max)
  idleMinutes!: number;

  @ApiProperty({ minimum: SESSION_MAX_HOURS.min, maximum: SESSION_MAX_HOURS.max, default: SESSION_MAX_HOURS.default, description: 'maximum session lifetime in hours (SEC-8)' })
  @IsInt()
  @Min(SESSION_MAX_HOURS.min)
  @Max(SESSION_MAX_HOURS.max)
  maxHours!: number;
}
