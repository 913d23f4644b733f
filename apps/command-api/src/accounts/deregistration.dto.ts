import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, Equals, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEREGISTRATION_REASONS, OTHER_REASON_MAX_LENGTH, RESOURCE_KINDS } from '@acc/accounts-domain';

const TOKEN = { description: 'the token of a successful identity verification (POST /v1/accounts/{id}/identity-verifications/confirm)', maxLength: 256 };
const RESOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export class RequestDeregistrationDto {
  @ApiProperty({ enum: DEREGISTRATION_REASONS, isArray: true, minItems: 1, maxItems: DEREGISTRATION_REASONS.length })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DEREGISTRATION_REASONS.length)
  @ArrayUnique()
  @IsIn(DEREGISTRATION_REASONS, { each: true })
  reasons!: (typeof DEREGISTRATION_REASONS)[number][];

  @ApiPropertyOptional({ description: 'with the reason `other`: in the user’s words (personal data)', maxLength: OTHER_REASON_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(OTHER_REASON_MAX_LENGTH)
  otherReason?: string;

  @ApiProperty({ description: 'the user read and accepted the deregistration conditions; must be true', enum: [true] })
  @IsBoolean()
  @Equals(true)
  acknowledgedConditions!: boolean;

  @ApiProperty(TOKEN)
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  verificationToken!: string;
}

export class AbandonResourcesDto {
  @ApiProperty({ description: 'ids of abandonable resources (vouchers, credits) to give up', type: [String], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(RESOURCE_ID, { each: true })
  resourceIds!: string[];
}

export class FaceVerificationDto {
  @ApiProperty({ description: 'HS256 JWT signed by the face-verification gateway (ACC_FACE_GATEWAY_SECRET) for this account', maxLength: 8192 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  assertion!: string;
}

export class ConfirmDeregistrationDto {
  @ApiProperty({ ...TOKEN, description: 'unverified accounts: a fresh identity verification of the account’s security factors' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  verificationToken!: string;
}

export class RejectReviewDto {
  @ApiPropertyOptional({ description: 'why (required by the review case; personal data)', maxLength: OTHER_REASON_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(OTHER_REASON_MAX_LENGTH)
  reason?: string;
}

export class ReviewListQueryDto {
  @ApiPropertyOptional({ description: '`true`: only open cases past their due time', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;

  @ApiPropertyOptional({ enum: ['open', 'approved', 'rejected', 'revoked'] })
  @IsOptional()
  @IsIn(['open', 'approved', 'rejected', 'revoked'])
  status?: 'open' | 'approved' | 'rejected' | 'revoked';
}

export class PutPlatformResourceDto {
  @ApiProperty({ enum: RESOURCE_KINDS, description: 'sub_user, api_key and unfinished_order must be cleared; voucher and credit may be abandoned' })
  @IsIn(RESOURCE_KINDS)
  kind!: (typeof RESOURCE_KINDS)[number];

  @ApiProperty({ description: 'how the platform names it (may be personal data, e.g. a sub-user’s name)', maxLength: 128 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name!: string;

  @ApiPropertyOptional({ description: 'postpaid usage not billed yet: the request then cools off (DEREG-3)' })
  @IsOptional()
  @IsBoolean()
  unsettledPostpaid?: boolean;
}

export const isResourceId = (value: string) => RESOURCE_ID.test(value);
