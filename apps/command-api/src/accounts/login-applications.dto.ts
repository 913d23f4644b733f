import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { dateTime, nullable, object, str } from '../http/openapi-responses';

export class StartLoginApplicationDto {
  @ApiPropertyOptional({ description: 'the account id (UIN); or `loginEmail`', example: '100000000001' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  accountId?: string;

  @ApiPropertyOptional({ description: 'the account’s (lost) login email', maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  loginEmail?: string;

  @ApiProperty({ description: 'the personal subject’s name', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name!: string;

  @ApiProperty({ description: 'the personal subject’s ID number', maxLength: 18 })
  @IsString()
  @Matches(/^\d{17}[\dXx]$/, { message: 'idNumber must be 18 characters' })
  idNumber!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(200)
  reason!: string;

  @ApiProperty({ description: 'E.164; hears of the application by SMS', example: '+8613800138000', maxLength: 20 })
  @IsString()
  @MaxLength(20)
  contactPhone!: string;
}

export class LoginApplicationCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class LoginApplicationCredentialsDto {
  @ApiProperty({ description: 'the new login email (used by no account)', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ description: '8-20 characters with upper, lower, digit and punctuation (CRED-1)', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  password!: string;

  @ApiPropertyOptional({ description: 'on approval, the contact phone becomes the security phone and login and operation protection use its SMS code' })
  @IsOptional()
  @IsBoolean()
  protectWithContactPhone?: boolean;
}

export class LoginApplicationFaceDto {
  @ApiProperty({ description: 'the face gateway’s signed verdict naming the application' })
  @IsString()
  @MaxLength(4096)
  assertion!: string;
}

const applicationId = str({ pattern: '^la_[a-z2-9]{26}$' });
const next = str({ enum: ['contact_phone_code', 'confirm_contact_phone', 'credentials', 'face_verification', 'review', 'failed'] });
const reviewCase = object({ caseCode: str(), dueAt: dateTime });
export const LOGIN_APPLICATION_STEP = object({ applicationId, next }, { token: str({ description: 'at the start only: reads the progress' }), reviewCase }, 'LoginApplicationStep');
export const LOGIN_APPLICATION_PROGRESS = object(
  {
    applicationId,
    status: str({ enum: ['awaiting_code', 'contact_confirmed', 'awaiting_face', 'under_review', 'approved', 'completed', 'approval_failed', 'rejected', 'failed'] }),
    reviewCase: nullable(reviewCase),
    loginEmail: nullable(str({ description: 'masked' })),
    failure: nullable(str({ description: 'why an approval did not take effect, e.g. LOGIN_EMAIL_TAKEN' })),
  },
  {},
  'LoginApplicationProgress',
);
